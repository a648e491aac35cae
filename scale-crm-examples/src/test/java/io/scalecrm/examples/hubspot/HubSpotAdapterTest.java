package io.scalecrm.examples.hubspot;

import static io.scalecrm.examples.hubspot.HubSpotTestSupport.at;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.config;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.ids;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.ScaleLink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The adapter against the fake HubSpot over real HTTP: mapping, path shapes, lookups, write-back.
 */
class HubSpotAdapterTest {
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

  private void seedOrders() {
    fake.company("101", "Acme Oy", at(1));
    fake.company("102", "Globex", at(2));
    fake.deal("3001", "Acme seats", true, Instant.parse("2026-03-01T12:00:00Z"), at(10));
    fake.linkDealToCompany("3001", "102", false);
    fake.linkDealToCompany("3001", "101", true);
    fake.lineItem("9001", "PRO-SEAT", "5", at(9));
    fake.setProperty(
        FakeHubSpot.LINE_ITEMS, "9001", "hs_recurring_billing_start_date", "2026-03-15");
    fake.setProperty(FakeHubSpot.LINE_ITEMS, "9001", "hs_recurring_billing_period", "P12M");
    fake.lineItem("9002", "ADDON", "1", at(9));
    fake.lineItem("9003", "BROKEN", "2.5", at(9));
    fake.linkDealToLineItem("3001", "9001");
    fake.linkDealToLineItem("3001", "9002");
    fake.linkDealToLineItem("3001", "9003");
    fake.deal("3002", "Lost deal", false, at(0), at(11));
    fake.linkDealToCompany("3002", "101", true);
    fake.deal("3003", "Orphan deal", true, at(0), at(12));
    fake.deal("3004", "No lines", true, at(0), at(13));
    fake.linkDealToCompany("3004", "102", false);
  }

  @Test
  void systemIsHubspot() {
    assertThat(adapter().system()).isEqualTo("hubspot");
  }

