package io.scalecrm.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's state and the semantics of every operation. One lock guards everything, so each
 * operation (its uniqueness checks and its writes included) is atomic; latency injected by faults
 * is spent outside it (in {@link SandboxHandler}).
 *
 * <p>Indexes keep every operation the SDK uses cheap with a million entities: lookups by id,
 * naturalId, externalReference and email (case-insensitive) are hash lookups; a licensee's
 * licenses, containers and grants are kept per licensee, a container's consumers per container;
 * {@code listLicensees} and {@code listLicenseConsumers} in the default order (created, then id)
 * page through a {@link RankedSet} in O(log n + page size). Other sort orders sort on demand.
 */
final class SandboxStore {

  /** One API call, already routed and authenticated. */
  record Call(
      String operationId,
      Map<String, String> pathParams,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body) {}

  /** An answer: a status and a JSON body (null for none). */
  record Reply(int status, @Nullable JsonNode body) {}

  static final Set<String> LICENSEE_TYPES =
      Set.of("COMPANY", "ORGANIZATION", "PERSON", "UNDEFINED");
  static final Set<String> CONSUMER_TYPES = Set.of("PERSON", "DEVICE", "LICENSE_KEY");

  private static final int MAX_NAME = 255;
  private static final int MAX_TEXT = 4000;
  private static final int MAX_EMAIL = 320;
  private static final int MAX_ID = 255;

  private static final class LicenseeRec {
    UUID id;
    String name;
    @Nullable String displayName;
    @Nullable String description;
    @Nullable String email;
    @Nullable String contactInfo;
    String naturalId;
    @Nullable String externalReference;
    String type;
    Instant created;
    Instant modified;

    LicenseeRec(UUID id, String name, String naturalId, String type, Instant now) {
      this.id = id;
      this.name = name;
      this.naturalId = naturalId;
      this.type = type;
      this.created = now;
      this.modified = now;
    }
  }

  private static final class ConsumerRec {
    UUID id;
    String name;
    String type;
    @Nullable String displayName;
    @Nullable String displayLabel;
    @Nullable String description;
    @Nullable String email;
    @Nullable String contactInfo;
    @Nullable String connectedIdentityId;
    @Nullable String externalReference;
    String naturalId;
    @Nullable UUID setupUserLicenseeId;
    Instant created;
    Instant modified;

    ConsumerRec(UUID id, String name, String type, String naturalId, Instant now) {
      this.id = id;
      this.name = name;
      this.type = type;
      this.naturalId = naturalId;
      this.created = now;
      this.modified = now;
    }
  }

  private static final class ContainerRec {
    final UUID id;
    final UUID licenseeId;
    String name;
    boolean usedAsDefault;
    final Instant created;
    Instant modified;

    ContainerRec(UUID id, UUID licenseeId, String name, boolean usedAsDefault, Instant now) {
      this.id = id;
      this.licenseeId = licenseeId;
      this.name = name;
      this.usedAsDefault = usedAsDefault;
      this.created = now;
      this.modified = now;
    }
  }

  private record Feature(UUID id, String name) {}

  private static final class LicenseRec {
    UUID id;
    UUID licenseeId;
    UUID containerId;
    SandboxProduct product;
    int qty;
    Instant validFrom;
    @Nullable Instant validUntil;
    @Nullable String orderReference;
    @Nullable String productReference;
    @Nullable String subscriptionReference;
    @Nullable String contractReference;
    List<Feature> features;
    UUID productConfigInfoId;
    Instant created;
    Instant modified;

    LicenseRec(UUID id, UUID licenseeId, UUID containerId, SandboxProduct product, Instant now) {
      this.id = id;
      this.licenseeId = licenseeId;
      this.containerId = containerId;
      this.product = product;
      this.validFrom = now;
      this.features = List.of();
      this.productConfigInfoId = UUID.randomUUID();
      this.created = now;
      this.modified = now;
    }
  }

  private record Grant(UUID licenseeId, UUID containerId, UUID consumerId) {}

  private final Object lock = new Object();
  private final Clock clock;
  private final ObjectMapper mapper;

  // all guarded by lock
  private final Map<UUID, SandboxProduct> products = new LinkedHashMap<>();
  private final Map<String, Instant> productSeeded = new LinkedHashMap<>();

  private final Map<UUID, LicenseeRec> licensees = new HashMap<>();
  private final RankedSet<LicenseeRec> licenseesByCreated =
      new RankedSet<>(Comparator.comparing((LicenseeRec x) -> x.created).thenComparing(x -> x.id));
  private final Map<String, LicenseeRec> licenseeByNaturalId = new HashMap<>();
  private final Map<String, LicenseeRec> licenseeByExternalReference = new HashMap<>();
  private final Map<String, LicenseeRec> licenseeByEmail = new HashMap<>();

  private final Map<UUID, ConsumerRec> consumers = new HashMap<>();
  private final RankedSet<ConsumerRec> consumersByCreated =
      new RankedSet<>(Comparator.comparing((ConsumerRec x) -> x.created).thenComparing(x -> x.id));
  private final Map<String, ConsumerRec> consumerByNaturalId = new HashMap<>();
  private final Map<String, ConsumerRec> consumerByExternalReference = new HashMap<>();
  private final Map<String, ConsumerRec> consumerByEmail = new HashMap<>();

  private final Map<UUID, ContainerRec> containers = new HashMap<>();

  /** Licensee id to its containers, in creation order. */
  private final Map<UUID, Map<UUID, ContainerRec>> containersOf = new HashMap<>();

  private final Map<UUID, LicenseRec> licenses = new HashMap<>();

  /** Licensee id to its licenses, in issue order. */
  private final Map<UUID, Map<UUID, LicenseRec>> licensesOf = new HashMap<>();

  private final Set<Grant> grants = new LinkedHashSet<>();

  /** Container id to the consumers with access to it, in grant order. */
  private final Map<UUID, Set<UUID>> grantsOfContainer = new HashMap<>();

  /** Consumer id to the containers it has access to. */
  private final Map<UUID, Set<UUID>> grantsOfConsumer = new HashMap<>();

  SandboxStore(Clock clock, ObjectMapper mapper) {
    this.clock = clock;
    this.mapper = mapper;
  }

  // ---------------------------------------------------------------------------------------------
  // Test-side API

  SandboxProduct seed(SandboxProduct product) {
    synchronized (lock) {
      products.put(product.productConfigId(), product);
      productSeeded.putIfAbsent(product.productName(), now());
      return product;
    }
  }

