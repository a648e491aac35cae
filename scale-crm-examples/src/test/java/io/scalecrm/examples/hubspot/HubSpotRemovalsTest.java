package io.scalecrm.examples.hubspot;

import static io.scalecrm.examples.hubspot.HubSpotTestSupport.NOW;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.at;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.config;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.readPages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.LineStatus;
import io.scalecrm.crm.spi.RemovalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Removals from HubSpot's own signals: archived objects, deal stages, configured properties. */
class HubSpotRemovalsTest {
  private final FakeHubSpot fake = FakeHubSpot.start();
  private final HubSpotTestSupport.RecordingSleeper sleeper =
      new HubSpotTestSupport.RecordingSleeper();

  @AfterEach
  void stop() {
    fake.close();
  }

  private HubSpotAdapter adapter() {
    return new HubSpotAdapter(config(fake, sleeper).build());
  }

  /** Live records and tombstones of every page, each page merged by cursor. */
  private static <T extends CrmRecord> List<String> merged(List<CrmPage<T>> pages) {
    List<String> out = new ArrayList<>();
    for (CrmPage<T> page : pages) {
      List<CrmRecord> all = new ArrayList<>(page.records());
      all.addAll(page.tombstones());
      all.sort((a, b) -> a.cursor().compareTo(b.cursor()));
      all.forEach(r -> out.add((r instanceof CrmTombstone ? "-" : "") + r.crmId()));
    }
    return out;
  }

  @Test
  void archivedCompaniesAreTombstonesMergedInCursorOrderAcrossPages() {
    fake.company("101", "Acme", at(1));
    fake.company("102", "Gone", at(0));
    fake.archive(FakeHubSpot.COMPANIES, "102", at(2));
    fake.company("103", "Globex", at(3));
    fake.company("104", "Gone too", at(0));
    fake.archive(FakeHubSpot.COMPANIES, "104", at(3)); // same time as 103: ordered by id
    fake.company("105", "Initech", at(5));
    HubSpotAdapter adapter = adapter();

    for (int pageSize : new int[] {1, 2, 3, 10}) {
      List<CrmPage<CrmAccount>> pages = readPages(adapter::accounts, null, pageSize);
      assertThat(merged(pages))
          .as("page size %d", pageSize)
          .containsExactly("101", "-102", "103", "-104", "105");
      assertThat(pages)
          .allSatisfy(
              p ->
                  assertThat(p.records().size() + p.tombstones().size())
                      .isLessThanOrEqualTo(pageSize));
    }
    CrmPage<CrmAccount> all = adapter.accounts(CrmQuery.first(null, 10));
    assertThat(all.tombstones())
        .containsExactly(
            CrmTombstone.accountDeleted("102", at(2)), CrmTombstone.accountDeleted("104", at(3)));
    // resuming from a tombstone, and from just before it
    assertThat(merged(readPages(adapter::accounts, new ChangeCursor(at(2), "102"), 2)))
        .containsExactly("103", "-104", "105");
    assertThat(merged(readPages(adapter::accounts, new ChangeCursor(at(3), ""), 2)))
        .containsExactly("103", "-104", "105");
    assertThat(adapter.account("102")).isEmpty();
  }

  @Test
  void theArchivedListIsReadAsHubSpotDocumentsIt() {
    fake.company("101", "Acme", at(1));

    adapter().accounts(CrmQuery.first(null, 10));

    FakeHubSpot.Request list =
        fake.requests().stream().filter(r -> r.method().equals("GET")).findFirst().orElseThrow();
    assertThat(list.path()).isEqualTo("/crm/objects/2026-03/companies");
    assertThat(list.query()).contains("archived=true", "limit=100");
  }

  @Test
  void anArchivedContactIsATombstoneForItsLastKnownCompany() {
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(0));
    fake.linkContactToCompany("501", "101", true); // sets associatedcompanyid
    fake.archive(FakeHubSpot.CONTACTS, "501", at(4));
    fake.contact("502", "Grace", "Hopper", "grace@example.com", at(0));
    fake.linkContactToCompany("502", "102", true);
    fake.setProperty(FakeHubSpot.CONTACTS, "502", FakeHubSpot.ASSOCIATED_COMPANY, null);
    fake.archive(FakeHubSpot.CONTACTS, "502", at(5)); // company from the list's associations
    fake.contact("503", "No", "Company", "none@example.com", at(0));
    fake.archive(FakeHubSpot.CONTACTS, "503", at(6)); // unknowable: skipped
    HubSpotAdapter adapter = adapter();

    CrmPage<CrmContact> page = adapter.contacts(CrmQuery.first(null, 10));

