package io.scalecrm.bench;

import io.scalecrm.client.Idempotency;
import io.scalecrm.client.ScaleCall;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.client.model.GrantAccessRequest;
import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.License;
import io.scalecrm.client.model.LicenseConsumer;
import io.scalecrm.client.model.LicenseConsumerType;
import io.scalecrm.client.model.Licensee;
import io.scalecrm.client.model.LicenseeType;
import io.scalecrm.client.model.SetupUserRequest;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.examples.file.CsvExportAdapter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The naive flow of the vendor's CRM guide, written by hand with the generated client through a
 * {@link ScaleConnection}: every record on its own, in file order, one call after the other: look
 * up, then create.
 *
 * <ul>
 *   <li>Account: find the licensee by natural id; if there is none, {@code setup-organization}
 *       (B2B) or {@code setup-user} (B2C). The licensee's id is kept in memory for the account's
 *       contacts and orders (a naive flow that looked it up again would make one more call per
 *       contact and per line).
 *   <li>Contact: find the consumer by external reference, then by email; if neither finds one,
 *       create it; then grant it access to the licensee's default container, one consumer per call.
 *   <li>Order line: list the licensee's licenses (pages of 100) and look for the line's order
 *       reference; if it is not there, grant a license from the SKU's product configuration.
 * </ul>
 *
 * <p>It reads the same export through the same {@link CsvExportAdapter} and uses the SDK's keys
 * ({@link CrmMapping}), so both flows write the same entities.
 */
final class NaiveFlow {
  private static final int PAGE = 100;

  private final ScaleConnection scale;
  private final CrmMapping mapping;
  private final Map<String, UUID> licensees = new HashMap<>();

  private NaiveFlow(ScaleConnection scale, CrmMapping mapping) {
    this.scale = scale;
    this.mapping = mapping;
  }