  void reset() {
    synchronized (lock) {
      licensees.clear();
      licenseesByCreated.clear();
      licenseeByNaturalId.clear();
      licenseeByExternalReference.clear();
      licenseeByEmail.clear();
      consumers.clear();
      consumersByCreated.clear();
      consumerByNaturalId.clear();
      consumerByExternalReference.clear();
      consumerByEmail.clear();
      containers.clear();
      containersOf.clear();
      licenses.clear();
      licensesOf.clear();
      grants.clear();
      grantsOfContainer.clear();
      grantsOfConsumer.clear();
    }
  }

  SandboxSnapshot snapshot() {
    synchronized (lock) {
      List<SandboxSnapshot.SnapLicensee> ls = new ArrayList<>();
      for (LicenseeRec l : sorted(licensees.values(), l -> l.created, l -> l.id)) {
        ls.add(
            new SandboxSnapshot.SnapLicensee(
                l.id,
                l.name,
                l.displayName,
                l.description,
                l.email,
                l.contactInfo,
                l.naturalId,
                l.externalReference,
                l.type,
                l.created,
                l.modified));
      }
      List<SandboxSnapshot.SnapConsumer> cs = new ArrayList<>();
      for (ConsumerRec c : sorted(consumers.values(), c -> c.created, c -> c.id)) {
        cs.add(
            new SandboxSnapshot.SnapConsumer(
                c.id,
                c.name,
                c.type,
                c.displayName,
                c.displayLabel,
                c.description,
                c.email,
                c.contactInfo,
                c.connectedIdentityId,
                c.externalReference,
                c.naturalId,
                c.setupUserLicenseeId,
                c.created,
                c.modified));
      }
      List<SandboxSnapshot.SnapGrant> gs = new ArrayList<>();
      for (Grant g : grants) {
        gs.add(new SandboxSnapshot.SnapGrant(g.licenseeId(), g.containerId(), g.consumerId()));
      }
      List<SandboxSnapshot.SnapLicense> lics = new ArrayList<>();
      for (LicenseRec l : sorted(licenses.values(), l -> l.created, l -> l.id)) {
        lics.add(
            new SandboxSnapshot.SnapLicense(
                l.id,
                l.licenseeId,
                l.containerId,
                l.product.productConfigId(),
                l.product.productName(),
                l.qty,
                l.product.qtyDimension(),
                l.product.features(),
                l.validFrom,
                l.validUntil,
                l.orderReference,
                l.productReference,
                l.subscriptionReference,
                l.contractReference,
                l.created,
                l.modified));
      }
      List<SandboxSnapshot.SnapContainer> cons = new ArrayList<>();
      for (ContainerRec c : sorted(containers.values(), c -> c.created, c -> c.id)) {
        cons.add(
            new SandboxSnapshot.SnapContainer(
                c.id, c.licenseeId, c.name, c.usedAsDefault, c.created));
      }
      return new SandboxSnapshot(ls, cs, gs, lics, cons);
    }
  }

