package io.scalecrm.examples.salesforce;

import static io.scalecrm.examples.salesforce.SalesforceTestSupport.CLOCK;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.T0;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.ScaleLink;
import io.scalecrm.examples.salesforce.SalesforceTestSupport.Drained;
import io.scalecrm.examples.salesforce.SalesforceTestSupport.RecordingSleeper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceReadTest {

  private static final String ACC1 = "001A00000000001AAA";
  private static final String ACC2 = "001A00000000002AAA";

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

  private SalesforceAdapter adapter() {
    return SalesforceAdapter.create(SalesforceTestSupport.config(fake, sleeper).build());
  }

  private SalesforceAdapter adapter(SalesforceConfig.Builder config) {
    return SalesforceAdapter.create(config.build());
  }

  private SalesforceConfig.Builder config() {
    return SalesforceTestSupport.config(fake, sleeper);
  }

  // ------------------------------------------------------------------ accounts

  @Test
  void mapsAccountsWithContactInfoAndAccountNumber() {
    fake.account(ACC1, "Acme GmbH", T0).put("Phone", "+49 30 1234").put("AccountNumber", "CD-42");
    fake.get("Account", ACC1)
        .putObject("BillingAddress")
        .put("street", "Hauptstr. 1")
        .put("city", "Berlin")
        .putNull("state")
        .put("postalCode", "10115")
        .put("country", "Germany");
    fake.account(ACC2, "Globex", T0.plusSeconds(1));

    List<CrmAccount> accounts = drain(adapter()::accounts, null, 10).records();

    assertThat(accounts)
        .containsExactly(
            new CrmAccount(
                ACC1,
                "Acme GmbH",
                null,
                null,
                "Phone: +49 30 1234\nHauptstr. 1\nBerlin 10115\nGermany",
                CustomerType.B2B,
                Map.of("accountNumber", "CD-42"),
                T0),
            new CrmAccount(
                ACC2, "Globex", null, null, null, CustomerType.B2B, Map.of(), T0.plusSeconds(1)));
  }

  @Test
  void personAccountsAreB2cWithTheConfiguredEmailField() {
    fake.account(ACC1, "Ada Lovelace", T0)
        .put("IsPersonAccount", true)
        .put("PersonEmail", "ada@example.org");
    fake.account(ACC2, "Acme GmbH", T0.plusSeconds(1))
        .put("IsPersonAccount", false)
        .putNull("PersonEmail");

    List<CrmAccount> accounts =
        drain(
                adapter(config().b2cField("IsPersonAccount").accountEmailField("PersonEmail"))
                    ::accounts,
                null,
                10)
            .records();

    assertThat(accounts)
        .extracting(CrmAccount::type)
        .containsExactly(CustomerType.B2C, CustomerType.B2B);
    assertThat(accounts.get(0).email()).isEqualTo("ada@example.org");
    assertThat(fake.apiRequests().get(0).soql())
        .isEqualTo(
            "SELECT Id, Name, AccountNumber, Phone, BillingAddress, SystemModstamp, IsDeleted,"
                + " PersonEmail, IsPersonAccount FROM Account WHERE SystemModstamp >="
                + " 1970-01-01T00:00:00Z ORDER BY SystemModstamp ASC");
  }

  @Test
  void invalidAccountIsRejectedNotFatal() {
    fake.account(ACC1, "Acme", T0).put("Email__c", "not-an-address");
    fake.account(ACC2, "Globex", T0.plusSeconds(1)).put("Email__c", "it@globex.example");

    CrmPage<CrmAccount> page =
        adapter(config().accountEmailField("Email__c")).accounts(CrmQuery.first(null, 10));

    assertThat(page.records()).extracting(CrmAccount::crmId).containsExactly(ACC2);
    assertThat(page.rejected())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.crmId()).isEqualTo(ACC1);
              assertThat(e.field()).isEqualTo("email");
            });
  }

  @Test
  void readsOneAccountById() {
    fake.account(ACC1, "Acme GmbH", T0);

    SalesforceAdapter adapter = adapter();

    assertThat(adapter.account(ACC1)).map(CrmAccount::name).contains("Acme GmbH");
    assertThat(adapter.account("001A00000000404AAA")).isEmpty();
    assertThat(adapter.account(" ")).isEmpty();
    assertThat(fake.apiRequests().get(0).path())
        .isEqualTo("/services/data/v62.0/sobjects/Account/" + ACC1);
  }

  // ------------------------------------------------------------------ contacts

  @Test
  void mapsContactsAndRejectsContactsWithoutAccount() {
    fake.contact("003A00000000001AAA", ACC1, "Ada", "Lovelace", "ada@example.org", T0);
    fake.contact("003A00000000002AAA", null, "Private", "Person", null, T0.plusSeconds(1));
    fake.contact("003A00000000003AAA", ACC1, null, "Babbage", null, T0.plusSeconds(2));

    CrmPage<CrmContact> page = adapter().contacts(CrmQuery.first(null, 10));

    assertThat(page.records())
        .containsExactly(
            new CrmContact(
                "003A00000000001AAA",
                ACC1,
                "Ada Lovelace",
                "ada@example.org",
                ConsumerKind.PERSON,
                null,
                T0),
            new CrmContact(
                "003A00000000003AAA",
                ACC1,
                "Babbage",
                null,
                ConsumerKind.PERSON,
                null,
                T0.plusSeconds(2)));
    assertThat(page.rejected())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.crmId()).isEqualTo("003A00000000002AAA");
              assertThat(e.field()).isEqualTo("accountCrmId");
              assertThat(e.recordType()).isEqualTo(CrmRecordType.CONTACT);
            });
    assertThat(page.last()).isTrue();
  }

  // ------------------------------------------------------------------ orders

  @Test
  void mapsActivatedOrdersWithTheirLinesInOneQuery() {
    fake.order("801A00000000001AAA", ACC1, true, T0)
        .put("EffectiveDate", "2026-03-01")
        .put("EndDate", "2027-02-28");
    fake.orderItem("801A00000000001AAA", "802A00000000001AAA", "5.0", "SKU-PRO")
        .put("ServiceDate", "2026-04-01")
        .put("EndDate", "2026-12-31");
    fake.orderItem("801A00000000001AAA", "802A00000000002AAA", "1", "SKU-ADDON");
    fake.order("801A00000000002AAA", ACC1, false, T0.plusSeconds(1)); // draft: not read
    fake.order("801A00000000003AAA", ACC2, true, T0.plusSeconds(2)); // no lines

    List<CrmOrder> orders = drain(adapter()::orders, null, 10).records();

    assertThat(orders)
        .extracting(CrmOrder::crmId)
        .containsExactly("801A00000000001AAA", "801A00000000003AAA");
    CrmOrder first = orders.get(0);
    assertThat(first.accountCrmId()).isEqualTo(ACC1);
    assertThat(first.modifiedAt()).isEqualTo(T0);
    assertThat(first.invalidLines()).isEmpty();
    assertThat(first.lines())
        .containsExactly(
            new CrmOrderLine(
                "802A00000000001AAA",
                "SKU-PRO",
                5,
                Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                null,
                null),
            // no dates on the line: the order's EffectiveDate and EndDate
            new CrmOrderLine(
                "802A00000000002AAA",
                "SKU-ADDON",
                1,
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2027-03-01T00:00:00Z"),
                null,
                null));
    assertThat(orders.get(1).lines()).isEmpty();
    assertThat(fake.apiRequests()).hasSize(1);
    assertThat(fake.apiRequests().get(0).path()).isEqualTo("/services/data/v62.0/queryAll");
    assertThat(fake.apiRequests().get(0).soql())
        .isEqualTo(
            "SELECT Id, AccountId, Status, EffectiveDate, EndDate, SystemModstamp, IsDeleted,"
                + " (SELECT Id, Quantity, ServiceDate, EndDate, IsDeleted, Product2.ProductCode"
                + " FROM OrderItems) FROM Order WHERE SystemModstamp >= 1970-01-01T00:00:00Z AND"
                + " (StatusCode = 'Activated' OR IsDeleted = true OR Status IN ('Cancelled'))"
                + " ORDER BY SystemModstamp ASC");
  }

  @Test
  void mapsWonOpportunitiesWithACustomSkuField() {
    fake.opportunity("006A00000000001AAA", ACC1, true, T0);
    fake.opportunityLineItem("006A00000000001AAA", "00kA00000000001AAA", "10.0", "IGNORED")
        .put("ServiceDate", "2026-05-01")
        .withObjectProperty("Product2")
        .put("Scale_Config__c", "cfg-7");
    fake.opportunity("006A00000000002AAA", ACC1, false, T0.plusSeconds(1));

    List<CrmOrder> orders =
        drain(
                adapter(
                        config()
                            .objectPair(SalesforceConfig.ObjectPair.OPPORTUNITY)
                            .skuField("Product2.Scale_Config__c"))
                    ::orders,
                null,
                10)
            .records();

    assertThat(orders)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.crmId()).isEqualTo("006A00000000001AAA");
              assertThat(o.lines())
                  .containsExactly(
                      new CrmOrderLine(
                          "00kA00000000001AAA",
                          "cfg-7",
                          10,
                          Instant.parse("2026-05-01T00:00:00Z"),
                          null,
                          null,
                          null));
            });
    assertThat(fake.apiRequests().get(0).soql())
        .contains(
            "Product2.Scale_Config__c FROM OpportunityLineItems",
            "AND (IsWon = true OR IsDeleted = true)");
  }

  @Test
  void fractionalQuantityIsAnInvalidLineNamingTheField() {
    fake.order("801A00000000001AAA", ACC1, true, T0);
    fake.orderItem("801A00000000001AAA", "802A00000000001AAA", "2.5", "SKU-PRO");
    fake.orderItem("801A00000000001AAA", "802A00000000002AAA", "3.00", "SKU-PRO");
    fake.orderItem("801A00000000001AAA", "802A00000000003AAA", "1", null);
    fake.orderItem("801A00000000001AAA", "802A00000000004AAA", "0.0", "SKU-PRO");

    CrmPage<CrmOrder> page = adapter().orders(CrmQuery.first(null, 10));

    CrmOrder order = page.records().get(0);
    assertThat(order.lines())
        .extracting(CrmOrderLine::lineId)
        .containsExactly("802A00000000002AAA");
    assertThat(order.lines().get(0).quantity()).isEqualTo(3);
    assertThat(order.invalidLines())
        .extracting(InvalidCrmRecordException::crmId, InvalidCrmRecordException::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("802A00000000001AAA", "quantity"),
            org.assertj.core.groups.Tuple.tuple("802A00000000003AAA", "sku"),
            org.assertj.core.groups.Tuple.tuple("802A00000000004AAA", "quantity"));
    assertThat(order.invalidLines().get(0).getMessage())
        .contains("OrderItem.Quantity = 2.5", "whole number");
    assertThat(order.invalidLines().get(1).getMessage()).contains("OrderItem.Product2.ProductCode");
    assertThat(page.rejected()).isEmpty();
  }

  @Test
  void orderWithoutAccountIsRejected() {
    fake.order("801A00000000001AAA", ACC1, true, T0).putNull("AccountId");
    fake.order("801A00000000002AAA", ACC1, true, T0.plusSeconds(1));

    CrmPage<CrmOrder> page = adapter().orders(CrmQuery.first(null, 10));

    assertThat(page.records()).extracting(CrmOrder::crmId).containsExactly("801A00000000002AAA");
    assertThat(page.rejected())
        .extracting(InvalidCrmRecordException::field)
        .containsExactly("accountCrmId");
  }

  @Test
  void followsTheChildRelationshipsOwnBatches() {
    fake.childBatchSize(2);
    fake.order("801A00000000001AAA", ACC1, true, T0);
    for (int i = 1; i <= 5; i++) {
      fake.orderItem("801A00000000001AAA", "802A0000000000" + i + "AAA", i + ".0", "SKU-" + i);
    }

    CrmOrder order = adapter().orders(CrmQuery.first(null, 10)).records().get(0);

    assertThat(order.lines()).extracting(CrmOrderLine::quantity).containsExactly(1, 2, 3, 4, 5);
    assertThat(fake.apiRequests())
        .extracting(FakeSalesforce.Recorded::path)
        .containsExactly(
            "/services/data/v62.0/queryAll",
            "/services/data/v62.0/query/01gCHLD000000000001-2",
            "/services/data/v62.0/query/01gCHLD000000000001-4");
  }

  // ------------------------------------------------------------------ paging, order, resume

  @Test
  void pagesFollowNextRecordsUrlAndDeliverEachRecordOnceInOrder() {
    fake.batchSize(3);
    for (int i = 10; i < 20; i++) {
      fake.account("001A0000000000" + i + "AA", "Account " + i, T0.plusSeconds(i));
    }

    for (int pageSize : new int[] {1, 2, 3, 4, 10, 100}) {
      Drained<CrmAccount> all = drain(adapter()::accounts, null, pageSize);
      assertThat(all.records()).as("pageSize %d", pageSize).hasSize(10);
      assertThat(all.ids()).doesNotHaveDuplicates();
    }
    assertThat(fake.apiRequests())
        .extracting(FakeSalesforce.Recorded::path)
        .anyMatch(path -> path.matches("/services/data/v62.0/query/01gFAKE\\d+-3"));
    // batches as large as the page (Salesforce's minimum is 200)
    assertThat(fake.apiRequests())
        .extracting(FakeSalesforce.Recorded::queryOptions)
        .containsOnly("batchSize=200");
  }

  @Test
  void batchSizeFollowsThePageSizeUpToTheConfiguredMaximum() {
    fake.account(ACC1, "A", T0);

    adapter().accounts(CrmQuery.first(null, 1000));
    adapter(config().batchSize(500)).accounts(CrmQuery.first(null, 1000));
    adapter(config().batchSize(500)).accounts(CrmQuery.first(null, 300));

    assertThat(fake.apiRequests())
        .extracting(FakeSalesforce.Recorded::queryOptions)
        .containsExactly("batchSize=1000", "batchSize=500", "batchSize=300");
  }

  @Test
  void onePageMaySpanSeveralBatches() {
    fake.batchSize(2);
    for (int i = 10; i < 15; i++) {
      fake.account("001A0000000000" + i + "AA", "Account " + i, T0.plusSeconds(i));
    }

    Drained<CrmAccount> all = drain(adapter()::accounts, null, 4);

    assertThat(all.pageSizes()).containsExactly(4, 1);
    // the first page looks into the third batch to see that its last second is complete; the
    // second page starts there without reading that batch again
    assertThat(fake.apiRequests())
        .extracting(FakeSalesforce.Recorded::path)
        .containsExactly(
            "/services/data/v62.0/queryAll",
            "/services/data/v62.0/query/01gFAKE000000000001-2",
            "/services/data/v62.0/query/01gFAKE000000000001-4");
  }

  @Test
  void sameTimestampTiesAreOrderedById() {
    fake.batchSize(2);
    fake.account("001A00000000003AAA", "C", T0);
    fake.account("001A00000000001AAA", "A", T0);
    fake.account("001A0000000000aAAA", "lower-case id", T0);
    fake.account("001A00000000002AAA", "B", T0);
    fake.account("001A00000000000AAA", "earlier", T0.minusMillis(1));

    Drained<CrmAccount> all = drain(adapter()::accounts, null, 2);

    assertThat(all.ids())
        .containsExactly(
            "001A00000000000AAA",
            "001A00000000001AAA",
            "001A00000000002AAA",
            "001A00000000003AAA",
            "001A0000000000aAAA");
  }

  @Test
  void resumingFromACursorReturnsExactlyTheRecordsAfterIt() {
    fake.batchSize(2);
    Instant sameSecond = T0.plusMillis(250);
    fake.account("001A00000000001AAA", "before", T0);
    fake.account("001A00000000002AAA", "tie before", sameSecond);
    fake.account("001A00000000003AAA", "the cursor", sameSecond);
    fake.account("001A00000000004AAA", "tie after", sameSecond);
    fake.account("001A00000000005AAA", "same second, later ms", T0.plusMillis(900));
    fake.account("001A00000000006AAA", "later", T0.plusSeconds(5));

    ChangeCursor cursor = new ChangeCursor(sameSecond, "001A00000000003AAA");
    Drained<CrmAccount> rest = drain(adapter()::accounts, cursor, 1);

    assertThat(rest.ids())
        .containsExactly("001A00000000004AAA", "001A00000000005AAA", "001A00000000006AAA");
    // the SOQL bound is the cursor's second, inclusive; the adapter drops the rest itself
    assertThat(fake.apiRequests().get(0).soql()).contains("SystemModstamp >= 2026-03-01T10:00:00Z");
  }

  @Test
  void everyCursorOfAFullReadResumesExactly() {
    fake.batchSize(2);
    for (int i = 0; i < 7; i++) {
      fake.account("001A0000000000" + i + "AAA", "A" + i, T0.plusMillis(400L * (i / 2)));
    }
    List<CrmAccount> all = drain(adapter()::accounts, null, 3).records();
    assertThat(all).hasSize(7);

    for (int i = 0; i < all.size(); i++) {
      List<CrmAccount> rest = drain(adapter()::accounts, all.get(i).cursor(), 2).records();
      assertThat(rest).as("after %s", all.get(i).crmId()).isEqualTo(all.subList(i + 1, all.size()));
    }
  }

  @Test
  void aPageCanBeReadAgainWithTheSameToken() {
    fake.batchSize(3);
    for (int i = 1; i <= 5; i++) {
      fake.account("001A0000000000" + i + "AAA", "A" + i, T0.plusSeconds(i));
    }
    SalesforceAdapter adapter = adapter();
    CrmPage<CrmAccount> first = adapter.accounts(CrmQuery.first(null, 2));
    CrmQuery second = CrmQuery.first(null, 2).next(first);

    CrmPage<CrmAccount> once = adapter.accounts(second);
    CrmPage<CrmAccount> again = adapter.accounts(second);

    assertThat(again.records()).isEqualTo(once.records());
    assertThat(once.records())
        .extracting(CrmAccount::crmId)
        .containsExactly("001A00000000003AAA", "001A00000000004AAA");
    // both tokens lead to the same rest (their locators may differ: each re-query opens one)
    assertThat(adapter.accounts(second.next(again)).records())
        .isEqualTo(adapter.accounts(second.next(once)).records())
        .extracting(CrmAccount::crmId)
        .containsExactly("001A00000000005AAA");
  }

  @Test
  void expiredQueryLocatorFallsBackToANewQueryFromTheLastCursor() {
    fake.batchSize(2);
    for (int i = 1; i <= 5; i++) {
      fake.account("001A0000000000" + i + "AAA", "A" + i, T0.plusSeconds(i));
    }
    CrmPage<CrmAccount> first = adapter().accounts(CrmQuery.first(null, 2));
    fake.expireQueryLocators();

    // another adapter instance: it has not kept the batch the token points at
    CrmPage<CrmAccount> second = adapter().accounts(CrmQuery.first(null, 2).next(first));

    assertThat(second.records())
        .extracting(CrmAccount::crmId)
        .containsExactly("001A00000000003AAA", "001A00000000004AAA");
    List<FakeSalesforce.Recorded> requests = fake.apiRequests();
    assertThat(requests.get(2).path()).contains("/query/01gFAKE"); // expired
    assertThat(requests.get(3).soql()).contains("SystemModstamp >= 2026-03-01T10:00:02Z");
  }

  @Test
  void forgedOrForeignPageTokensAreRefused() {
    fake.account(ACC1, "A", T0);
    SalesforceAdapter adapter = adapter();
    String evil =
        Base64.getUrlEncoder()
            .encodeToString(
                "sf1\naccounts\nhttps://evil.example/services/data/v62.0/query/01gX-2\n"
                    .getBytes(StandardCharsets.UTF_8));
    String contactsToken = new PageToken("contacts", null, null).encode();

    assertThatThrownBy(() -> adapter.accounts(new CrmQuery(null, evil, 10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.accounts(new CrmQuery(null, contactsToken, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contacts");
    assertThatThrownBy(() -> adapter.accounts(new CrmQuery(null, "https://evil.example/x", 10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.apiRequests()).isEmpty();
  }

  // ------------------------------------------------------------------ write-back

  @Test
  void writesScaleIdsBackIntoTheConfiguredField() {
    fake.account(ACC1, "Acme", T0);
    SalesforceAdapter plain = adapter();
    SalesforceAdapter writing =
        adapter(config().writeBackField(CrmRecordType.ACCOUNT, "Scale_Licensee_Id__c"));

    writing.writeBack(
        new ScaleLink(CrmRecordType.ACCOUNT, ACC1, "5f0c6c1e-0000-4000-8000-000000000001"));
    writing.writeBack(new ScaleLink(CrmRecordType.CONTACT, "003A00000000001AAA", "ignored"));

    assertThat(plain.supportsWriteBack()).isFalse();
    assertThat(writing.supportsWriteBack()).isTrue();
    assertThat(fake.get("Account", ACC1).path("Scale_Licensee_Id__c").asText())
        .isEqualTo("5f0c6c1e-0000-4000-8000-000000000001");
    assertThat(fake.apiRequests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("PATCH");
              assertThat(r.path()).isEqualTo("/services/data/v62.0/sobjects/Account/" + ACC1);
            });
  }
}
