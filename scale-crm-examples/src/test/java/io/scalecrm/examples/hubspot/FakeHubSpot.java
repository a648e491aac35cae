package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.testkit.ContractData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stateful, in-memory HubSpot CRM on loopback for tests, written from HubSpot's documentation (no
 * vendor spec files): the CRM search, batch read, get and patch of companies, contacts, deals and
 * line items, and the v4 association batch read, under both the numeric ({@code /crm/v3/...},
 * {@code /crm/v4/associations/...}) and the date-versioned ({@code /crm/objects/2026-03/...},
 * {@code /crm/associations/2026-03/...}) path shapes.
 *
 * <p>Every request must carry {@code Authorization: Bearer <token>}. Property values are strings;
 * dates are ISO-8601 instants (or epoch millis with {@link #datesAsEpochMillis(boolean)}). Search
 * results with equal sort values come in insertion order, not id order, like HubSpot gives no tie
 * order. Like a server that validates requests against HubSpot's published schema, it answers 400
 * to a search without {@code after} and to a batch read without {@code properties} and {@code
 * propertiesWithHistory}. {@link #archive} deletes an object as HubSpot archives it: it leaves
 * search, batch reads, gets and association reads, and shows up in the archived list ({@code GET
 * …/{type}?archived=true}, with {@code archivedAt} and, on request, its associations). Knobs: the
 * search result cap, 429 with {@code Retry-After}, 401, 500, and a journal of requests.
 */
final class FakeHubSpot implements AutoCloseable {
  static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

  static final String COMPANIES = "companies";
  static final String CONTACTS = "contacts";
  static final String DEALS = "deals";
  static final String LINE_ITEMS = "line_items";

  private static final Set<String> DATE_VERSIONS = Set.of("2025-09", "2026-03", "2026-09");
  private static final Set<String> DATE_PROPERTIES =
      Set.of(
          "hs_lastmodifieddate",
          "lastmodifieddate",
          "createdate",
          "closedate",
          "hs_recurring_billing_start_date");
  private static final Set<String> READ_ONLY =
      Set.of("hs_object_id", "hs_lastmodifieddate", "lastmodifieddate", "createdate");
  private static final Map<String, String> TYPE_ALIASES =
      Map.ofEntries(
          Map.entry("0-1", CONTACTS),
          Map.entry("contact", CONTACTS),
          Map.entry(CONTACTS, CONTACTS),
          Map.entry("0-2", COMPANIES),
          Map.entry("company", COMPANIES),
          Map.entry(COMPANIES, COMPANIES),
          Map.entry("0-3", DEALS),
          Map.entry("deal", DEALS),
          Map.entry(DEALS, DEALS),
          Map.entry("0-8", LINE_ITEMS),
          Map.entry("line_item", LINE_ITEMS),
          Map.entry(LINE_ITEMS, LINE_ITEMS));

  private static final Pattern LEGACY_OBJECTS = Pattern.compile("/crm/v3/objects/([^/]+)(/.*)?");
  private static final Pattern DATED_OBJECTS =
      Pattern.compile("/crm/objects/(\\d{4}-\\d{2})/([^/]+)(/.*)?");
  private static final Pattern LEGACY_ASSOCIATIONS =
      Pattern.compile("/crm/v4/associations/([^/]+)/([^/]+)/batch/read");
  private static final Pattern DATED_ASSOCIATIONS =
      Pattern.compile("/crm/associations/(\\d{4}-\\d{2})/([^/]+)/([^/]+)/batch/read");

  /** HubSpot orders numeric ids as numbers: shorter first, then by digits. */
  static final Comparator<String> ID_ORDER =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

  /**
   * One request as the fake saw it.
   *
   * @param method the HTTP method
   * @param path the path
   * @param query the raw query string, or {@code null}
   * @param body the request body
   * @param authorization the Authorization header, or {@code null}
   * @param status the status the fake answered
   */
  record Request(
      String method,
      String path,
      @Nullable String query,
      String body,
      @Nullable String authorization,
      int status) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final class Obj {
    final String type;
    final String id;
    final long seq;
    final Map<String, String> props = new LinkedHashMap<>();
    Instant createdAt;
    Instant modifiedAt;
    @Nullable Instant archivedAt;

    Obj(String type, String id, long seq, Instant createdAt) {
      this.type = type;
      this.id = id;
      this.seq = seq;
      this.createdAt = createdAt;
      this.modifiedAt = createdAt;
    }
  }

  private record Link(String toId, Set<Integer> typeIds) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, Map<String, Obj>> store = new HashMap<>();
  private final Map<String, Map<String, Link>> links = new HashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private long seq;
  private long nextId = 1001;
  private Instant now = Instant.parse("2026-06-01T00:00:00Z");

  private int resultCap = 10_000;
  private int throttleTimes;
  private int retryAfterSeconds;
  private String throttlePath = "";
  private int dailyThrottleTimes;
  private boolean dailyInBody;
  private int unauthorizedTimes;
  private int serverErrorTimes;
  private boolean serverErrorAlways;
  private int associationPageSize = 500;
  private boolean datesAsEpochMillis;

  private FakeHubSpot() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    for (String type : List.of(COMPANIES, CONTACTS, DEALS, LINE_ITEMS)) {
      store.put(type, new LinkedHashMap<>());
    }
  }

  /** Starts a fake on a free loopback port. */
  static FakeHubSpot start() {
    try {
      FakeHubSpot fake = new FakeHubSpot();
      fake.server.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the fake HubSpot", e);
    }
  }

  URI baseUrl() {
    return URI.create(
        "http://"
            + server.getAddress().getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---------------------------------------------------------------- data

  /** Creates or replaces an object with the given id, properties and modification time. */
  synchronized String put(
      String type, String id, Map<String, String> properties, Instant modified) {
    Map<String, Obj> objects = objects(type);
    Obj o = objects.computeIfAbsent(id, k -> new Obj(type, k, seq++, modified));
    o.props.clear();
    properties.forEach(
        (k, v) -> {
          if (v != null) {
            o.props.put(k, v);
          }
        });
    o.modifiedAt = modified;
    return id;
  }

  /** Creates an object with the next numeric id. */
  synchronized String create(String type, Map<String, String> properties, Instant modified) {
    return put(type, Long.toString(nextId++), properties, modified);
  }

  String company(String id, String name, Instant modified) {
    return put(COMPANIES, id, Map.of("name", name), modified);
  }

  String contact(String id, String first, String last, String email, Instant modified) {
    Map<String, String> p = new HashMap<>();
    p.put("firstname", first);
    p.put("lastname", last);
    p.put("email", email);
    return put(CONTACTS, id, p, modified);
  }

  String deal(String id, String name, boolean won, Instant closeDate, Instant modified) {
    return put(
        DEALS,
        id,
        Map.of(
            "dealname",
            name,
            "hs_is_closed_won",
            Boolean.toString(won),
            "dealstage",
            won ? "closedwon" : "appointmentscheduled",
            "closedate",
            closeDate.toString()),
        modified);
  }

  String lineItem(String id, String sku, String quantity, Instant modified) {
    return put(LINE_ITEMS, id, Map.of("hs_sku", sku, "quantity", quantity, "name", sku), modified);
  }

  /** Sets (or with {@code null} removes) one property without touching the modification time. */
  synchronized void setProperty(String type, String id, String property, @Nullable String value) {
    Obj o = require(type, id);
    if (value == null) {
      o.props.remove(property);
    } else {
      o.props.put(property, value);
    }
  }

  /** Changes an object's modification time, as an edit in HubSpot would. */
  synchronized void touch(String type, String id, Instant modified) {
    require(type, id).modifiedAt = modified;
  }

  synchronized void delete(String type, String id) {
    objects(type).remove(id);
  }

  /**
   * Archives (deletes) an object at {@code at}: it leaves search, batch reads, gets and association
   * reads, and shows up in the archived list with {@code archivedAt}. Its properties (such as a
   * contact's {@code associatedcompanyid}) and associations are kept for that list.
   */
  synchronized void archive(String type, String id, Instant at) {
    require(type, id).archivedAt = at;
  }

  synchronized @Nullable String property(String type, String id, String property) {
    return require(type, id).props.get(property);
  }

  synchronized Instant modifiedAt(String type, String id) {
    return require(type, id).modifiedAt;
  }

  /** Associates a contact with a company (type 279, plus 1 when primary; 280/2 back). */
  void linkContactToCompany(String contactId, String companyId, boolean primary) {
    link(CONTACTS, contactId, COMPANIES, companyId, primary ? Set.of(279, 1) : Set.of(279));
    link(COMPANIES, companyId, CONTACTS, contactId, primary ? Set.of(280, 2) : Set.of(280));
    if (primary) {
      synchronized (this) {
        Obj contact = objects(CONTACTS).get(contactId);
        if (contact != null) {
          // HubSpot keeps the primary company's id in this contact property
          contact.props.put(ASSOCIATED_COMPANY, companyId);
        }
      }
    }
  }

  static final String ASSOCIATED_COMPANY = "associatedcompanyid";

  /** Associates a deal with a company (type 341, plus 5 when primary; 342/6 back). */
  void linkDealToCompany(String dealId, String companyId, boolean primary) {
    link(DEALS, dealId, COMPANIES, companyId, primary ? Set.of(341, 5) : Set.of(341));
    link(COMPANIES, companyId, DEALS, dealId, primary ? Set.of(342, 6) : Set.of(342));
  }

  /** Associates a line item with its deal (types 19 deal to line item, 20 back). */
  void linkDealToLineItem(String dealId, String lineItemId) {
    link(DEALS, dealId, LINE_ITEMS, lineItemId, Set.of(19));
    link(LINE_ITEMS, lineItemId, DEALS, dealId, Set.of(20));
  }

  private synchronized void link(
      String fromType, String fromId, String toType, String toId, Set<Integer> typeIds) {
    links
        .computeIfAbsent(fromType + "|" + fromId + "|" + toType, k -> new TreeMap<>(ID_ORDER))
        .put(toId, new Link(toId, typeIds));
  }

  // ---------------------------------------------------------------- canonical records

  /** The custom company property that {@link #load} fills with the account type (B2B or B2C). */
  static final String CUSTOMER_TYPE = "scale_customer_type";

  /** The custom company property that {@link #load} fills with the account email. */
  static final String COMPANY_EMAIL = "scale_email";

  static final String COMPANY_DISPLAY_NAME = "scale_display_name";
  static final String COMPANY_CONTACT_INFO = "scale_contact_info";
  static final String OTHER_ID_PREFIX = "scale_other_";
  static final String CONTACT_IDENTITY = "scale_identity_id";
  static final String SUBSCRIPTION_REF = "scale_subscription_ref";
  static final String CONTRACT_REF = "scale_contract_ref";

  /** The custom contact property that {@link #load} sets to {@code inactive} for inactive ones. */
  static final String CONTACT_STATUS = "scale_contact_status";

  /** The custom line item property that {@link #load} sets to {@code cancelled}. */
  static final String LINE_STATUS = "scale_line_status";

  /** The custom line item date property with a cancelled line's end, set by {@link #load}. */
  static final String LINE_CANCELLED_AT = "scale_cancelled_at";

  /**
   * Replaces the fake's data with canonical records mapped onto HubSpot objects: accounts become
   * companies (type, email, display name and contact info in custom properties), contacts become
   * contacts (name split into first and last name) associated with their company as primary, orders
   * become won deals associated with their company and with one line item per line (billing start
   * date and a day period for the validity). Records are stored in reverse order, so that the
   * fake's tie order (insertion) is not the id order.
   */
  synchronized void load(ContractData data) {
    store.values().forEach(Map::clear);
    links.clear();
    for (CrmAccount a : reversed(data.accounts())) {
      Map<String, String> p = new HashMap<>();
      p.put("name", a.name());
      p.put(CUSTOMER_TYPE, a.type().name());
      p.put(COMPANY_EMAIL, a.email());
      p.put(COMPANY_DISPLAY_NAME, a.displayName());
      p.put(COMPANY_CONTACT_INFO, a.contactInfo());
      a.otherIds().forEach((k, v) -> p.put(OTHER_ID_PREFIX + k, v));
      put(COMPANIES, a.crmId(), p, a.modifiedAt());
    }
    for (CrmContact c : reversed(data.contacts())) {
      Map<String, String> p = new HashMap<>();
      int space = c.name().indexOf(' ');
      p.put("firstname", space < 0 ? c.name() : c.name().substring(0, space));
      p.put("lastname", space < 0 ? null : c.name().substring(space + 1));
      p.put("email", c.email());
      p.put(CONTACT_IDENTITY, c.connectedIdentityId());
      put(CONTACTS, c.crmId(), p, c.modifiedAt());
      linkContactToCompany(c.crmId(), c.accountCrmId(), true);
    }
    for (CrmOrder o : reversed(data.orders())) {
      Map<String, String> p = new HashMap<>();
      p.put("dealname", "Order " + o.crmId());
      p.put("hs_is_closed_won", "true");
      p.put("dealstage", "closedwon");
      p.put("closedate", o.modifiedAt().toString());
      put(DEALS, o.crmId(), p, o.modifiedAt());
      linkDealToCompany(o.crmId(), o.accountCrmId(), true);
      for (CrmOrderLine l : o.lines()) {
        Map<String, String> lp = new HashMap<>();
        lp.put("name", l.sku());
        lp.put("hs_sku", l.sku());
        lp.put("quantity", Integer.toString(l.quantity()));
        lp.put(SUBSCRIPTION_REF, l.subscriptionReference());
        lp.put(CONTRACT_REF, l.contractReference());
        if (l.cancelled()) {
          lp.put(LINE_STATUS, "cancelled");
          lp.put(LINE_CANCELLED_AT, l.cancelledAt() == null ? null : l.cancelledAt().toString());
        }
        if (l.validFrom() != null) {
          lp.put("hs_recurring_billing_start_date", l.validFrom().toString());
          if (l.validUntil() != null) {
            java.time.Duration d = java.time.Duration.between(l.validFrom(), l.validUntil());
            if (d.toSeconds() % 86_400 != 0) {
              throw new IllegalArgumentException("line " + l.lineId() + " is not whole days");
            }
            lp.put("hs_recurring_billing_period", "P" + d.toDays() + "D");
          }
        }
        put(LINE_ITEMS, l.lineId(), lp, o.modifiedAt());
        linkDealToLineItem(o.crmId(), l.lineId());
      }
    }
    for (CrmTombstone t : data.tombstones()) {
      Instant before = t.modifiedAt().minusSeconds(3600);
      switch (t.recordType()) {
        case ACCOUNT:
          put(COMPANIES, t.crmId(), Map.of("name", "Archived " + t.crmId()), before);
          archive(COMPANIES, t.crmId(), t.modifiedAt());
          break;
        case CONTACT:
          if (t.removal() == RemovalKind.INACTIVE) {
            put(
                CONTACTS,
                t.crmId(),
                Map.of("firstname", "Former", CONTACT_STATUS, "inactive"),
                t.modifiedAt());
            linkContactToCompany(t.crmId(), t.accountCrmId(), true);
          } else {
            put(CONTACTS, t.crmId(), Map.of("firstname", "Archived"), before);
            linkContactToCompany(t.crmId(), t.accountCrmId(), true);
            archive(CONTACTS, t.crmId(), t.modifiedAt());
          }
          break;
        default:
          boolean cancelled = t.removal() == RemovalKind.CANCELLED;
          put(
              DEALS,
              t.crmId(),
              Map.of(
                  "dealname",
                  "Order " + t.crmId(),
                  "hs_is_closed_won",
                  Boolean.toString(!cancelled),
                  "dealstage",
                  cancelled ? "closedlost" : "closedwon"),
              cancelled ? t.modifiedAt() : before);
          linkDealToCompany(t.crmId(), t.accountCrmId(), true);
          if (!cancelled) {
            archive(DEALS, t.crmId(), t.modifiedAt());
          }
          break;
      }
    }
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  // ---------------------------------------------------------------- knobs

  /** The most results one search can page through (HubSpot: 10,000). */
  synchronized FakeHubSpot resultCap(int cap) {
    this.resultCap = cap;
    return this;
  }

  /** Answers the next {@code times} requests with 429 and {@code Retry-After: seconds}. */
  synchronized FakeHubSpot throttle(int times, int seconds) {
    return throttle(times, seconds, "");
  }

  /** Answers the next {@code times} requests whose path contains {@code pathPart} with 429. */
  synchronized FakeHubSpot throttle(int times, int seconds, String pathPart) {
    this.throttleTimes = times;
    this.retryAfterSeconds = seconds;
    this.throttlePath = pathPart;
    return this;
  }

  /**
   * Answers the next {@code times} requests with 429 from the daily limit: {@code policyName}
   * {@code DAILY} in the body when {@code inBody}, else only the daily rate-limit headers (0 left).
   */
  synchronized FakeHubSpot throttleDaily(int times, boolean inBody) {
    this.dailyThrottleTimes = times;
    this.dailyInBody = inBody;
    return this;
  }

  /** Answers the next {@code times} requests with 401, whatever the token. */
  synchronized FakeHubSpot rejectToken(int times) {
    this.unauthorizedTimes = times;
    return this;
  }

  /** Answers the next {@code times} requests with 500. */
  synchronized FakeHubSpot failNext(int times) {
    this.serverErrorTimes = times;
    return this;
  }

  /** Answers every request with 500 (or stops doing so). */
  synchronized FakeHubSpot failAlways(boolean fail) {
    this.serverErrorAlways = fail;
    return this;
  }

  /** How many associations of one object the association batch read returns per page. */
  synchronized FakeHubSpot associationPageSize(int size) {
    this.associationPageSize = size;
    return this;
  }

  /** Renders date properties as epoch millis instead of ISO instants. */
  synchronized FakeHubSpot datesAsEpochMillis(boolean millis) {
    this.datesAsEpochMillis = millis;
    return this;
  }

  /** Sets the fake's clock, used as the modification time of patched objects. */
  synchronized FakeHubSpot now(Instant instant) {
    this.now = instant;
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    Answer answer;
    synchronized (this) {
      try {
        answer = answer(method, path, query, body, auth);
      } catch (BadRequest e) {
        answer = error(400, "VALIDATION_ERROR", e.getMessage());
      } catch (RuntimeException e) {
        answer = error(500, "INTERNAL_ERROR", "fake failure: " + e);
      }
    }
    requests.add(new Request(method, path, query, body, auth, answer.status));
    byte[] bytes = json.writeValueAsBytes(answer.body);
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    // A new connection per request: the JDK server does not set TCP_NODELAY by default, so on a
    // kept-alive connection every answer would wait ~40 ms for a delayed ACK (Nagle).
    exchange.getResponseHeaders().set("Connection", "close");
    answer.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(answer.status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Answer(int status, JsonNode body, Map<String, String> headers) {}

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  private Answer answer(
      String method, String path, @Nullable String query, String body, @Nullable String auth) {
    if (auth == null || !auth.equals("Bearer " + TOKEN)) {
      return error(
          401,
          "INVALID_AUTHENTICATION",
          "Authentication credentials not found or invalid for this request.");
    }
    if (unauthorizedTimes > 0) {
      unauthorizedTimes--;
      return error(401, "INVALID_AUTHENTICATION", "The access token is no longer valid.");
    }
    if (serverErrorAlways) {
      return error(500, "INTERNAL_ERROR", "Internal error (fake, always).");
    }
    if (serverErrorTimes > 0) {
      serverErrorTimes--;
      return error(500, "INTERNAL_ERROR", "Internal error (fake).");
    }
    if (dailyThrottleTimes > 0) {
      dailyThrottleTimes--;
      ObjectNode b = errorBody("RATE_LIMITS", "You have reached your daily limit.");
      if (dailyInBody) {
        b.put("policyName", "DAILY");
      }
      return new Answer(
          429,
          b,
          dailyInBody
              ? Map.of()
              : Map.of(
                  "X-HubSpot-RateLimit-Daily", "250000",
                  "X-HubSpot-RateLimit-Daily-Remaining", "0"));
    }
    if (throttleTimes > 0 && path.contains(throttlePath)) {
      throttleTimes--;
      ObjectNode b = errorBody("RATE_LIMITS", "You have reached your ten_secondly_rolling limit.");
      b.put("policyName", "TEN_SECONDLY_ROLLING");
      return new Answer(429, b, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
    Matcher m;
    if ((m = LEGACY_ASSOCIATIONS.matcher(path)).matches()) {
      return associations(method, type(m.group(1)), type(m.group(2)), parse(body));
    }
    if ((m = DATED_ASSOCIATIONS.matcher(path)).matches() && DATE_VERSIONS.contains(m.group(1))) {
      return associations(method, type(m.group(2)), type(m.group(3)), parse(body));
    }
    String type;
    String rest;
    if ((m = LEGACY_OBJECTS.matcher(path)).matches()) {
      type = type(m.group(1));
      rest = m.group(2);
    } else if ((m = DATED_OBJECTS.matcher(path)).matches() && DATE_VERSIONS.contains(m.group(1))) {
      type = type(m.group(2));
      rest = m.group(3);
    } else {
      return error(404, "OBJECT_NOT_FOUND", "No route for " + path);
    }
    if (type == null) {
      return error(400, "VALIDATION_ERROR", "Unknown object type");
    }
    if (rest == null && method.equals("GET")) {
      return list(type, query);
    }
    if ("/search".equals(rest) && method.equals("POST")) {
      return search(type, parse(body));
    }
    if ("/batch/read".equals(rest) && method.equals("POST")) {
      return batchRead(type, parse(body));
    }
    if (rest != null && rest.lastIndexOf('/') == 0 && rest.length() > 1) {
      String id = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
      if (method.equals("GET")) {
        return get(type, id, query);
      }
      if (method.equals("PATCH")) {
        return patch(type, id, parse(body));
      }
    }
    return error(405, "VALIDATION_ERROR", method + " " + path + " is not supported by the fake");
  }

  // ---------------------------------------------------------------- search

  private Answer search(String type, JsonNode body) {
    int limit = body.path("limit").asInt(10);
    if (limit < 1 || limit > 200) {
      throw new BadRequest("limit must be between 1 and 200, was " + limit);
    }
    // HubSpot's published schema requires "after" (a string) on every search, the first page
    // included; a schema-validating server rejects the request without it.
    if (!body.path("after").isTextual()) {
      throw new BadRequest("Invalid input JSON: after is required and must be a string");
    }
    int after;
    try {
      after = Integer.parseInt(body.path("after").asText());
    } catch (NumberFormatException e) {
      throw new BadRequest("after must be an offset");
    }
    if (after >= resultCap) {
      throw new BadRequest(
          "Search can page through at most " + resultCap + " results (after=" + after + ")");
    }
    List<List<Predicate<Obj>>> groups = compile(body.path("filterGroups"));
    List<Obj> hits = new ArrayList<>();
    for (Obj o : objects(type).values()) {
      if (o.archivedAt == null && matchesGroups(o, groups)) {
        hits.add(o);
      }
    }
    hits.sort(sortOrder(body.path("sorts")));
    int from = Math.min(after, hits.size());
    int end = Math.max(from, Math.min(Math.min(hits.size(), after + limit), resultCap));
    ObjectNode answer = json.createObjectNode();
    answer.put("total", hits.size());
    ArrayNode results = answer.putArray("results");
    List<String> properties = strings(body.path("properties"));
    for (Obj o : hits.subList(from, end)) {
      results.add(render(o, properties));
    }
    if (end < hits.size()) {
      answer.putObject("paging").putObject("next").put("after", Integer.toString(end));
    }
    return ok(answer);
  }

  private boolean matchesGroups(Obj o, List<List<Predicate<Obj>>> groups) {
    if (groups.isEmpty()) {
      return true;
    }
    for (List<Predicate<Obj>> group : groups) {
      boolean all = true;
      for (Predicate<Obj> f : group) {
        if (!f.test(o)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** Parses the filter groups once per search (dates and ids are compared without re-parsing). */
  private List<List<Predicate<Obj>>> compile(JsonNode groups) {
    List<List<Predicate<Obj>>> compiled = new ArrayList<>();
    if (groups.size() > 6) {
      throw new BadRequest("At most 6 filter groups");
    }
    for (JsonNode group : groups) {
      List<Predicate<Obj>> filters = new ArrayList<>();
      for (JsonNode f : group.path("filters")) {
        filters.add(filter(f));
      }
      compiled.add(filters);
    }
    return compiled;
  }

  private Predicate<Obj> filter(JsonNode filter) {
    String property = filter.path("propertyName").asText();
    String operator = filter.path("operator").asText();
    if (operator.equals("HAS_PROPERTY")) {
      return o -> value(o, property) != null;
    }
    if (operator.equals("NOT_HAS_PROPERTY")) {
      return o -> value(o, property) == null;
    }
    if (operator.equals("IN")) {
      if (!filter.path("values").isArray() || filter.path("values").isEmpty()) {
        throw new BadRequest("IN filter on " + property + " needs values");
      }
      List<String> wanted = strings(filter.path("values"));
      return o -> {
        String actual = value(o, property);
        return actual != null && wanted.stream().anyMatch(actual::equalsIgnoreCase);
      };
    }
    if (!filter.has("value")) {
      throw new BadRequest("filter on " + property + " needs a value");
    }
    String expected = filter.path("value").asText();
    IntPredicate accept;
    switch (operator) {
      case "EQ":
        accept = c -> c == 0;
        break;
      case "NEQ":
        accept = c -> c != 0;
        break;
      case "GT":
        accept = c -> c > 0;
        break;
      case "GTE":
        accept = c -> c >= 0;
        break;
      case "LT":
        accept = c -> c < 0;
        break;
      case "LTE":
        accept = c -> c <= 0;
        break;
      default:
        throw new BadRequest("Unsupported operator " + operator);
    }
    boolean neq = operator.equals("NEQ");
    if (DATE_PROPERTIES.contains(property)) {
      long wanted;
      try {
        wanted = millis(expected);
      } catch (RuntimeException e) {
        throw new BadRequest(property + " needs a date value");
      }
      return o -> {
        Long actual = dateMillis(o, property);
        return actual == null ? neq : accept.test(Long.compare(actual, wanted));
      };
    }
    return o -> {
      String actual = value(o, property);
      return actual == null ? neq : accept.test(compare(property, actual, expected));
    };
  }

  private static int compare(String property, String a, String b) {
    if (property.equals("hs_object_id")) {
      return ID_ORDER.compare(a, b);
    }
    try {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    } catch (NumberFormatException notNumbers) {
      return a.equalsIgnoreCase(b) ? 0 : a.compareTo(b);
    }
  }

  private Comparator<Obj> sortOrder(JsonNode sorts) {
    Comparator<Obj> order = null;
    if (sorts.isArray()) {
      for (JsonNode s : sorts) {
        String property;
        boolean descending;
        if (s.isTextual()) {
          String text = s.asText();
          descending = text.startsWith("-");
          property = descending ? text.substring(1) : text;
        } else {
          property = s.path("propertyName").asText();
          descending = s.path("direction").asText("ASCENDING").equals("DESCENDING");
        }
        Comparator<Obj> one;
        if (DATE_PROPERTIES.contains(property)) {
          one =
              Comparator.comparing(
                  (Obj o) -> dateMillis(o, property),
                  Comparator.nullsLast(Comparator.naturalOrder()));
        } else if (property.equals("hs_object_id")) {
          one = Comparator.comparing((Obj o) -> o.id, ID_ORDER);
        } else {
          one =
              (x, y) -> {
                String a = value(x, property);
                String b = value(y, property);
                if (a == null || b == null) {
                  return a == null ? (b == null ? 0 : 1) : -1; // missing values last
                }
                return compare(property, a, b);
              };
        }
        if (descending) {
          one = one.reversed();
        }
        order = order == null ? one : order.thenComparing(one);
      }
    }
    // Ties keep insertion order: HubSpot promises no tie order, and it is not by id.
    Comparator<Obj> bySeq = Comparator.comparingLong(o -> o.seq);
    return order == null ? bySeq : order.thenComparing(bySeq);
  }

  /** A date property in epoch millis, or {@code null} when unset or not a date. */
  private @Nullable Long dateMillis(Obj o, String property) {
    boolean contact = o.type.equals(CONTACTS);
    if (property.equals(contact ? "lastmodifieddate" : "hs_lastmodifieddate")) {
      return o.modifiedAt.toEpochMilli();
    }
    if (property.equals("createdate")) {
      return o.createdAt.toEpochMilli();
    }
    String v = o.props.get(property);
    if (v == null) {
      return null;
    }
    try {
      return millis(v);
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- reads and writes

  private Answer batchRead(String type, JsonNode body) {
    JsonNode inputs = body.path("inputs");
    if (!inputs.isArray() || inputs.size() > 100) {
      throw new BadRequest("inputs must be an array of at most 100 ids");
    }
    // required by HubSpot's published schema, like "properties"
    if (!body.path("propertiesWithHistory").isArray() || !body.path("properties").isArray()) {
      throw new BadRequest(
          "Invalid input JSON: properties and propertiesWithHistory are required arrays");
    }
    List<String> properties = strings(body.path("properties"));
    ObjectNode answer = json.createObjectNode();
    answer.put("status", "COMPLETE");
    ArrayNode results = answer.putArray("results");
    List<String> missing = new ArrayList<>();
    for (JsonNode input : inputs) {
      String id = input.path("id").asText();
      Obj o = objects(type).get(id);
      if (o == null || o.archivedAt != null) {
        missing.add(id);
      } else {
        results.add(render(o, properties));
      }
    }
    answer.put("startedAt", now.toString()).put("completedAt", now.toString());
    if (missing.isEmpty()) {
      return ok(answer);
    }
    answer.put("numErrors", 1);
    ObjectNode err = answer.putArray("errors").addObject();
    err.put("status", "error").put("category", "OBJECT_NOT_FOUND");
    err.put("message", "Some " + type + " do not exist (fake).");
    ArrayNode ids = err.putObject("context").putArray("ids");
    missing.forEach(ids::add);
    return new Answer(207, answer, Map.of());
  }

  /**
   * {@code GET …/{type}?archived=…&limit=…&after=…&properties=…&associations=…}: objects in id
   * order, archived ones (with {@code archivedAt}) only when {@code archived=true}; associations in
   * the v3 list form, a primary association listed twice ({@code contact_to_company} and {@code
   * contact_to_company_unlabeled}).
   */
  private Answer list(String type, @Nullable String query) {
    Map<String, String> params = queryParameters(query);
    boolean archived = Boolean.parseBoolean(params.getOrDefault("archived", "false"));
    int limit = Integer.parseInt(params.getOrDefault("limit", "10"));
    if (limit < 1 || limit > 100) {
      throw new BadRequest("limit must be between 1 and 100");
    }
    int after = Integer.parseInt(params.getOrDefault("after", "0"));
    List<String> properties = new ArrayList<>();
    for (String p : params.getOrDefault("properties", "").split(",")) {
      if (!p.isBlank()) {
        properties.add(p.strip());
      }
    }
    List<String> associationTypes = new ArrayList<>();
    for (String a : params.getOrDefault("associations", "").split(",")) {
      if (!a.isBlank()) {
        associationTypes.add(a.strip());
      }
    }
    List<Obj> all = new ArrayList<>();
    for (Obj o : objects(type).values()) {
      if ((o.archivedAt != null) == archived) {
        all.add(o);
      }
    }
    all.sort(Comparator.comparing((Obj o) -> o.id, ID_ORDER));
    int end = Math.min(all.size(), after + limit);
    ObjectNode answer = json.createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (Obj o : all.subList(Math.min(after, end), end)) {
      ObjectNode r = render(o, properties);
      if (o.archivedAt != null) {
        r.put("archived", true);
        r.put("archivedAt", o.archivedAt.toString());
      }
      for (String name : associationTypes) {
        String to = type(name);
        if (to == null) {
          throw new BadRequest("Unknown association type " + name);
        }
        ArrayNode list = r.putObject("associations").putObject(name).putArray("results");
        for (Link l : links.getOrDefault(type + "|" + o.id + "|" + to, Map.of()).values()) {
          String kind = singular(type) + "_to_" + singular(to);
          if (l.typeIds().contains(1) || l.typeIds().contains(5)) {
            list.addObject().put("id", l.toId()).put("type", kind);
          }
          list.addObject().put("id", l.toId()).put("type", kind + "_unlabeled");
        }
      }
      results.add(r);
    }
    if (end < all.size()) {
      answer.putObject("paging").putObject("next").put("after", Integer.toString(end));
    }
    return ok(answer);
  }

  private static String singular(String type) {
    switch (type) {
      case COMPANIES:
        return "company";
      case CONTACTS:
        return "contact";
      case DEALS:
        return "deal";
      default:
        return "line_item";
    }
  }

  private Answer get(String type, String id, @Nullable String query) {
    Obj o = objects(type).get(id);
    if (o == null || o.archivedAt != null) {
      return error(404, "OBJECT_NOT_FOUND", "Object not found (fake).");
    }
    List<String> properties = new ArrayList<>();
    for (Map.Entry<String, String> q : queryParameters(query).entrySet()) {
      if (q.getKey().equals("properties")) {
        for (String p : q.getValue().split(",")) {
          if (!p.isBlank()) {
            properties.add(p.strip());
          }
        }
      }
    }
    return ok(render(o, properties));
  }

  private Answer patch(String type, String id, JsonNode body) {
    Obj o = objects(type).get(id);
    if (o == null || o.archivedAt != null) {
      return error(404, "OBJECT_NOT_FOUND", "Object not found (fake).");
    }
    JsonNode props = body.path("properties");
    if (!props.isObject()) {
      throw new BadRequest("properties must be an object");
    }
    for (Map.Entry<String, JsonNode> p : props.properties()) {
      if (READ_ONLY.contains(p.getKey())) {
        throw new BadRequest(p.getKey() + " is read-only");
      }
      if (!p.getValue().isValueNode()) {
        throw new BadRequest(p.getKey() + " must be a string");
      }
    }
    for (Map.Entry<String, JsonNode> p : props.properties()) {
      o.props.put(p.getKey(), p.getValue().asText());
    }
    o.modifiedAt = now;
    return ok(render(o, new ArrayList<>(o.props.keySet())));
  }

  private Answer associations(
      String method, @Nullable String from, @Nullable String to, JsonNode body) {
    if (!method.equals("POST") || from == null || to == null) {
      return error(400, "VALIDATION_ERROR", "Bad association request");
    }
    JsonNode inputs = body.path("inputs");
    if (!inputs.isArray() || inputs.size() > 1000) {
      throw new BadRequest("inputs must be an array of at most 1000 ids");
    }
    ObjectNode answer = json.createObjectNode();
    answer.put("status", "COMPLETE");
    ArrayNode results = answer.putArray("results");
    List<String> none = new ArrayList<>();
    for (JsonNode input : inputs) {
      String id = input.path("id").asText();
      Obj fromObject = objects(from).get(id);
      Map<String, Link> found =
          fromObject != null && fromObject.archivedAt != null
              ? Map.of() // an archived object's associations are not read this way
              : links.getOrDefault(from + "|" + id + "|" + to, Map.of());
      List<Link> list = new ArrayList<>(found.values());
      if (list.isEmpty()) {
        none.add(id);
        continue;
      }
      int start = input.hasNonNull("after") ? Integer.parseInt(input.path("after").asText()) : 0;
      int end = Math.min(list.size(), start + associationPageSize);
      ObjectNode r = results.addObject();
      r.putObject("from").put("id", id);
      ArrayNode toArray = r.putArray("to");
      for (Link l : list.subList(Math.min(start, list.size()), end)) {
        ObjectNode t = toArray.addObject();
        if (l.toId().chars().allMatch(Character::isDigit) && l.toId().length() < 18) {
          t.put("toObjectId", Long.parseLong(l.toId()));
        } else {
          t.put("toObjectId", l.toId());
        }
        ArrayNode types = t.putArray("associationTypes");
        for (int typeId : new java.util.TreeSet<>(l.typeIds())) {
          ObjectNode at = types.addObject();
          at.put("category", "HUBSPOT_DEFINED").put("typeId", typeId);
          if (typeId == 1 || typeId == 5 || typeId == 2 || typeId == 6) {
            at.put("label", "Primary");
          } else {
            at.putNull("label");
          }
        }
      }
      if (end < list.size()) {
        r.putObject("paging").putObject("next").put("after", Integer.toString(end));
      }
    }
    if (none.isEmpty()) {
      return ok(answer);
    }
    answer.put("numErrors", none.size());
    ArrayNode errors = answer.putArray("errors");
    for (String id : none) {
      ObjectNode e = errors.addObject();
      e.put("status", "error").put("category", "NO_ASSOCIATIONS_FOUND");
      e.put("message", id + " has no " + to + " associations (fake).");
      e.putObject("context").putArray("fromObjectId").add(id);
    }
    return new Answer(207, answer, Map.of());
  }

  // ---------------------------------------------------------------- rendering

  private ObjectNode render(Obj o, List<String> requested) {
    ObjectNode node = json.createObjectNode();
    node.put("id", o.id);
    ObjectNode props = node.putObject("properties");
    Set<String> names = new LinkedHashSet<>();
    names.add("hs_object_id");
    names.add("createdate");
    names.add(o.type.equals(CONTACTS) ? "lastmodifieddate" : "hs_lastmodifieddate");
    names.addAll(requested);
    for (String name : names) {
      String v = value(o, name);
      if (v == null) {
        props.putNull(name);
      } else {
        props.put(name, v);
      }
    }
    node.put("createdAt", o.createdAt.toString());
    node.put("updatedAt", o.modifiedAt.toString());
    node.put("archived", false);
    return node;
  }

  /** A property as HubSpot would render it (all strings). */
  private @Nullable String value(Obj o, String property) {
    switch (property) {
      case "hs_object_id":
        return o.id;
      case "hs_lastmodifieddate":
        return o.type.equals(CONTACTS) ? o.props.get(property) : date(o.modifiedAt);
      case "lastmodifieddate":
        return o.type.equals(CONTACTS) ? date(o.modifiedAt) : o.props.get(property);
      case "createdate":
        return date(o.createdAt);
      default:
        return o.props.get(property);
    }
  }

  private String date(Instant instant) {
    return datesAsEpochMillis ? Long.toString(instant.toEpochMilli()) : instant.toString();
  }

  static long millis(String value) {
    String v = value.strip();
    if (v.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(v);
    }
    if (v.indexOf('T') < 0) {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    return OffsetDateTime.parse(v).toInstant().toEpochMilli();
  }

  // ---------------------------------------------------------------- helpers

  private Map<String, Obj> objects(String type) {
    Map<String, Obj> objects = store.get(type);
    if (objects == null) {
      throw new IllegalArgumentException("Unknown type " + type);
    }
    return objects;
  }

  private Obj require(String type, String id) {
    Obj o = objects(type).get(id);
    if (o == null) {
      throw new IllegalArgumentException("No " + type + " " + id);
    }
    return o;
  }

  private static @Nullable String type(String segment) {
    return TYPE_ALIASES.get(segment);
  }

  private JsonNode parse(String body) {
    try {
      return body.isBlank() ? json.createObjectNode() : json.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("Body is not JSON");
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    for (JsonNode n : array) {
      list.add(n.asText());
    }
    return list;
  }

  private static Map<String, String> queryParameters(@Nullable String query) {
    Map<String, String> map = new LinkedHashMap<>();
    if (query == null) {
      return map;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      map.merge(k, v, (a, b) -> a + "," + b);
    }
    return map;
  }

  private Answer ok(JsonNode body) {
    return new Answer(200, body, Map.of());
  }

  private Answer error(int status, String category, String message) {
    return new Answer(status, errorBody(category, message), Map.of());
  }

  private ObjectNode errorBody(String category, String message) {
    ObjectNode b = json.createObjectNode();
    b.put("status", "error");
    b.put("message", message);
    b.put("correlationId", UUID.randomUUID().toString());
    b.put("category", category);
    return b;
  }
}