  private static <T> List<T> sorted(
      java.util.Collection<T> items, Function<T, Instant> created, Function<T, UUID> id) {
    List<T> list = new ArrayList<>(items);
    list.sort(Comparator.comparing(created).thenComparing(id));
    return list;
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch

  Reply handle(Call call) {
    synchronized (lock) {
      return dispatch(call);
    }
  }

  private Reply dispatch(Call c) {
    switch (c.operationId()) {
      case "listLicensees":
        return ok(
            page(
                licensees.values(),
                licenseesByCreated,
                c,
                licenseeOrder(),
                l -> l.id,
                this::licenseeJson));
      case "findLicenseeByEmail":
        return findLicenseeByEmail(c);
      case "findLicenseeByNaturalId":
        return findLicenseeByNaturalId(c);
      case "setupOrganization":
        return setupLicensee(c, false);
      case "setupUser":
        return setupLicensee(c, true);
      case "getLicensee":
        return ok(licenseeJson(licensee(c)));
      case "updateLicensee":
        return updateLicensee(c);
      case "deleteLicensee":
        return deleteLicensee(c);
      case "listLicenseConsumers":
        return ok(
            page(
                consumers.values(),
                consumersByCreated,
                c,
                consumerOrder(),
                x -> x.id,
                this::consumerJson));
      case "createLicenseConsumer":
        return createConsumer(c);
      case "findLicenseConsumerByEmail":
        return findConsumerByEmail(c);
      case "findLicenseConsumerByExternalReference":
        return findConsumerByExternalReference(c);
      case "getLicenseConsumer":
        return ok(consumerJson(consumer(c)));
      case "updateLicenseConsumer":
        return updateConsumer(c);
      case "deleteLicenseConsumer":
        return deleteConsumer(c);
      case "listLicenseeLicenseConsumers":
        return listConsumersWithAccess(c, false);
      case "listLicenseContainers":
        return listContainers(c);
      case "getLicenseContainer":
        return getContainer(c);
      case "listDefaultContainerLicenseConsumers":
        return listConsumersWithAccess(c, true);
      case "grantAccessToDefaultContainer":
        return changeAccess(c, true, true);
      case "listLicenses":
        return listLicenses(c);
      case "getLicense":
        return getLicense(c);
      case "deleteLicense":
        return deleteLicense(c);
      case "grantLicensesByProductConfig":
        return grantLicenses(c);
      case "revokeLicenses":
        return revokeLicenses(c);
      case "deleteUser":
        return deleteUser(c);
      case "describeLicenseConsumerLicensees":
        return describeConsumerLicensees(c);
      case "createLicenseContainer":
        return createContainer(c);
      case "updateLicenseContainer":
        return updateContainer(c);
      case "deleteLicenseContainer":
        return deleteContainer(c);
      case "listLicenseContainerLicenseConsumers":
        return listContainerConsumers(c);
      case "grantAccessToLicenseContainer":
        return changeAccess(c, false, true);
      case "revokeAccessToDefaultContainer":
        return changeAccess(c, true, false);
      case "revokeAccessToLicenseContainer":
        return changeAccess(c, false, false);
      case "editLicenseValidity":
        return editValidity(c);
      case "listProducts":
        return listProducts(c);
      default:
        throw new IllegalStateException("No implementation for " + c.operationId());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Licensees

  private Reply findLicenseeByEmail(Call c) {
    String email = queryText(c, "email", 3, MAX_EMAIL);
    LicenseeRec l = licenseeByEmail.get(emailKey(email));
    if (l != null) {
      return ok(licenseeJson(l));
    }
    throw ApiError.notFound("No licensee has this email");
  }

  /** The licensees to whose containers a consumer has access, each once, oldest first. */
  private Reply describeConsumerLicensees(Call c) {
    String raw = queryText(c, "licenseConsumerId", 1, 64);
    UUID consumerId = JsonBody.parseUuid("licenseConsumerId", raw);
    if (!consumers.containsKey(consumerId)) {
      throw ApiError.notFound("No license consumer has the id " + consumerId);
    }
    Set<UUID> licenseeIds = new LinkedHashSet<>();
    for (UUID containerId : grantsOfConsumer.getOrDefault(consumerId, Set.of())) {
      ContainerRec container = containers.get(containerId);
      if (container != null) {
        licenseeIds.add(container.licenseeId);
      }
    }
    ArrayNode out = mapper.createArrayNode();
    for (LicenseeRec l :
        sorted(
            licenseeIds.stream().map(licensees::get).filter(Objects::nonNull).toList(),
            l -> l.created,
            l -> l.id)) {
      out.add(licenseeJson(l));
    }
    return ok(out);
  }

  private Reply findLicenseeByNaturalId(Call c) {
    String naturalId = queryText(c, "naturalId", 1, MAX_ID);
    LicenseeRec l = licenseeByNaturalId.get(naturalId);
    if (l != null) {
      return ok(licenseeJson(l));
    }
    throw ApiError.notFound("No licensee has this naturalId");
  }

  /** setup-organization, or setup-user ({@code person}) with its PERSON consumer. */
  private Reply setupLicensee(Call c, boolean person) {
    JsonBody body = JsonBody.parse(mapper, c.body());
    Instant now = now();
    LicenseeRec l = new LicenseeRec(UUID.randomUUID(), "", "", "ORGANIZATION", now);
    readLicenseeFields(body, l);
    String type = body.enumValue("type", LICENSEE_TYPES);
    l.type = person ? "PERSON" : type != null ? type : "ORGANIZATION";
    String connectedIdentityId = person ? body.string("connectedIdentityId", MAX_ID) : null;
    checkLicenseeUnique(l);
    ConsumerRec consumer = null;
    if (person) {
      consumer = new ConsumerRec(UUID.randomUUID(), l.name, "PERSON", newNaturalId(), now);
      consumer.email = l.email;
      consumer.externalReference = l.externalReference;
      consumer.connectedIdentityId = connectedIdentityId;
      consumer.setupUserLicenseeId = l.id;
      // the licensee's email was checked above; its own consumer shares it by design
      checkConsumerExternalReference(consumer);
    }
    indexLicensee(l);
    ContainerRec container = new ContainerRec(UUID.randomUUID(), l.id, "default", true, now);
    addContainer(container);
    if (consumer != null) {
      indexConsumer(consumer);
      addGrant(l.id, container.id, consumer.id);
    }
    return new Reply(201, licenseeJson(l));
  }

  private Reply updateLicensee(Call c) {
    LicenseeRec existing = licensee(c);
    JsonBody body = JsonBody.parse(mapper, c.body());
    LicenseeRec l = new LicenseeRec(existing.id, "", "", existing.type, existing.created);
    readLicenseeFields(body, l);
    checkLicenseeUnique(l);
    unindexLicenseeKeys(existing);
    existing.name = l.name;
    existing.displayName = l.displayName;
    existing.description = l.description;
    existing.email = l.email;
    existing.contactInfo = l.contactInfo;
    existing.naturalId = l.naturalId;
    existing.externalReference = l.externalReference;
    existing.modified = now();
    indexLicenseeKeys(existing);
    return ok(licenseeJson(existing));
  }

  /** Full replacement: every writable field from the body, absent ones cleared. */
  private void readLicenseeFields(JsonBody body, LicenseeRec l) {
    l.name = body.requiredString("name", MAX_NAME);
    l.displayName = body.string("displayName", MAX_NAME);
    l.description = body.string("description", MAX_TEXT);
    l.email = body.string("email", MAX_EMAIL);
    l.contactInfo = body.string("contactInfo", MAX_TEXT);
    String naturalId = body.string("naturalId", MAX_ID);
    l.naturalId = naturalId != null ? naturalId : newNaturalId();
    l.externalReference = body.string("externalReference", MAX_ID);
    body.enumValue("type", LICENSEE_TYPES); // validated; ignored on update
  }

  /** DELETE /licensees/{id}: B2B only; cascades to containers, licenses and grants. */
  private Reply deleteLicensee(Call c) {
    LicenseeRec l = licensee(c);
    if ("PERSON".equals(l.type)) {
      throw ApiError.badRequest(
          "The licensee is a person (B2C): delete it with DELETE /licensees/actions/delete-user");
    }
    removeLicensee(l);
    return new Reply(204, null);
  }

  /**
   * delete-user: a PERSON licensee with its containers, licenses and grants, and its PERSON
   * consumer (the one with the licensee's email).
   */
  private Reply deleteUser(Call c) {
    String raw = c.query().get("licenseeId");
    if (raw == null || raw.isEmpty()) {
      throw ApiError.badRequest("Query parameter 'licenseeId' is required");
    }
    UUID id = JsonBody.parseUuid("licenseeId", raw);
    LicenseeRec l = licensees.get(id);
    if (l == null) {
      throw ApiError.notFound("No licensee has the id " + id);
    }
    if (!"PERSON".equals(l.type)) {
      throw ApiError.badRequest(
          "The licensee is an organization (B2B): delete it with DELETE /licensees/{licenseeId}");
    }
    removeLicensee(l);
    if (l.email != null) {
      ConsumerRec x = consumerByEmail.get(emailKey(l.email));
      if (x != null && "PERSON".equals(x.type)) {
        removeConsumer(x);
      }
    }
    return new Reply(204, null);
  }

  private void removeLicensee(LicenseeRec l) {
    licensees.remove(l.id);
    licenseesByCreated.remove(l);
    unindexLicenseeKeys(l);
    for (ContainerRec x : new ArrayList<>(containersOf(l.id).values())) {
      removeContainer(x);
    }
    containersOf.remove(l.id);
    Map<UUID, LicenseRec> own = licensesOf.remove(l.id);
    if (own != null) {
      licenses.keySet().removeAll(own.keySet());
    }
  }

  private void indexLicensee(LicenseeRec l) {
    licensees.put(l.id, l);
    licenseesByCreated.add(l);
    indexLicenseeKeys(l);
  }

  private void indexLicenseeKeys(LicenseeRec l) {
    licenseeByNaturalId.put(l.naturalId, l);
    if (l.externalReference != null) {
      licenseeByExternalReference.put(l.externalReference, l);
    }
    if (l.email != null) {
      licenseeByEmail.put(emailKey(l.email), l);
    }
  }

  private void unindexLicenseeKeys(LicenseeRec l) {
    licenseeByNaturalId.remove(l.naturalId, l);
    if (l.externalReference != null) {
      licenseeByExternalReference.remove(l.externalReference, l);
    }
    if (l.email != null) {
      licenseeByEmail.remove(emailKey(l.email), l);
    }
  }

  private void checkLicenseeUnique(LicenseeRec l) {
    LicenseeRec other = licenseeByNaturalId.get(l.naturalId);
    if (other != null && !other.id.equals(l.id)) {
      throw ApiError.conflict("Another licensee already has the naturalId '" + l.naturalId + "'");
    }
    other =
        l.externalReference == null ? null : licenseeByExternalReference.get(l.externalReference);
    if (other != null && !other.id.equals(l.id)) {
      throw ApiError.conflict(
          "Another licensee already has the externalReference '" + l.externalReference + "'");
    }
    checkEmailFree(l.email, l.id, null);
  }

  /**
   * Emails are unique across licensees and consumers, case-insensitively. A licensee and the
   * consumer its setup-user created share one email: each is exempt from the check against the
   * other.
   */
  private void checkEmailFree(
      @Nullable String email, @Nullable UUID selfLicensee, @Nullable UUID selfConsumer) {
    if (email == null) {
      return;
    }
    UUID pairedLicensee = null;
    if (selfConsumer != null) {
      ConsumerRec self = consumers.get(selfConsumer);
      pairedLicensee = self == null ? null : self.setupUserLicenseeId;
    }
    // emails are unique within each map, so one lookup per kind finds any clash
    String key = emailKey(email);
    LicenseeRec licensee = licenseeByEmail.get(key);
    if (licensee != null
        && !licensee.id.equals(selfLicensee)
        && !licensee.id.equals(pairedLicensee)) {
      throw ApiError.conflict("The email is already used by a licensee");
    }
    ConsumerRec consumer = consumerByEmail.get(key);
    if (consumer != null
        && !consumer.id.equals(selfConsumer)
        && !(selfLicensee != null && selfLicensee.equals(consumer.setupUserLicenseeId))) {
      throw ApiError.conflict("The email is already used by a license consumer");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Consumers

  private Reply createConsumer(Call c) {
    JsonBody body = JsonBody.parse(mapper, c.body());
    ConsumerRec x = new ConsumerRec(UUID.randomUUID(), "", "PERSON", "", now());
    readConsumerFields(body, x);
    if ("LICENSE_KEY".equals(x.type)) {
      throw ApiError.badRequest("LICENSE_KEY consumers cannot be created directly");
    }
    checkConsumerUnique(x);
    indexConsumer(x);
    return new Reply(201, consumerJson(x));
  }

  private Reply updateConsumer(Call c) {
    ConsumerRec existing = consumer(c);
    JsonBody body = JsonBody.parse(mapper, c.body());
    ConsumerRec x = new ConsumerRec(existing.id, "", "PERSON", "", existing.created);
    readConsumerFields(body, x);
    boolean wasKey = "LICENSE_KEY".equals(existing.type);
    boolean isKey = "LICENSE_KEY".equals(x.type);
    if (wasKey != isKey) {
      throw ApiError.badRequest("A consumer's type cannot change to or from LICENSE_KEY");
    }
    checkConsumerUnique(x);
    unindexConsumerKeys(existing);
    existing.name = x.name;
    existing.type = x.type;
    existing.displayName = x.displayName;
    existing.displayLabel = x.displayLabel;
    existing.description = x.description;
    existing.email = x.email;
    existing.contactInfo = x.contactInfo;
    existing.connectedIdentityId = x.connectedIdentityId;
    existing.externalReference = x.externalReference;
    existing.naturalId = x.naturalId;
    existing.modified = now();
    indexConsumerKeys(existing);
    return ok(consumerJson(existing));
  }

  private void readConsumerFields(JsonBody body, ConsumerRec x) {
    x.name = body.requiredString("name", MAX_NAME);
    String type = body.enumValue("type", CONSUMER_TYPES);
    if (type == null) {
      throw ApiError.badRequest("Field 'type' is required");
    }
    x.type = type;
    x.displayName = body.string("displayName", MAX_NAME);
    x.displayLabel = body.string("displayLabel", MAX_NAME);
    x.description = body.string("description", MAX_TEXT);
    x.email = body.string("email", MAX_EMAIL);
    x.contactInfo = body.string("contactInfo", MAX_TEXT);
    x.connectedIdentityId = body.string("connectedIdentityId", MAX_ID);
    x.externalReference = body.string("externalReference", MAX_ID);
    String naturalId = body.string("naturalId", MAX_ID);
    x.naturalId = naturalId != null ? naturalId : newNaturalId();
  }

  private void checkConsumerUnique(ConsumerRec x) {
    ConsumerRec other = consumerByNaturalId.get(x.naturalId);
    if (other != null && !other.id.equals(x.id)) {
      throw ApiError.conflict(
          "Another license consumer already has the naturalId '" + x.naturalId + "'");
    }
    checkConsumerExternalReference(x);
    checkEmailFree(x.email, null, x.id);
  }

  private void checkConsumerExternalReference(ConsumerRec x) {
    if (x.externalReference == null) {
      return;
    }
    ConsumerRec other = consumerByExternalReference.get(x.externalReference);
    if (other != null && !other.id.equals(x.id)) {
      throw ApiError.conflict(
          "Another license consumer already has the externalReference '"
              + x.externalReference
              + "'");
    }
  }

  private void indexConsumer(ConsumerRec x) {
    consumers.put(x.id, x);
    consumersByCreated.add(x);
    indexConsumerKeys(x);
  }

  private void indexConsumerKeys(ConsumerRec x) {
    consumerByNaturalId.put(x.naturalId, x);
    if (x.externalReference != null) {
      consumerByExternalReference.put(x.externalReference, x);
    }
    if (x.email != null) {
      consumerByEmail.put(emailKey(x.email), x);
    }
  }

  private void unindexConsumerKeys(ConsumerRec x) {
    consumerByNaturalId.remove(x.naturalId, x);
    if (x.externalReference != null) {
      consumerByExternalReference.remove(x.externalReference, x);
    }
    if (x.email != null) {
      consumerByEmail.remove(emailKey(x.email), x);
    }
  }

  private Reply findConsumerByEmail(Call c) {
    String email = queryText(c, "email", 3, MAX_EMAIL);
    ConsumerRec x = consumerByEmail.get(emailKey(email));
    if (x != null) {
      return ok(consumerJson(x));
    }
    throw ApiError.notFound("No license consumer has this email");
  }

  private Reply findConsumerByExternalReference(Call c) {
    String ref = queryText(c, "externalReference", 1, MAX_ID);
    ConsumerRec x = consumerByExternalReference.get(ref);
    if (x != null) {
      return ok(consumerJson(x));
    }
    throw ApiError.notFound("No license consumer has this externalReference");
  }

  /** Deletes the consumer and every access it had. */
  private Reply deleteConsumer(Call c) {
    removeConsumer(consumer(c));
    return new Reply(204, null);
  }

  private void removeConsumer(ConsumerRec x) {
    consumers.remove(x.id);
    consumersByCreated.remove(x);
    unindexConsumerKeys(x);
    Set<UUID> access = grantsOfConsumer.remove(x.id);
    if (access != null) {
      for (UUID containerId : access) {
        Set<UUID> holders = grantsOfContainer.get(containerId);
        if (holders != null) {
          holders.remove(x.id);
        }
        ContainerRec container = containers.get(containerId);
        if (container != null) {
          grants.remove(new Grant(container.licenseeId, containerId, x.id));
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Containers and access

  private Reply listContainers(Call c) {
    LicenseeRec l = licensee(c);
    java.util.Collection<ContainerRec> own = containersOf(l.id).values();
    Map<String, Comparator<ContainerRec>> order = new LinkedHashMap<>();
    order.put("created", Comparator.comparing(x -> x.created));
    order.put("modified", Comparator.comparing(x -> x.modified));
    order.put("name", Comparator.comparing(x -> x.name));
    return ok(page(own, c, order, x -> x.id, this::containerJson));
  }

  private Reply getContainer(Call c) {
    return ok(containerJson(container(c, licensee(c))));
  }

  private ContainerRec container(Call c, LicenseeRec l) {
    UUID id = pathUuid(c, "licenseContainerId");
    ContainerRec x = containers.get(id);
    if (x == null || !x.licenseeId.equals(l.id)) {
      throw ApiError.notFound("The licensee has no license container with this id");
    }
    return x;
  }

  private Reply createContainer(Call c) {
    LicenseeRec l = licensee(c);
    JsonBody body = JsonBody.parse(mapper, c.body());
    String name = body.requiredString("name", MAX_NAME);
    Boolean makeDefault = body.bool("usedAsDefault");
    Instant now = now();
    ContainerRec x =
        new ContainerRec(UUID.randomUUID(), l.id, name, Boolean.TRUE.equals(makeDefault), now);
    if (x.usedAsDefault) {
      ContainerRec former = defaultContainer(l);
      former.usedAsDefault = false;
      former.modified = now;
    }
    addContainer(x);
    return new Reply(201, containerJson(x));
  }

  private Reply updateContainer(Call c) {
    LicenseeRec l = licensee(c);
    ContainerRec x = container(c, l);
    JsonBody body = JsonBody.parse(mapper, c.body());
    String name = body.requiredString("name", MAX_NAME);
    Boolean makeDefault = body.bool("usedAsDefault");
    if (Boolean.FALSE.equals(makeDefault) && x.usedAsDefault) {
      throw ApiError.badRequest(
          "A licensee always keeps one default license container: make another container the"
              + " default instead");
    }
    Instant now = now();
    if (Boolean.TRUE.equals(makeDefault) && !x.usedAsDefault) {
      ContainerRec former = defaultContainer(l);
      former.usedAsDefault = false;
      former.modified = now;
      x.usedAsDefault = true;
    }
    x.name = name;
    x.modified = now;
    return ok(containerJson(x));
  }

  /** Deletes a container with its licenses and the access it gave; never the default one. */
  private Reply deleteContainer(Call c) {
    LicenseeRec l = licensee(c);
    ContainerRec x = container(c, l);
    if (x.usedAsDefault) {
      throw ApiError.badRequest(
          "The default license container cannot be deleted: make another container the default"
              + " first, or delete the licensee");
    }
    removeContainer(x);
    Map<UUID, LicenseRec> own = licensesOf.getOrDefault(l.id, Map.of());
    List<UUID> inside = new ArrayList<>();
    for (LicenseRec lic : own.values()) {
      if (lic.containerId.equals(x.id)) {
        inside.add(lic.id);
      }
    }
    for (UUID id : inside) {
      removeLicense(l.id, id);
    }
    return new Reply(204, null);
  }

  private Reply listContainerConsumers(Call c) {
    LicenseeRec l = licensee(c);
    ContainerRec x = container(c, l);
    return ok(page(holders(x.id), c, consumerOrder(), y -> y.id, this::consumerJson));
  }

  private ContainerRec defaultContainer(LicenseeRec l) {
    for (ContainerRec x : containersOf(l.id).values()) {
      if (x.usedAsDefault) {
        return x;
      }
    }
    throw new IllegalStateException("Licensee without a default container");
  }

  private Map<UUID, ContainerRec> containersOf(UUID licenseeId) {
    Map<UUID, ContainerRec> own = containersOf.get(licenseeId);
    return own == null ? Map.of() : own;
  }

  private void addContainer(ContainerRec x) {
    containers.put(x.id, x);
    containersOf.computeIfAbsent(x.licenseeId, k -> new LinkedHashMap<>()).put(x.id, x);
  }

  /** Removes the container and every grant of access to it; its licenses are the caller's. */
  private void removeContainer(ContainerRec x) {
    containers.remove(x.id);
    Map<UUID, ContainerRec> own = containersOf.get(x.licenseeId);
    if (own != null) {
      own.remove(x.id);
    }
    Set<UUID> holders = grantsOfContainer.remove(x.id);
    if (holders != null) {
      for (UUID consumerId : holders) {
        grants.remove(new Grant(x.licenseeId, x.id, consumerId));
        Set<UUID> access = grantsOfConsumer.get(consumerId);
        if (access != null) {
          access.remove(x.id);
          if (access.isEmpty()) {
            grantsOfConsumer.remove(consumerId);
          }
        }
      }
    }
  }

  private void addGrant(UUID licenseeId, UUID containerId, UUID consumerId) {
    if (grants.add(new Grant(licenseeId, containerId, consumerId))) {
      grantsOfContainer.computeIfAbsent(containerId, k -> new LinkedHashSet<>()).add(consumerId);
      grantsOfConsumer.computeIfAbsent(consumerId, k -> new LinkedHashSet<>()).add(containerId);
    }
  }

  private void removeGrant(UUID licenseeId, UUID containerId, UUID consumerId) {
    if (grants.remove(new Grant(licenseeId, containerId, consumerId))) {
      Set<UUID> holders = grantsOfContainer.get(containerId);
      if (holders != null) {
        holders.remove(consumerId);
      }
      Set<UUID> access = grantsOfConsumer.get(consumerId);
      if (access != null) {
        access.remove(containerId);
        if (access.isEmpty()) {
          grantsOfConsumer.remove(consumerId);
        }
      }
    }
  }

  private List<ConsumerRec> holders(UUID containerId) {
    List<ConsumerRec> list = new ArrayList<>();
    for (UUID id : grantsOfContainer.getOrDefault(containerId, Set.of())) {
      list.add(consumers.get(id));
    }
    return list;
  }

  private Reply listConsumersWithAccess(Call c, boolean defaultOnly) {
    LicenseeRec l = licensee(c);
    Set<UUID> ids = new LinkedHashSet<>();
    if (defaultOnly) {
      ids.addAll(grantsOfContainer.getOrDefault(defaultContainer(l).id, Set.of()));
    } else {
      for (UUID containerId : containersOf(l.id).keySet()) {
        ids.addAll(grantsOfContainer.getOrDefault(containerId, Set.of()));
      }
    }
    List<ConsumerRec> list = new ArrayList<>();
    for (UUID id : ids) {
      list.add(consumers.get(id));
    }
    return ok(page(list, c, consumerOrder(), x -> x.id, this::consumerJson));
  }

  /**
   * grant-access and revoke-access, for the default container or the one in the path. Every
   * consumer id must exist (404, nothing changed); granting access a consumer has, or revoking
   * access it does not have, changes nothing.
   */
  private Reply changeAccess(Call c, boolean defaultContainer, boolean grant) {
    LicenseeRec l = licensee(c);
    ContainerRec container = defaultContainer ? defaultContainer(l) : container(c, l);
    JsonBody body = JsonBody.parse(mapper, c.body());
    List<UUID> ids = body.uuidArray("licenseConsumerIds", 1, 100);
    for (UUID id : ids) {
      if (!consumers.containsKey(id)) {
        throw ApiError.notFound("No license consumer has the id " + id);
      }
    }
    for (UUID id : ids) {
      if (grant) {
        addGrant(l.id, container.id, id);
      } else {
        removeGrant(l.id, container.id, id);
      }
    }
    return new Reply(204, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Licenses

  private Reply listLicenses(Call c) {
    LicenseeRec l = licensee(c);
    boolean withMetadata = queryBoolean(c, "withMetadata");
    java.util.Collection<LicenseRec> own = licensesOf.getOrDefault(l.id, Map.of()).values();
    Map<String, Comparator<LicenseRec>> order = new LinkedHashMap<>();
    order.put("created", Comparator.comparing(x -> x.created));
    order.put("modified", Comparator.comparing(x -> x.modified));
    Comparator<LicenseRec> byProduct = Comparator.comparing(x -> x.product.productName());
    order.put("name", byProduct);
    order.put("productName", byProduct);
    order.put("validFrom", Comparator.comparing(x -> x.validFrom));
    order.put(
        "validUntil",
        Comparator.comparing(x -> x.validUntil, Comparator.nullsLast(Comparator.naturalOrder())));
    order.put("qty", Comparator.comparingInt(x -> x.qty));
    return ok(page(own, c, order, x -> x.id, x -> licenseJson(x, withMetadata)));
  }

  private Reply getLicense(Call c) {
    LicenseeRec l = licensee(c);
    boolean withMetadata = queryBoolean(c, "withMetadata");
    return ok(licenseJson(license(c, l), withMetadata));
  }

  private Reply deleteLicense(Call c) {
    LicenseeRec l = licensee(c);
    removeLicense(l.id, license(c, l).id);
    return new Reply(204, null);
  }

  private void removeLicense(UUID licenseeId, UUID licenseId) {
    licenses.remove(licenseId);
    Map<UUID, LicenseRec> own = licensesOf.get(licenseeId);
    if (own != null) {
      own.remove(licenseId);
    }
  }

  private LicenseRec license(Call c, LicenseeRec l) {
    UUID id = pathUuid(c, "licenseId");
    LicenseRec x = licenses.get(id);
    if (x == null || !x.licenseeId.equals(l.id)) {
      throw ApiError.notFound("The licensee has no license with this id");
    }
    return x;
  }

  private Reply grantLicenses(Call c) {
    LicenseeRec l = licensee(c);
    JsonBody body = JsonBody.parse(mapper, c.body());
    UUID productConfigId = body.uuid("productConfigId");
    if (productConfigId == null) {
      throw ApiError.badRequest("Field 'productConfigId' is required");
    }
    Integer qtyValue = body.integer("qty");
    int qty = qtyValue == null ? 1 : qtyValue;
    if (qty < 1 || qty > 1000) {
      throw ApiError.badRequest("Field 'qty' must be between 1 and 1000");
    }
    Instant now = now();
    Instant validFrom = body.dateTime("validFrom");
    if (validFrom == null) {
      validFrom = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
    Instant validUntil = body.dateTime("validUntil");
    if (validUntil != null && !validUntil.isAfter(validFrom)) {
      throw ApiError.badRequest("Field 'validUntil' must be after validFrom");
    }
    UUID containerId = body.uuid("licenseContainerId");
    String orderReference = body.string("orderReference", MAX_ID);
    String productReference = body.string("productReference", MAX_ID);
    String subscriptionReference = body.string("subscriptionReference", MAX_ID);
    String contractReference = body.string("contractReference", MAX_ID);
    SandboxProduct product = products.get(productConfigId);
    if (product == null) {
      throw ApiError.notFound("No product configuration has the id " + productConfigId);
    }
    ContainerRec container;
    if (containerId == null) {
      container = defaultContainer(l);
    } else {
      container = containers.get(containerId);
      if (container == null || !container.licenseeId.equals(l.id)) {
        throw ApiError.notFound("The licensee has no license container with the id " + containerId);
      }
    }
    LicenseRec x = new LicenseRec(UUID.randomUUID(), l.id, container.id, product, now);
    x.qty = qty;
    x.validFrom = validFrom;
    x.validUntil = validUntil;
    x.orderReference = orderReference;
    x.productReference = productReference;
    x.subscriptionReference = subscriptionReference;
    x.contractReference = contractReference;
    List<Feature> features = new ArrayList<>();
    for (String f : product.features()) {
      features.add(new Feature(UUID.randomUUID(), f));
    }
    x.features = List.copyOf(features);
    licenses.put(x.id, x);
    licensesOf.computeIfAbsent(l.id, k -> new LinkedHashMap<>()).put(x.id, x);
    ArrayNode out = mapper.createArrayNode();
    out.add(licenseJson(x, false));
    return ok(out);
  }

  private Reply revokeLicenses(Call c) {
    LicenseeRec l = licensee(c);
    JsonBody body = JsonBody.parse(mapper, c.body());
    List<UUID> ids = body.uuidArray("licenseIds", 1, 100);
    Instant validUntil = body.dateTime("validUntil");
    if (validUntil == null) {
      throw ApiError.badRequest("Field 'validUntil' is required");
    }
    List<LicenseRec> targets = new ArrayList<>();
    for (UUID id : new LinkedHashSet<>(ids)) {
      LicenseRec x = licenses.get(id);
      if (x == null || !x.licenseeId.equals(l.id)) {
        throw ApiError.notFound("The licensee has no license with the id " + id);
      }
      targets.add(x);
    }
    Instant now = now();
    ArrayNode out = mapper.createArrayNode();
    for (LicenseRec x : targets) {
      x.validUntil = validUntil;
      x.modified = now;
      out.add(licenseJson(x, false));
    }
    return ok(out);
  }

  /**
   * edit-validity: sets the validity window of the named licenses. validUntil left out makes them
   * perpetual; validFrom left out keeps each license's start. All or nothing.
   */
  private Reply editValidity(Call c) {
    LicenseeRec l = licensee(c);
    JsonBody body = JsonBody.parse(mapper, c.body());
    List<UUID> ids = body.uuidArray("licenseIds", 1, 100);
    Instant validFrom = body.dateTime("validFrom");
    Instant validUntil = body.dateTime("validUntil");
    List<LicenseRec> targets = new ArrayList<>();
    for (UUID id : new LinkedHashSet<>(ids)) {
      LicenseRec x = licenses.get(id);
      if (x == null || !x.licenseeId.equals(l.id)) {
        throw ApiError.notFound("The licensee has no license with the id " + id);
      }
      Instant from = validFrom != null ? validFrom : x.validFrom;
      if (validUntil != null && !validUntil.isAfter(from)) {
        throw ApiError.badRequest(
            "Field 'validUntil' must be after validFrom (license " + x.id + ")");
      }
      targets.add(x);
    }
    Instant now = now();
    ArrayNode out = mapper.createArrayNode();
    for (LicenseRec x : targets) {
      if (validFrom != null) {
        x.validFrom = validFrom;
      }
      x.validUntil = validUntil;
      x.modified = now;
      out.add(licenseJson(x, false));
    }
    return ok(out);
  }

  // ---------------------------------------------------------------------------------------------
  // Products

  /** One product (by name) with the configurations seeded for it. */
  private record ProductView(String name, Instant created, List<SandboxProduct> configurations) {}

  private Reply listProducts(Call c) {
    Map<String, List<SandboxProduct>> byName = new LinkedHashMap<>();
    for (SandboxProduct p : products.values()) {
      byName.computeIfAbsent(p.productName(), k -> new ArrayList<>()).add(p);
    }
    List<ProductView> views = new ArrayList<>();
    byName.forEach(
        (name, configs) ->
            views.add(
                new ProductView(name, productSeeded.getOrDefault(name, Instant.EPOCH), configs)));
    Map<String, Comparator<ProductView>> order = new LinkedHashMap<>();
    order.put("created", Comparator.comparing(ProductView::created));
    order.put("name", Comparator.comparing(ProductView::name));
    return ok(page(views, c, order, v -> nameId("product:" + v.name()), this::productJson));
  }

  private JsonNode productJson(ProductView v) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", nameId("product:" + v.name()).toString());
    o.put("name", v.name());
    ArrayNode configs = o.putArray("configurations");
    for (SandboxProduct p : v.configurations()) {
      ObjectNode pc = configs.addObject();
      pc.put("id", p.productConfigId().toString());
      pc.put("name", p.productConfigName());
      pc.put("licenseModelId", nameId("license-model:" + p.licenseModelName()).toString());
      pc.put("licenseModelName", p.licenseModelName());
      pc.put("qtyDimension", p.qtyDimension());
      ArrayNode features = pc.putArray("features");
      p.features().forEach(features::add);
      pc.put("created", v.created().toString());
      pc.put("modified", v.created().toString());
    }
    o.put("created", v.created().toString());
    o.put("modified", v.created().toString());
    return o;
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups, parameters, paging

  private LicenseeRec licensee(Call c) {
    UUID id = pathUuid(c, "licenseeId");
    LicenseeRec l = licensees.get(id);
    if (l == null) {
      throw ApiError.notFound("No licensee has the id " + id);
    }
    return l;
  }

  private ConsumerRec consumer(Call c) {
    UUID id = pathUuid(c, "licenseConsumerId");
    ConsumerRec x = consumers.get(id);
    if (x == null) {
      throw ApiError.notFound("No license consumer has the id " + id);
    }
    return x;
  }

  private static UUID pathUuid(Call c, String name) {
    return JsonBody.parseUuid(name, Objects.requireNonNull(c.pathParams().get(name), name));
  }

  private static String queryText(Call c, String name, int min, int max) {
    String v = c.query().get(name);
    if (v == null || v.isEmpty()) {
      throw ApiError.badRequest("Query parameter '" + name + "' is required");
    }
    if (v.length() < min || v.length() > max) {
      throw ApiError.badRequest(
          "Query parameter '" + name + "' must have " + min + " to " + max + " characters");
    }
    return v;
  }

  private static boolean queryBoolean(Call c, String name) {
    String v = c.query().get(name);
    if (v == null || v.isEmpty()) {
      return false;
    }
    return parseBoolean("Query parameter '" + name + "'", v);
  }

  private static boolean parseBoolean(String what, String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw ApiError.badRequest(what + " must be true or false");
  }

  private static int headerInt(Call c, String name, int dflt, int min, int max) {
    String v = c.headers().get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("Header '" + name + "' must be an integer");
    }
    if (n < min || n > max) {
      throw ApiError.badRequest("Header '" + name + "' must be between " + min + " and " + max);
    }
    return n;
  }

  /**
   * Sorts and pages by the offset, limit, order-by and order-asc headers; ties break by id, in the
   * direction of the sort.
   */
  private <T> ArrayNode page(
      java.util.Collection<T> items,
      Call c,
      Map<String, Comparator<T>> fields,
      Function<T, UUID> id,
      Function<T, JsonNode> render) {
    return page(items, null, c, fields, id, render);
  }

  /**
   * {@link #page(java.util.Collection, Call, Map, Function, Function)}, reading the default order
   * (created, then id) from {@code byCreated} without sorting when it is given.
   */
  private <T> ArrayNode page(
      java.util.Collection<T> items,
      @Nullable RankedSet<T> byCreated,
      Call c,
      Map<String, Comparator<T>> fields,
      Function<T, UUID> id,
      Function<T, JsonNode> render) {
    int offset = headerInt(c, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = headerInt(c, "limit", 5, 1, 100);
    String orderBy = c.headers().getOrDefault("order-by", "");
    if (orderBy.isBlank()) {
      orderBy = "created";
    }
    orderBy = orderBy.trim();
    Comparator<T> order = fields.get(orderBy);
    if (order == null) {
      throw ApiError.badRequest("Header 'order-by' must be one of " + fields.keySet());
    }
    String asc = c.headers().get("order-asc");
    boolean ascending =
        asc != null && !asc.isBlank() && parseBoolean("Header 'order-asc'", asc.trim());
    ArrayNode out = mapper.createArrayNode();
    if (byCreated != null && orderBy.equals("created")) {
      int n = byCreated.size();
      for (int i = offset; i < n && i < (long) offset + limit; i++) {
        out.add(render.apply(byCreated.get(ascending ? i : n - 1 - i)));
      }
      return out;
    }
    Comparator<T> full = order.thenComparing(id);
    List<T> list = new ArrayList<>(items);
    list.sort(ascending ? full : full.reversed());
    for (int i = offset; i < list.size() && i < (long) offset + limit; i++) {
      out.add(render.apply(list.get(i)));
    }
    return out;
  }

  private static Map<String, Comparator<LicenseeRec>> licenseeOrder() {
    Map<String, Comparator<LicenseeRec>> order = new LinkedHashMap<>();
    order.put("created", Comparator.comparing(x -> x.created));
    order.put("modified", Comparator.comparing(x -> x.modified));
    order.put("name", Comparator.comparing(x -> x.name));
    order.put("displayName", Comparator.comparing(x -> x.displayName, nullsFirst()));
    order.put("email", Comparator.comparing(x -> lower(x.email), nullsFirst()));
    order.put("naturalId", Comparator.comparing(x -> x.naturalId));
    order.put("externalReference", Comparator.comparing(x -> x.externalReference, nullsFirst()));
    order.put("type", Comparator.comparing(x -> x.type));
    return order;
  }

  private static Map<String, Comparator<ConsumerRec>> consumerOrder() {
    Map<String, Comparator<ConsumerRec>> order = new LinkedHashMap<>();
    order.put("created", Comparator.comparing(x -> x.created));
    order.put("modified", Comparator.comparing(x -> x.modified));
    order.put("name", Comparator.comparing(x -> x.name));
    order.put("displayName", Comparator.comparing(x -> x.displayName, nullsFirst()));
    order.put("email", Comparator.comparing(x -> lower(x.email), nullsFirst()));
    order.put("naturalId", Comparator.comparing(x -> x.naturalId));
    order.put("externalReference", Comparator.comparing(x -> x.externalReference, nullsFirst()));
    order.put("type", Comparator.comparing(x -> x.type));
    return order;
  }

  private static Comparator<@Nullable String> nullsFirst() {
    return Comparator.nullsFirst(Comparator.naturalOrder());
  }

  private static @Nullable String lower(@Nullable String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /**
   * The index key of an email: equal for two emails exactly when {@link
   * String#equalsIgnoreCase(String)} says they are equal (each character upper-cased, then
   * lower-cased).
   */
  static String emailKey(String email) {
    StringBuilder sb = new StringBuilder(email.length());
    email
        .codePoints()
        .forEach(cp -> sb.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  private JsonNode licenseeJson(LicenseeRec l) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", l.id.toString());
    o.put("name", l.name);
    putIf(o, "displayName", l.displayName);
    putIf(o, "description", l.description);
    putIf(o, "email", l.email);
    putIf(o, "contactInfo", l.contactInfo);
    o.put("naturalId", l.naturalId);
    putIf(o, "externalReference", l.externalReference);
    o.put("type", l.type);
    o.put("created", l.created.toString());
    o.put("modified", l.modified.toString());
    return o;
  }

  private JsonNode consumerJson(ConsumerRec x) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", x.id.toString());
    o.put("name", x.name);
    o.put("type", x.type);
    putIf(o, "displayName", x.displayName);
    putIf(o, "displayLabel", x.displayLabel);
    putIf(o, "description", x.description);
    putIf(o, "email", x.email);
    putIf(o, "contactInfo", x.contactInfo);
    putIf(o, "connectedIdentityId", x.connectedIdentityId);
    putIf(o, "externalReference", x.externalReference);
    o.put("naturalId", x.naturalId);
    o.put("created", x.created.toString());
    o.put("modified", x.modified.toString());
    return o;
  }

  private ObjectNode containerJson(ContainerRec x) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", x.id.toString());
    o.put("name", x.name);
    o.put("usedAsDefault", x.usedAsDefault);
    o.put("created", x.created.toString());
    o.put("modified", x.modified.toString());
    return o;
  }

  private JsonNode licenseJson(LicenseRec x, boolean withMetadata) {
    SandboxProduct p = x.product;
    ObjectNode o = mapper.createObjectNode();
    o.put("id", x.id.toString());
    o.put("productName", p.productName());
    o.put("qty", x.qty);
    o.put("qtyDimension", p.qtyDimension());
    o.put("qtyEnforcementType", "ENFORCED");
    o.put("validFrom", x.validFrom.toString());
    if (x.validUntil != null) {
      o.put("validUntil", x.validUntil.toString());
    }
    if (!x.features.isEmpty()) {
      o.put(
          "featureNames", x.features.stream().map(Feature::name).collect(Collectors.joining(",")));
    }
    ArrayNode features = o.putArray("features");
    for (Feature f : x.features) {
      ObjectNode fo = features.addObject();
      fo.put("id", f.id().toString());
      fo.put("feature", f.name());
      fo.put("created", x.created.toString());
      fo.put("modified", x.created.toString());
    }
    if (withMetadata) {
      ObjectNode m = o.putObject("licenseMetadata");
      putIf(m, "contractReference", x.contractReference);
      putIf(m, "orderReference", x.orderReference);
      putIf(m, "productReference", x.productReference);
      putIf(m, "subscriptionReference", x.subscriptionReference);
      ContainerRec container = containers.get(x.containerId);
      if (container != null) {
        m.set("licenseContainer", containerJson(container));
      }
      UUID modelId = nameId("license-model:" + p.licenseModelName());
      ObjectNode model = m.putObject("licenseModel");
      model.put("id", modelId.toString());
      model.put("name", p.licenseModelName());
      ObjectNode info = m.putObject("productConfigInfo");
      info.put("id", x.productConfigInfoId.toString());
      info.put("productConfigId", p.productConfigId().toString());
      info.put("productConfigName", p.productConfigName());
      info.put("productId", nameId("product:" + p.productName()).toString());
      info.put("productName", p.productName());
      ArrayNode names = info.putArray("features");
      p.features().forEach(names::add);
      info.put("licenseModelId", modelId.toString());
      info.put("licenseModelName", p.licenseModelName());
      info.put("qtyDimension", p.qtyDimension());
      info.put("created", x.created.toString());
      info.put("modified", x.created.toString());
    }
    o.put("created", x.created.toString());
    o.put("modified", x.modified.toString());
    return o;
  }

  private static void putIf(ObjectNode o, String name, @Nullable String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static UUID nameId(String name) {
    return UUID.nameUUIDFromBytes(("scale-sandbox:" + name).getBytes(StandardCharsets.UTF_8));
  }

  private static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String newNaturalId() {
    return UUID.randomUUID().toString();
  }
}
