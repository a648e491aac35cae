package io.scalecrm.examples.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.testkit.ContractData;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Shared fixtures of the Salesforce adapter tests: key pair, clock, sleeper, page draining. */
final class SalesforceTestSupport {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-01T12:00:00Z"), ZoneOffset.UTC);

  /**
   * The key pair the fake trusts, generated per test run: no private key, not even a test one, is
   * committed (secret scanners rightly flag PEM files).
   */
  static final KeyPair KEYS = generate();

  /** A key pair the fake does not trust. */
  static final KeyPair OTHER_KEYS = generate();

  private SalesforceTestSupport() {}

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate a test key", e);
    }
  }

  /** Records back-off delays instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> delays = new ArrayList<>();

    @Override
    public void sleep(Duration duration) {
      delays.add(duration);
    }
  }

  /** A client-credentials configuration against the fake, with a recording sleeper. */
  static SalesforceConfig.Builder config(FakeSalesforce fake, Sleeper sleeper) {
    return SalesforceConfig.builder()
        .loginUrl(URI.create(fake.url()))
        .clientCredentials(FakeSalesforce.CLIENT_ID, FakeSalesforce.CLIENT_SECRET)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
        .clock(CLOCK)
        .sleeper(sleeper);
  }

  /** Everything a read yields, checking page sizes and the ascending, duplicate-free order. */
  static <T extends CrmRecord> Drained<T> drain(
      Function<CrmQuery, CrmPage<T>> read, @Nullable ChangeCursor since, int pageSize) {
    List<T> records = new ArrayList<>();
    List<InvalidCrmRecordException> rejected = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    CrmQuery query = CrmQuery.first(since, pageSize);
    for (int guard = 0; guard < 1000; guard++) {
      CrmPage<T> page = read.apply(query);
      assertThat(page.records().size() + page.rejected().size()).isLessThanOrEqualTo(pageSize);
      sizes.add(page.records().size() + page.rejected().size());
      records.addAll(page.records());
      rejected.addAll(page.rejected());
      if (page.last()) {
        for (int i = 1; i < records.size(); i++) {
          assertThat(records.get(i - 1).cursor().isBefore(records.get(i).cursor()))
              .as("strictly ascending at %s", records.get(i).crmId())
              .isTrue();
        }
        return new Drained<>(records, rejected, sizes);
      }
      query = query.next(page);
    }
    throw new AssertionError("more than 1000 pages");
  }

  /** What {@link #drain} collected. */
  record Drained<T>(
      List<T> records, List<InvalidCrmRecordException> rejected, List<Integer> pageSizes) {
    List<String> ids() {
      return records.stream().map(r -> ((CrmRecord) r).crmId()).toList();
    }
  }

  /** The Contact checkbox that {@link #load} sets on inactive contacts. */
  static final String CONTACT_INACTIVE = "Inactive__c";

  /** The line picklist that {@link #load} sets to {@code Cancelled} on cancelled lines. */
  static final String LINE_STATUS = "Scale_Status__c";

  /** The line date that {@link #load} sets to a cancelled line's end. */
  static final String LINE_CANCELLED_ON = "Cancelled_On__c";

  /**
   * The configuration that reads what {@link #load} writes: removals included ({@link
   * #CONTACT_INACTIVE}, {@link #LINE_STATUS}, {@link #LINE_CANCELLED_ON}).
   */
  static SalesforceConfig.Builder removalConfig(SalesforceConfig.Builder config) {
    return config
        .b2cField("IsPersonAccount")
        .accountEmailField("Licensee_Email__c")
        .inactiveContactWhen(CONTACT_INACTIVE, "true")
        .cancelledLineWhen(LINE_STATUS, "Cancelled", LINE_CANCELLED_ON);
  }

  /**
   * Loads canonical records into the fake as Salesforce rows (person accounts flagged by {@code
   * IsPersonAccount}, the account email in {@code Licensee_Email__c}), and the tombstones as what
   * Salesforce shows for them: deleted accounts, contacts and orders in the recycle bin ({@code
   * IsDeleted}, read by {@code queryAll}), inactive contacts with {@link #CONTACT_INACTIVE}, a
   * cancelled order with the status {@code Cancelled} and no lines. A cancelled line is a deleted
   * line when it has no end date, else one with {@link #LINE_STATUS} {@code Cancelled} and its end
   * in {@link #LINE_CANCELLED_ON}.
   */
  static void load(FakeSalesforce fake, ContractData data) {
    data.accounts().forEach(a -> load(fake, a));
    data.contacts().forEach(c -> load(fake, c));
    data.orders().forEach(o -> load(fake, o));
    for (CrmTombstone t : data.tombstones()) {
      switch (t.recordType()) {
        case ACCOUNT:
          fake.account(t.crmId(), "Deleted " + t.crmId(), t.modifiedAt().minusSeconds(60));
          fake.delete("Account", t.crmId(), t.modifiedAt());
          break;
        case CONTACT:
          fake.contact(t.crmId(), t.accountCrmId(), "Former", "Contact", null, t.modifiedAt());
          if (t.removal() == RemovalKind.DELETED) {
            fake.delete("Contact", t.crmId(), t.modifiedAt());
          } else {
            fake.get("Contact", t.crmId()).put(CONTACT_INACTIVE, true);
          }
          break;
        default:
          fake.order(t.crmId(), t.accountCrmId(), true, t.modifiedAt());
          if (t.removal() == RemovalKind.DELETED) {
            fake.delete("Order", t.crmId(), t.modifiedAt());
          } else {
            fake.get("Order", t.crmId()).put("Status", "Cancelled").put("StatusCode", "Draft");
          }
          break;
      }
    }
  }

  private static void load(FakeSalesforce fake, CrmAccount a) {
    var row = fake.account(a.crmId(), a.name(), a.modifiedAt());
    row.put("IsPersonAccount", a.type() == CustomerType.B2C);
    row.put("Licensee_Email__c", a.email());
    if (a.contactInfo() != null) {
      row.putObject("BillingAddress").put("street", a.contactInfo());
    }
  }

  private static void load(FakeSalesforce fake, CrmContact c) {
    String name = c.name();
    int space = name.lastIndexOf(' ');
    fake.contact(
        c.crmId(),
        c.accountCrmId(),
        space < 0 ? null : name.substring(0, space),
        name.substring(space + 1),
        c.email(),
        c.modifiedAt());
  }

  private static void load(FakeSalesforce fake, CrmOrder o) {
    fake.order(o.crmId(), o.accountCrmId(), true, o.modifiedAt());
    for (CrmOrderLine l : o.lines()) {
      var line = fake.orderItem(o.crmId(), l.lineId(), l.quantity() + ".0", l.sku());
      if (l.cancelled() && l.cancelledAt() == null) {
        line.put("IsDeleted", true);
      } else if (l.cancelled()) {
        line.put(LINE_STATUS, "Cancelled");
        line.put(
            LINE_CANCELLED_ON,
            l.cancelledAt()
                    .equals(
                        LocalDate.ofInstant(l.cancelledAt(), ZoneOffset.UTC)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant())
                ? LocalDate.ofInstant(l.cancelledAt(), ZoneOffset.UTC).toString()
                : l.cancelledAt().toString());
      }
      if (l.validFrom() != null) {
        line.put("ServiceDate", LocalDate.ofInstant(l.validFrom(), ZoneOffset.UTC).toString());
      }
      if (l.validUntil() != null) {
        // EndDate is the last day of validity; the adapter reads it as the end of that day
        line.put(
            "EndDate",
            LocalDate.ofInstant(l.validUntil().minusNanos(1), ZoneOffset.UTC).toString());
      }
    }
  }
}