  @Test
  void companiesBecomeAccounts() {
    fake.company("101", "Acme Oy", at(1));
    fake.put(
        FakeHubSpot.COMPANIES,
        "102",
        Map.of("name", "Mary Major", "kind", "b2c", "email_address", "mary@example.com"),
        at(2));
    fake.put(FakeHubSpot.COMPANIES, "103", Map.of("domain", "nameless.example"), at(3));
    HubSpotAdapter adapter =
        new HubSpotAdapter(
            config(fake, sleeper)
                .b2cWhen("kind", "B2C")
                .companyEmailProperty("email_address")
                .build());

    CrmPage<CrmAccount> page = adapter.accounts(CrmQuery.first(null, 10));

    assertThat(page.records())
        .containsExactly(
            new CrmAccount("101", "Acme Oy", null, null, null, CustomerType.B2B, Map.of(), at(1)),
            new CrmAccount(
                "102",
                "Mary Major",
                null,
                "mary@example.com",
                null,
                CustomerType.B2C,
                Map.of(),
                at(2)));
    assertThat(page.rejected())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.crmId()).isEqualTo("103");
              assertThat(e.field()).isEqualTo("name");
            });
    assertThat(page.last()).isTrue();
  }

  @Test
  void contactsBelongToTheirPrimaryCompany() {
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(1));
    fake.linkContactToCompany("501", "102", false);
    fake.linkContactToCompany("501", "101", true);
    fake.contact("502", "Grace", "Hopper", "grace@example.com", at(2));
    fake.linkContactToCompany("502", "300", false);
    fake.linkContactToCompany("502", "40", false);
    fake.contact("503", "No", "Company", "nobody@example.com", at(3));

    CrmPage<CrmContact> page = adapter().contacts(CrmQuery.first(null, 10));

    assertThat(page.records())
        .extracting(CrmContact::crmId, CrmContact::accountCrmId, CrmContact::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("501", "101", "Ada Lovelace"),
            org.assertj.core.groups.Tuple.tuple("502", "40", "Grace Hopper"));
    assertThat(page.rejected())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.recordType()).isEqualTo(CrmRecordType.CONTACT);
              assertThat(e.crmId()).isEqualTo("503");
              assertThat(e.field()).isEqualTo("accountCrmId");
            });
    // contacts are searched on lastmodifieddate, not hs_lastmodifieddate
    JsonNode search = fake.requests().get(0).json();
    assertThat(search.at("/sorts/0/propertyName").asText()).isEqualTo("lastmodifieddate");
    assertThat(search.at("/filterGroups/0/filters/0/propertyName").asText())
        .isEqualTo("lastmodifieddate");
  }

  @Test
  void associationPagesAreFollowed() {
    fake.associationPageSize(2);
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(1));
    for (String company : List.of("900", "800", "700", "600", "500")) {
      fake.linkContactToCompany("501", company, company.equals("500"));
    }

    assertThat(adapter().contacts(CrmQuery.first(null, 10)).records())
        .singleElement()
        .extracting(CrmContact::accountCrmId)
        .isEqualTo("500");
    assertThat(fake.requests()).filteredOn(r -> r.path().contains("/associations/")).hasSize(3);
  }

  @Test
  void wonDealsBecomeOrdersWithTheirLines() {
    seedOrders();

    CrmPage<CrmOrder> page = adapter().orders(CrmQuery.first(null, 10));

    assertThat(page.records()).extracting(CrmOrder::crmId).containsExactly("3001", "3004");
    CrmOrder order = page.records().get(0);
    assertThat(order.accountCrmId()).isEqualTo("101");
    assertThat(order.modifiedAt()).isEqualTo(at(10));
    assertThat(order.lines())
        .containsExactly(
            new CrmOrderLine(
                "9001",
                "PRO-SEAT",
                5,
                Instant.parse("2026-03-15T00:00:00Z"),
                Instant.parse("2027-03-15T00:00:00Z"),
                null,
                null),
            new CrmOrderLine(
                "9002", "ADDON", 1, Instant.parse("2026-03-01T12:00:00Z"), null, null, null));
    assertThat(order.invalidLines())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.crmId()).isEqualTo("9003");
              assertThat(e.field()).isEqualTo("quantity");
            });
    CrmOrder noLines = page.records().get(1);
    assertThat(noLines.accountCrmId()).isEqualTo("102");
    assertThat(noLines.lines()).isEmpty();
    assertThat(page.rejected())
        .extracting(InvalidCrmRecordException::crmId, InvalidCrmRecordException::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("3003", "accountCrmId"));

    JsonNode search = fake.requests().get(0).json();
    assertThat(search.at("/filterGroups/0/filters").toString())
        .contains("\"propertyName\":\"hs_is_closed_won\",\"operator\":\"EQ\",\"value\":\"true\"");
    JsonNode lineRead =
        fake.requests().stream()
            .filter(r -> r.path().equals("/crm/objects/2026-03/line_items/batch/read"))
            .findFirst()
            .orElseThrow()
            .json();
    assertThat(lineRead.path("properties").toString())
        .contains(
            "quantity",
            "hs_sku",
            "hs_product_id",
            "hs_recurring_billing_period",
            "hs_recurring_billing_start_date",
            "hs_lastmodifieddate",
            "name");
  }

  @Test
  void deletedLineItemIsAnInvalidLine() {
    seedOrders();
    fake.delete(FakeHubSpot.LINE_ITEMS, "9002");

    CrmOrder order = adapter().orders(CrmQuery.first(null, 1)).records().get(0);

    assertThat(order.lines()).extracting(CrmOrderLine::lineId).containsExactly("9001");
    assertThat(order.invalidLines())
        .extracting(InvalidCrmRecordException::crmId)
        .containsExactly("9003", "9002");
  }

  @Test
  void customWonFilterAndSkuProperty() {
    fake.company("101", "Acme", at(1));
    fake.put(FakeHubSpot.DEALS, "3001", Map.of("dealstage", "closedwon"), at(5));
    fake.put(FakeHubSpot.DEALS, "3002", Map.of("dealstage", "closedlost"), at(6));
    fake.linkDealToCompany("3001", "101", true);
    fake.linkDealToCompany("3002", "101", true);
    fake.put(FakeHubSpot.LINE_ITEMS, "9001", Map.of("config_id", "cfg-7", "quantity", "3"), at(4));
    fake.linkDealToLineItem("3001", "9001");
    HubSpotAdapter adapter =
        new HubSpotAdapter(
            config(fake, sleeper)
                .wonDealFilter("dealstage", "closedwon")
                .skuProperty("config_id")
                .build());

    List<CrmOrder> orders = readAll(adapter::orders, null, 10);

    assertThat(orders).singleElement().satisfies(o -> assertThat(o.crmId()).isEqualTo("3001"));
    assertThat(orders.get(0).lines()).containsExactly(CrmOrderLine.of("9001", "cfg-7", 3));
  }

  @ParameterizedTest
  @EnumSource(HubSpotConfig.PathVersion.class)
  void bothPathVersionsWork(HubSpotConfig.PathVersion version) {
    seedOrders();
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(1));
    fake.linkContactToCompany("501", "101", true);
    HubSpotAdapter adapter = new HubSpotAdapter(config(fake, sleeper).pathVersion(version).build());

    assertThat(ids(readAll(adapter::accounts, null, 1))).containsExactly("101", "102");
    assertThat(ids(readAll(adapter::contacts, null, 1))).containsExactly("501");
    assertThat(ids(readAll(adapter::orders, null, 1))).containsExactly("3001", "3004");
    assertThat(adapter.account("102")).isPresent();

    String objects =
        version == HubSpotConfig.PathVersion.LEGACY ? "/crm/v3/objects/" : "/crm/objects/2026-03/";
    String associations =
        version == HubSpotConfig.PathVersion.LEGACY
            ? "/crm/v4/associations/"
            : "/crm/associations/2026-03/";
    assertThat(fake.requests())
        .allSatisfy(
            r -> {
              assertThat(r.path()).matches("(" + objects + "|" + associations + ").*");
              assertThat(r.authorization()).isEqualTo("Bearer " + FakeHubSpot.TOKEN);
              assertThat(r.status()).isBetween(200, 299);
            });
    assertThat(fake.requests())
        .extracting(FakeHubSpot.Request::path)
        .contains(
            objects + "companies/search",
            objects + "contacts/search",
            objects + "deals/search",
            objects + "line_items/batch/read",
            objects + "companies/102",
            associations + "contacts/companies/batch/read",
            associations + "deals/companies/batch/read",
            associations + "deals/line_items/batch/read");
  }

  @Test
  void otherApiDateIsUsedInPaths() {
    fake.company("101", "Acme", at(1));
    HubSpotAdapter adapter = new HubSpotAdapter(config(fake, sleeper).apiDate("2026-09").build());

    assertThat(adapter.accounts(CrmQuery.first(null, 5)).records()).hasSize(1);
    assertThat(fake.requests().get(0).path()).isEqualTo("/crm/objects/2026-09/companies/search");
  }

  @Test
  void searchRequestFollowsHubSpotsShape() {
    fake.company("101", "Acme", at(1));

    adapter().accounts(CrmQuery.first(new io.scalecrm.crm.spi.ChangeCursor(at(1), "100"), 1000));

    FakeHubSpot.Request request = fake.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    JsonNode body = request.json();
    assertThat(body.path("limit").asInt()).isEqualTo(200);
    assertThat(body.at("/sorts/0/propertyName").asText()).isEqualTo("hs_lastmodifieddate");
    assertThat(body.at("/sorts/0/direction").asText()).isEqualTo("ASCENDING");
    JsonNode filters = body.at("/filterGroups/0/filters");
    assertThat(filters.get(0).path("operator").asText()).isEqualTo("GTE");
    assertThat(filters.get(0).path("value").asText())
        .isEqualTo(Long.toString(at(1).toEpochMilli()));
    assertThat(filters.get(1).path("operator").asText()).isEqualTo("LTE");
    assertThat(filters.get(1).path("value").asText())
        .isEqualTo(Long.toString(HubSpotTestSupport.NOW.minusSeconds(30).toEpochMilli()));
    assertThat(body.path("properties").toString()).contains("\"name\"");
    // HubSpot's published schema requires "after" as a string, on the first page too
    assertThat(body.path("after").isTextual()).isTrue();
    assertThat(body.path("after").asText()).isEqualTo("0");
  }

  @Test
  void everyRequestCarriesTheFieldsHubSpotsSchemaRequires() {
    seedOrders();
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(1));
    fake.linkContactToCompany("501", "101", true);
    HubSpotAdapter adapter = adapter();

    readAll(adapter::accounts, null, 1);
    readAll(adapter::contacts, null, 1);
    readAll(adapter::orders, null, 1);

    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.status()).isBetween(200, 299));
    List<FakeHubSpot.Request> searches =
        fake.requests().stream().filter(r -> r.path().endsWith("/search")).toList();
    assertThat(searches).hasSizeGreaterThan(3);
    assertThat(searches)
        .allSatisfy(r -> assertThat(r.json().path("after").isTextual()).isTrue())
        .anySatisfy(r -> assertThat(r.json().path("after").asText()).isEqualTo("0"));
    List<FakeHubSpot.Request> batchReads =
        fake.requests().stream().filter(r -> r.path().endsWith("/batch/read")).toList();
    assertThat(batchReads)
        .filteredOn(r -> !r.path().contains("/associations/"))
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r.json().path("propertiesWithHistory").toString()).isEqualTo("[]"));
  }

  @Test
  void theFakeRejectsRequestsThatHubSpotsSchemaRejects() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.function.BiFunction<String, String, Integer> post =
        (path, body) -> {
          try {
            return http.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(fake.baseUrl() + "/crm/objects/2026-03/" + path))
                        .header("Authorization", "Bearer " + FakeHubSpot.TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };

    assertThat(post.apply("companies/search", "{\"limit\":10}")).isEqualTo(400);
    assertThat(post.apply("companies/search", "{\"limit\":10,\"after\":0}")).isEqualTo(400);
    assertThat(post.apply("companies/search", "{\"limit\":10,\"after\":\"0\"}")).isEqualTo(200);
    assertThat(post.apply("companies/batch/read", "{\"properties\":[],\"inputs\":[]}"))
        .isEqualTo(400);
    assertThat(
            post.apply(
                "companies/batch/read",
                "{\"properties\":[],\"propertiesWithHistory\":[],\"inputs\":[]}"))
        .isEqualTo(200);
  }

  @Test
  void epochMillisDatesAreReadToo() {
    fake.datesAsEpochMillis(true);
    fake.company("101", "Acme", Instant.parse("2026-01-01T00:00:00.123Z"));

    assertThat(adapter().accounts(CrmQuery.first(null, 5)).records().get(0).modifiedAt())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
  }

  @Test
  void accountByIdOrEmpty() {
    fake.company("101", "Acme Oy", at(1));
    fake.put(FakeHubSpot.COMPANIES, "102", Map.of("domain", "x.example"), at(2));
    HubSpotAdapter adapter = adapter();

    assertThat(adapter.account("101"))
        .contains(CrmAccount.b2b("101", "Acme Oy").withModifiedAt(at(1)));
    assertThat(adapter.account("999")).isEmpty();
    assertThatThrownBy(() -> adapter.account("102"))
        .isInstanceOf(InvalidCrmRecordException.class)
        .hasMessageContaining("name");
    assertThat(fake.requests().get(0).query()).contains("properties=");
  }

  @Test
  void writeBackIsOffUnlessAPropertyIsConfigured() {
    HubSpotAdapter adapter = adapter();

    assertThat(adapter.supportsWriteBack()).isFalse();
    assertThatThrownBy(
            () -> adapter.writeBack(new ScaleLink(CrmRecordType.ACCOUNT, "101", "scale-1")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void writeBackPatchesTheRecordOnceAndIsIdempotent() {
    seedOrders();
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(1));
    fake.now(at(1000));
    HubSpotAdapter adapter =
        new HubSpotAdapter(config(fake, sleeper).scaleIdProperty("scale_id").build());
    assertThat(adapter.supportsWriteBack()).isTrue();

    adapter.writeBack(new ScaleLink(CrmRecordType.ACCOUNT, "101", "lic-101"));
    adapter.writeBack(new ScaleLink(CrmRecordType.CONTACT, "501", "con-501"));
    adapter.writeBack(new ScaleLink(CrmRecordType.ORDER, "3001", "ord-3001"));
    adapter.writeBack(new ScaleLink(CrmRecordType.ORDER_LINE, "9001", "lic-9001"));

    assertThat(fake.property(FakeHubSpot.COMPANIES, "101", "scale_id")).isEqualTo("lic-101");
    assertThat(fake.property(FakeHubSpot.CONTACTS, "501", "scale_id")).isEqualTo("con-501");
    assertThat(fake.property(FakeHubSpot.DEALS, "3001", "scale_id")).isEqualTo("ord-3001");
    assertThat(fake.property(FakeHubSpot.LINE_ITEMS, "9001", "scale_id")).isEqualTo("lic-9001");
    assertThat(fake.modifiedAt(FakeHubSpot.COMPANIES, "101")).isEqualTo(at(1000));
    assertThat(fake.requests()).filteredOn(r -> r.method().equals("PATCH")).hasSize(4);
    JsonNode patch =
        fake.requests().stream()
            .filter(r -> r.method().equals("PATCH"))
            .findFirst()
            .orElseThrow()
            .json();
    assertThat(patch.toString()).isEqualTo("{\"properties\":{\"scale_id\":\"lic-101\"}}");

    fake.clearRequests();
    adapter.writeBack(new ScaleLink(CrmRecordType.ACCOUNT, "101", "lic-101"));
    assertThat(fake.requests()).extracting(FakeHubSpot.Request::method).containsExactly("GET");

    adapter.writeBack(new ScaleLink(CrmRecordType.ACCOUNT, "101", "lic-101b"));
    assertThat(fake.property(FakeHubSpot.COMPANIES, "101", "scale_id")).isEqualTo("lic-101b");
  }

  @Test
  void writeBackToAMissingRecordFailsWithoutRetry() {
    HubSpotAdapter adapter =
        new HubSpotAdapter(config(fake, sleeper).scaleIdProperty("scale_id").build());

    assertThatThrownBy(() -> adapter.writeBack(new ScaleLink(CrmRecordType.ACCOUNT, "404", "x")))
        .isInstanceOfSatisfying(CrmAdapterException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("companies 404");
  }

  @Test
  void toStringNeverShowsTheToken() {
    HubSpotConfig config = config(fake, sleeper).build();

    assertThat(config.toString()).doesNotContain(FakeHubSpot.TOKEN).contains("redacted");
    assertThat(new HubSpotAdapter(config).toString()).doesNotContain(FakeHubSpot.TOKEN);
    assertThat(config.token().toString()).doesNotContain(FakeHubSpot.TOKEN);
  }
}