  static Run run(Target target, Export export, Path dir, int latencyMs) {
    CrmMapping mapping =
        CrmMapping.builder(Export.SYSTEM).skus(SkuTable.load(dir.resolve("sku-map.csv"))).build();
    String problem = "";
    target.sandbox.journal().reset();
    long t0 = System.nanoTime();
    try (ScaleConnection scale = target.connect();
        CsvExportAdapter adapter =
            CsvExportAdapter.builder().directory(dir).system(Export.SYSTEM).build()) {
      NaiveFlow flow = new NaiveFlow(scale, mapping);
      each(adapter::accounts, flow::account);
      each(adapter::contacts, flow::contact);
      each(adapter::orders, flow::order);
    } catch (RuntimeException e) {
      problem = e.toString();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> calls = target.calls();
    return new Run(
        Scenario.NAIVE_FIRST_SYNC,
        export.label(),
        export.records(),
        0,
        1,
        latencyMs,
        calls.values().stream().mapToLong(Long::longValue).sum(),
        -1,
        Run.writes(calls),
        seconds,
        calls,
        problem.isEmpty(),
        problem);
  }

  private static <T extends CrmRecord> void each(
      Function<CrmQuery, CrmPage<T>> read, Consumer<T> handle) {
    CrmQuery query = CrmQuery.first(null, PAGE);
    while (true) {
      CrmPage<T> page = read.apply(query);
      page.records().forEach(handle);
      if (page.nextPageToken() == null) {
        return;
      }
      query = query.next(page);
    }
  }

  private void account(CrmAccount a) {
    String naturalId = mapping.naturalId(a);
    Licensee licensee =
        find("findLicenseeByNaturalId", () -> scale.licensees().findLicenseeByNaturalId(naturalId));
    if (licensee == null) {
      if (a.type() == CustomerType.B2C) {
        SetupUserRequest body =
            new SetupUserRequest()
                .name(a.name())
                .email(a.email())
                .naturalId(naturalId)
                .type(LicenseeType.PERSON);
        licensee =
            scale.call(
                "setupUser", Idempotency.NON_IDEMPOTENT, () -> scale.licensees().setupUser(body));
      } else {
        Licensee body =
            new Licensee()
                .name(a.name())
                .email(a.email())
                .naturalId(naturalId)
                .type(LicenseeType.ORGANIZATION);
        licensee =
            scale.call(
                "setupOrganization",
                Idempotency.NON_IDEMPOTENT,
                () -> scale.licensees().setupOrganization(body));
      }
    }
    licensees.put(a.crmId(), licensee.getId());
  }

  private void contact(CrmContact c) {
    UUID licensee = licensee(c.accountCrmId());
    String reference = mapping.externalReference(c);
    LicenseConsumer consumer =
        find(
            "findLicenseConsumerByExternalReference",
            () -> scale.licenseConsumers().findLicenseConsumerByExternalReference(reference));
    if (consumer == null && c.email() != null) {
      String email = c.email();
      consumer =
          find(
              "findLicenseConsumerByEmail",
              () -> scale.licenseConsumers().findLicenseConsumerByEmail(email));
    }
    if (consumer == null) {
      LicenseConsumer body =
          new LicenseConsumer()
              .name(c.name())
              .type(LicenseConsumerType.PERSON)
              .email(c.email())
              .externalReference(reference);
      consumer =
          scale.call(
              "createLicenseConsumer",
              Idempotency.NON_IDEMPOTENT,
              () -> scale.licenseConsumers().createLicenseConsumer(body));
    }
    GrantAccessRequest grant =
        new GrantAccessRequest().licenseConsumerIds(List.of(consumer.getId()));
    scale.call(
        "grantAccessToDefaultContainer",
        Idempotency.IDEMPOTENT,
        () -> {
          scale.licenseContainers().grantAccessToDefaultContainer(licensee, grant);
          return null;
        });
  }

  private void order(CrmOrder o) {
    UUID licensee = licensee(o.accountCrmId());
    for (CrmOrderLine line : o.lines()) {
      String reference = mapping.orderReference(o, line);
      if (hasLicense(licensee, reference)) {
        continue;
      }
      UUID productConfigId =
          mapping
              .skus()
              .productConfigId(line.sku())
              .orElseThrow(() -> new IllegalStateException("Unknown SKU " + line.sku()));
      GrantByProductConfigRequest body =
          new GrantByProductConfigRequest()
              .productConfigId(productConfigId)
              .qty(line.quantity())
              .validFrom(time(line.validFrom()))
              .validUntil(time(line.validUntil()))
              .orderReference(reference);
      scale.call(
          "grantLicensesByProductConfig",
          Idempotency.NON_IDEMPOTENT,
          () -> scale.licenses().grantLicensesByProductConfig(licensee, body));
    }
  }

  private boolean hasLicense(UUID licensee, String orderReference) {
    for (int offset = 0; ; offset += PAGE) {
      int from = offset;
      List<License> page =
          scale.call(
              "listLicenses",
              Idempotency.IDEMPOTENT,
              () -> scale.licenses().listLicenses(licensee, true, from, PAGE, "created", true));
      for (License l : page) {
        if (l.getLicenseMetadata() != null
            && orderReference.equals(l.getLicenseMetadata().getOrderReference())) {
          return true;
        }
      }
      if (page.size() < PAGE) {
        return false;
      }
    }
  }

  private UUID licensee(String accountCrmId) {
    UUID id = licensees.get(accountCrmId);
    if (id != null) {
      return id;
    }
    String naturalId = mapping.naturalId(CrmAccount.b2b(accountCrmId, accountCrmId));
    Licensee found =
        find("findLicenseeByNaturalId", () -> scale.licensees().findLicenseeByNaturalId(naturalId));
    if (found == null) {
      throw new IllegalStateException("No licensee for account " + accountCrmId);
    }
    licensees.put(accountCrmId, found.getId());
    return found.getId();
  }

  private <T> @Nullable T find(String operation, ScaleCall<T> call) {
    try {
      return scale.call(operation, Idempotency.IDEMPOTENT, call);
    } catch (ScaleHttpException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static @Nullable OffsetDateTime time(@Nullable Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