    assertThat(page.records()).isEmpty();
    assertThat(page.rejected()).isEmpty();
    assertThat(page.tombstones())
        .containsExactly(
            CrmTombstone.contactRemoved("501", "101", RemovalKind.DELETED, at(4)),
            CrmTombstone.contactRemoved("502", "102", RemovalKind.DELETED, at(5)));
    assertThat(adapter.skippedRemovals()).isEqualTo(1);
    assertThat(page.last()).isTrue();
  }

  @Test
  void aContactMarkedInactiveIsAnInactiveTombstoneWhenConfigured() {
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(1));
    fake.linkContactToCompany("501", "101", true);
    fake.setProperty(FakeHubSpot.CONTACTS, "501", "status", "Left");
    fake.contact("502", "Grace", "Hopper", "grace@example.com", at(2));
    fake.linkContactToCompany("502", "101", true);
    fake.contact("503", "No", "Company", "none@example.com", at(3));
    fake.setProperty(FakeHubSpot.CONTACTS, "503", "status", "left");

    HubSpotAdapter configured =
        new HubSpotAdapter(config(fake, sleeper).inactiveContactWhen("status", "left").build());
    CrmPage<CrmContact> page = configured.contacts(CrmQuery.first(null, 10));
    CrmPage<CrmContact> plain = adapter().contacts(CrmQuery.first(null, 10));

    assertThat(page.records()).extracting(CrmContact::crmId).containsExactly("502");
    assertThat(page.tombstones())
        .containsExactly(CrmTombstone.contactRemoved("501", "101", RemovalKind.INACTIVE, at(1)));
    assertThat(page.rejected()).isEmpty();
    assertThat(configured.skippedRemovals()).isEqualTo(1); // 503 has no company
    assertThat(plain.records()).extracting(CrmContact::crmId).containsExactly("501", "502");
    assertThat(plain.tombstones()).isEmpty();
  }

  private void lostDeal(String id, Instant modified) {
    fake.put(
        FakeHubSpot.DEALS,
        id,
        Map.of("dealname", "Lost " + id, "hs_is_closed_won", "false", "dealstage", "closedlost"),
        modified);
  }

  @Test
  void aDealThatLeftTheWonStageIsAnOrderWithEveryLineCancelled() {
    lostDeal("3001", at(5));
    fake.linkDealToCompany("3001", "101", true);
    fake.lineItem("9001", "PRO-SEAT", "5", at(4));
    fake.lineItem("9002", "ADDON", "1", at(4));
    fake.linkDealToLineItem("3001", "9001");
    fake.linkDealToLineItem("3001", "9002");
    fake.deal("3002", "Open deal", false, at(0), at(6)); // neither won nor lost: not read

    CrmPage<CrmOrder> page = adapter().orders(CrmQuery.first(null, 10));

    assertThat(page.tombstones()).isEmpty();
    assertThat(page.records())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.crmId()).isEqualTo("3001");
              assertThat(o.accountCrmId()).isEqualTo("101");
              assertThat(o.modifiedAt()).isEqualTo(at(5));
              assertThat(o.lines())
                  .extracting(CrmOrderLine::lineId, CrmOrderLine::status)
                  .containsExactly(
                      tuple("9001", LineStatus.CANCELLED), tuple("9002", LineStatus.CANCELLED));
            });
    JsonNode search =
        fake.requests().stream()
            .filter(r -> r.path().endsWith("/deals/search"))
            .findFirst()
            .orElseThrow()
            .json();
    assertThat(search.path("filterGroups")).hasSize(2);
    assertThat(search.at("/filterGroups/1/filters/2/operator").asText()).isEqualTo("IN");
    assertThat(search.at("/filterGroups/1/filters/2/values").toString())
        .isEqualTo("[\"closedlost\"]");
  }

  @Test
  void aCancelledDealWhoseLinesCannotBeReadIsACancelledOrderTombstone() {
    lostDeal("3001", at(5)); // no lines at all
    fake.linkDealToCompany("3001", "101", true);
    lostDeal("3002", at(6)); // a line with a fractional quantity
    fake.linkDealToCompany("3002", "102", true);
    fake.lineItem("9001", "PRO-SEAT", "2.5", at(4));
    fake.linkDealToLineItem("3002", "9001");
    lostDeal("3003", at(7)); // no company: skipped, never guessed
    HubSpotAdapter adapter = adapter();

    CrmPage<CrmOrder> page = adapter.orders(CrmQuery.first(null, 10));

    assertThat(page.records()).isEmpty();
    assertThat(page.rejected()).isEmpty();
    assertThat(page.tombstones())
        .containsExactly(
            CrmTombstone.orderCancelled("3001", "101", at(5), null),
            CrmTombstone.orderCancelled("3002", "102", at(6), null));
    assertThat(adapter.skippedRemovals()).isEqualTo(1);
  }

  @Test
  void cancelledStagesAreConfigurableAndCanBeTurnedOff() {
    fake.put(FakeHubSpot.DEALS, "3001", Map.of("dealstage", "cancelled"), at(5));
    fake.linkDealToCompany("3001", "101", true);
    lostDeal("3002", at(6));
    fake.linkDealToCompany("3002", "101", true);

    CrmPage<CrmOrder> custom =
        new HubSpotAdapter(
                config(fake, sleeper).cancelledDealWhen("dealstage", List.of("Cancelled")).build())
            .orders(CrmQuery.first(null, 10));
    fake.clearRequests();
    CrmPage<CrmOrder> off =
        new HubSpotAdapter(config(fake, sleeper).cancelledDealWhen("dealstage", List.of()).build())
            .orders(CrmQuery.first(null, 10));

    assertThat(custom.tombstones()).extracting(CrmTombstone::crmId).containsExactly("3001");
    assertThat(off.tombstones()).isEmpty();
    assertThat(off.records()).isEmpty();
    assertThat(
            fake.requests().stream()
                .filter(r -> r.path().endsWith("/search"))
                .findFirst()
                .orElseThrow()
                .json()
                .path("filterGroups"))
        .hasSize(1);
  }

  @Test
  void anArchivedDealIsADeletedOrderTombstoneForItsCompany() {
    fake.deal("3001", "Won", true, at(0), at(1));
    fake.linkDealToCompany("3001", "102", false);
    fake.linkDealToCompany("3001", "101", true);
    fake.archive(FakeHubSpot.DEALS, "3001", at(8));
    fake.deal("3002", "Won, no company", true, at(0), at(1));
    fake.archive(FakeHubSpot.DEALS, "3002", at(9));
    HubSpotAdapter adapter = adapter();

    CrmPage<CrmOrder> page = adapter.orders(CrmQuery.first(null, 10));

    assertThat(page.records()).isEmpty();
    assertThat(page.tombstones())
        .containsExactly(
            new CrmTombstone(
                CrmRecordType.ORDER, "3001", "101", RemovalKind.DELETED, at(8), null, List.of()));
    assertThat(adapter.skippedRemovals()).isEqualTo(1);
  }

  @Test
  void aLineItemFlaggedCancelledIsACancelledLineWithItsEndDate() {
    fake.deal("3001", "Won", true, Instant.parse("2026-03-01T00:00:00Z"), at(5));
    fake.linkDealToCompany("3001", "101", true);
    fake.lineItem("9001", "A", "1", at(4));
    fake.lineItem("9002", "B", "1", at(4));
    fake.setProperty(FakeHubSpot.LINE_ITEMS, "9002", "line_status", "Cancelled");
    fake.setProperty(FakeHubSpot.LINE_ITEMS, "9002", "cancelled_on", "2026-07-31");
    fake.lineItem("9003", "C", "1", at(4));
    fake.setProperty(FakeHubSpot.LINE_ITEMS, "9003", "line_status", "cancelled");
    fake.lineItem("9004", "D", "1", at(4));
    fake.setProperty(FakeHubSpot.LINE_ITEMS, "9004", "line_status", "cancelled");
    fake.setProperty(FakeHubSpot.LINE_ITEMS, "9004", "cancelled_on", "someday");
    for (String line : List.of("9001", "9002", "9003", "9004")) {
      fake.linkDealToLineItem("3001", line);
    }

    CrmOrder order =
        new HubSpotAdapter(
                config(fake, sleeper)
                    .cancelledLineWhen("line_status", "cancelled", "cancelled_on")
                    .build())
            .orders(CrmQuery.first(null, 10))
            .records()
            .get(0);

    assertThat(order.lines())
        .extracting(CrmOrderLine::lineId, CrmOrderLine::status, CrmOrderLine::cancelledAt)
        .containsExactly(
            tuple("9001", LineStatus.ACTIVE, null),
            tuple("9002", LineStatus.CANCELLED, Instant.parse("2026-07-31T00:00:00Z")),
            tuple("9003", LineStatus.CANCELLED, null));
    assertThat(order.invalidLines())
        .extracting(InvalidCrmRecordException::crmId, InvalidCrmRecordException::field)
        .containsExactly(tuple("9004", "cancelledAt"));
  }

  @Test
  void anObjectArchivedAfterTheReadsUpperBoundWaitsForTheNextRead() {
    fake.company("101", "Acme", at(1));
    fake.company("102", "Just gone", at(0));
    fake.archive(FakeHubSpot.COMPANIES, "102", NOW.minusSeconds(5)); // within the index lag

    CrmPage<CrmAccount> page = adapter().accounts(CrmQuery.first(null, 10));

    assertThat(page.records()).extracting(CrmAccount::crmId).containsExactly("101");
    assertThat(page.tombstones()).isEmpty();
  }
}
