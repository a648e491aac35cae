package io.scalecrm.examples.salesforce;

import static io.scalecrm.examples.salesforce.SalesforceTestSupport.CLOCK;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.LineStatus;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.examples.salesforce.SalesforceTestSupport.RecordingSleeper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Removals from Salesforce's own signals: IsDeleted through queryAll, statuses, flags. */
class SalesforceRemovalsTest {

  private static final String ACC1 = "001A00000000001AAA";
  private static final String ACC2 = "001A00000000002AAA";
  private static final String ORDER1 = "801A00000000001AAA";
  private static final String ORDER2 = "801A00000000002AAA";

  private FakeSalesforce fake;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() {
    fake = FakeSalesforce.start(CLOCK);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private SalesforceConfig.Builder config() {
    return SalesforceTestSupport.config(fake, sleeper);
  }

  private static SalesforceAdapter adapter(SalesforceConfig.Builder config) {
    return SalesforceAdapter.create(config.build());
  }

  @Test
  void aDeletedAccountIsATombstoneOnItsChangeCursorBetweenLiveRecords() {
    fake.account(ACC1, "Early", T0);
    fake.account(ACC2, "Deleted", T0);
    fake.delete("Account", ACC2, T0.plusSeconds(5));
    fake.account("001A00000000003AAA", "Late", T0.plusSeconds(9));

    CrmPage<CrmAccount> page = adapter(config()).accounts(CrmQuery.first(null, 10));

    assertThat(page.records())
        .extracting(CrmAccount::crmId)
        .containsExactly(ACC1, "001A00000000003AAA");
    assertThat(page.tombstones())
        .containsExactly(CrmTombstone.accountDeleted(ACC2, T0.plusSeconds(5)));
    assertThat(fake.apiRequests().get(0).path()).isEqualTo("/services/data/v62.0/queryAll");
  }

  @Test
  void tombstonesCountTowardsThePageAndResumeLikeRecords() {
    for (int i = 1; i <= 6; i++) {
      fake.account("001A0000000000" + i + "AAA", "A" + i, T0.plusSeconds(i));
      if (i % 2 == 0) {
        fake.delete("Account", "001A0000000000" + i + "AAA", T0.plusSeconds(i));
      }
    }
    SalesforceAdapter adapter = adapter(config());

    CrmPage<CrmAccount> first = adapter.accounts(CrmQuery.first(null, 3));
    CrmPage<CrmAccount> second = adapter.accounts(CrmQuery.first(null, 3).next(first));

    assertThat(first.records())
        .extracting(CrmAccount::crmId)
        .containsExactly("001A00000000001AAA", "001A00000000003AAA");
    assertThat(first.tombstones())
        .extracting(CrmTombstone::crmId)
        .containsExactly("001A00000000002AAA");
    assertThat(second.records())
        .extracting(CrmAccount::crmId)
        .containsExactly("001A00000000005AAA");
    assertThat(second.tombstones())
        .extracting(CrmTombstone::crmId)
        .containsExactly("001A00000000004AAA", "001A00000000006AAA");
    assertThat(second.last()).isTrue();
    // resuming from a tombstone's cursor returns what follows it
    CrmPage<CrmAccount> resumed =
        adapter.accounts(CrmQuery.first(first.tombstones().get(0).cursor(), 10));
    assertThat(resumed.records())
        .extracting(CrmAccount::crmId)
        .containsExactly("001A00000000003AAA", "001A00000000005AAA");
  }

  @Test
  void deletedAndInactiveContactsAreTombstonesForTheirAccount() {
    fake.contact("003A00000000001AAA", ACC1, "Ada", "Lovelace", "ada@example.org", T0);
    fake.contact("003A00000000002AAA", ACC1, "Gone", "Person", null, T0);
    fake.delete("Contact", "003A00000000002AAA", T0.plusSeconds(2));
    fake.contact("003A00000000003AAA", ACC2, "Left", "Company", null, T0.plusSeconds(3))
        .put("Inactive__c", true);
    fake.contact("003A00000000004AAA", ACC2, "Still", "Here", null, T0.plusSeconds(4))
        .put("Inactive__c", false);

    CrmPage<CrmContact> page =
        adapter(config().inactiveContactWhen("Inactive__c", "true"))
            .contacts(CrmQuery.first(null, 10));

    assertThat(page.records())
        .extracting(CrmContact::crmId)
        .containsExactly("003A00000000001AAA", "003A00000000004AAA");
    assertThat(page.tombstones())
        .containsExactly(
            CrmTombstone.contactRemoved(
                "003A00000000002AAA", ACC1, RemovalKind.DELETED, T0.plusSeconds(2)),
            CrmTombstone.contactRemoved(
                "003A00000000003AAA", ACC2, RemovalKind.INACTIVE, T0.plusSeconds(3)));
    assertThat(fake.apiRequests().get(0).soql()).contains("IsDeleted, Inactive__c FROM Contact");
  }

  @Test
  void withoutAnInactiveFieldAnInactiveLookingContactIsLive() {
    fake.contact("003A00000000003AAA", ACC2, "Left", "Company", null, T0).put("Inactive__c", true);

    CrmPage<CrmContact> page = adapter(config()).contacts(CrmQuery.first(null, 10));

    assertThat(page.records()).hasSize(1);
    assertThat(page.tombstones()).isEmpty();
  }

  @Test
  void aRemovalWithoutAnAccountIsSkippedAndCountedNeverGuessed() {
    fake.contact("003A00000000001AAA", null, "No", "Account", null, T0);
    fake.delete("Contact", "003A00000000001AAA", T0.plusSeconds(1));
    fake.order(ORDER1, ACC1, true, T0).putNull("AccountId");
    fake.delete("Order", ORDER1, T0.plusSeconds(1));
    fake.contact("003A00000000002AAA", ACC1, "Live", "One", null, T0.plusSeconds(2));
    SalesforceAdapter adapter = adapter(config());

    CrmPage<CrmContact> contacts = adapter.contacts(CrmQuery.first(null, 10));
    CrmPage<CrmOrder> orders = adapter.orders(CrmQuery.first(null, 10));

    assertThat(contacts.tombstones()).isEmpty();
    assertThat(contacts.rejected()).isEmpty();
    assertThat(contacts.records())
        .extracting(CrmContact::crmId)
        .containsExactly("003A00000000002AAA");
    assertThat(orders.tombstones()).isEmpty();
    assertThat(orders.records()).isEmpty();
    assertThat(adapter.skippedRemovals()).isEqualTo(2);
  }

  @Test
  void aDeletedOrderIsATombstoneAndADraftOrderIsNotRead() {
    fake.order(ORDER1, ACC1, true, T0);
    fake.orderItem(ORDER1, "802A00000000001AAA", "1", "SKU");
    fake.delete("Order", ORDER1, T0.plusSeconds(3));
    fake.order(ORDER2, ACC1, false, T0.plusSeconds(4)); // a draft: never licensed, never read

    CrmPage<CrmOrder> page = adapter(config()).orders(CrmQuery.first(null, 10));

    assertThat(page.records()).isEmpty();
    assertThat(page.tombstones())
        .containsExactly(
            new CrmTombstone(
                CrmRecordType.ORDER,
                ORDER1,
                ACC1,
                RemovalKind.DELETED,
                T0.plusSeconds(3),
                null,
                List.of()));
  }

  @Test
  void aCancelledOrderComesBackWithEveryLineCancelled() {
    fake.order(ORDER1, ACC1, true, T0).put("Status", "Cancelled").put("StatusCode", "Draft");
    fake.orderItem(ORDER1, "802A00000000001AAA", "2", "SKU-A");
    fake.orderItem(ORDER1, "802A00000000002AAA", "1", "SKU-B");

    CrmPage<CrmOrder> page = adapter(config()).orders(CrmQuery.first(null, 10));

    assertThat(page.tombstones()).isEmpty();
    assertThat(page.records())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.accountCrmId()).isEqualTo(ACC1);
              assertThat(o.lines())
                  .extracting(CrmOrderLine::lineId, CrmOrderLine::status, CrmOrderLine::cancelledAt)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(
                          "802A00000000001AAA", LineStatus.CANCELLED, null),
                      org.assertj.core.groups.Tuple.tuple(
                          "802A00000000002AAA", LineStatus.CANCELLED, null));
            });
  }

  @Test
  void aCancelledOrderWhoseLinesCannotBeReadIsACancelledTombstone() {
    fake.order(ORDER1, ACC1, true, T0).put("Status", "Cancelled");
    fake.order(ORDER2, ACC2, true, T0.plusSeconds(1)).put("Status", "Cancelled");
    fake.orderItem(ORDER2, "802A00000000001AAA", "2.5", "SKU-A"); // not a whole quantity

    CrmPage<CrmOrder> page = adapter(config()).orders(CrmQuery.first(null, 10));

    assertThat(page.records()).isEmpty();
    assertThat(page.tombstones())
        .containsExactly(
            CrmTombstone.orderCancelled(ORDER1, ACC1, T0, null),
            CrmTombstone.orderCancelled(ORDER2, ACC2, T0.plusSeconds(1), null));
  }

  @Test
  void cancelledStatusesAreConfigurableAndApplyToOpportunityStages() {
    fake.opportunity("006A00000000001AAA", ACC1, false, T0).put("StageName", "Closed Lost");
    fake.opportunityLineItem("006A00000000001AAA", "00kA00000000001AAA", "3", "SKU");
    fake.opportunity("006A00000000002AAA", ACC1, false, T0.plusSeconds(1))
        .put("StageName", "Prospecting");

    SalesforceConfig.Builder opportunities =
        config().objectPair(SalesforceConfig.ObjectPair.OPPORTUNITY);
    CrmPage<CrmOrder> byDefault = adapter(opportunities).orders(CrmQuery.first(null, 10));
    CrmPage<CrmOrder> configured =
        adapter(opportunities.cancelledStatuses(List.of("Closed Lost")))
            .orders(CrmQuery.first(null, 10));

    assertThat(byDefault.records()).isEmpty(); // no cancelled stages for opportunities by default
    assertThat(configured.records())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.crmId()).isEqualTo("006A00000000001AAA");
              assertThat(o.lines()).allSatisfy(l -> assertThat(l.cancelled()).isTrue());
            });
    assertThat(fake.apiRequests().get(1).soql())
        .contains("(IsWon = true OR IsDeleted = true OR StageName IN ('Closed Lost'))");
  }

  @Test
  void deletedAndFlaggedLinesOfALiveOrderAreCancelledLines() {
    fake.order(ORDER1, ACC1, true, T0);
    fake.orderItem(ORDER1, "802A00000000001AAA", "1", "SKU-A");
    fake.orderItem(ORDER1, "802A00000000002AAA", "1", "SKU-B").put("IsDeleted", true);
    fake.orderItem(ORDER1, "802A00000000003AAA", "1", "SKU-C")
        .put("Status__c", "cancelled")
        .put("Cancelled_On__c", "2026-07-31");
    fake.orderItem(ORDER1, "802A00000000004AAA", "1", "SKU-D")
        .put("Status__c", "Cancelled")
        .put("Cancelled_On__c", "2026-08-01T12:30:00.000+0000");
    fake.orderItem(ORDER1, "802A00000000005AAA", "1", "SKU-E")
        .put("Status__c", "Cancelled")
        .put("Cancelled_On__c", "soon");

    CrmOrder order =
        adapter(config().cancelledLineWhen("Status__c", "Cancelled", "Cancelled_On__c"))
            .orders(CrmQuery.first(null, 10))
            .records()
            .get(0);

    assertThat(order.lines())
        .extracting(CrmOrderLine::lineId, CrmOrderLine::status, CrmOrderLine::cancelledAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("802A00000000001AAA", LineStatus.ACTIVE, null),
            org.assertj.core.groups.Tuple.tuple("802A00000000002AAA", LineStatus.CANCELLED, null),
            org.assertj.core.groups.Tuple.tuple(
                "802A00000000003AAA", LineStatus.CANCELLED, Instant.parse("2026-07-31T00:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(
                "802A00000000004AAA", LineStatus.CANCELLED, Instant.parse("2026-08-01T12:30:00Z")));
    assertThat(order.invalidLines())
        .extracting(InvalidCrmRecordException::crmId, InvalidCrmRecordException::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("802A00000000005AAA", "cancelledAt"));
    assertThat(fake.apiRequests().get(0).soql())
        .contains("IsDeleted, Product2.ProductCode, Status__c, Cancelled_On__c FROM OrderItems");
  }

  @Test
  void aDeletedAccountIsNotFoundById() {
    fake.account(ACC1, "Gone", T0);
    fake.delete("Account", ACC1, T0.plusSeconds(1));

    assertThat(adapter(config()).account(ACC1)).isEmpty();
  }

  @Test
  void theCancelledStatusIsQuotedSafely() {
    fake.order(ORDER1, ACC1, true, T0).put("Status", "Can't ship").put("StatusCode", "Draft");
    fake.orderItem(ORDER1, "802A00000000001AAA", "1", "SKU-A");

    CrmPage<CrmOrder> page =
        adapter(config().cancelledStatuses(List.of("Can't ship"))).orders(CrmQuery.first(null, 10));

    assertThat(page.records())
        .singleElement()
        .satisfies(o -> assertThat(o.lines()).allSatisfy(l -> assertThat(l.cancelled()).isTrue()));
    assertThat(fake.apiRequests().get(0).soql()).contains("Status IN ('Can\\'t ship')");
  }
}
