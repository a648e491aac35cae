package io.scalecrm.examples.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queries are fixed text: these golden strings catch accidental changes. */
class SoqlTest {

  @Test
  void literalIsUtcWholeSecondsAndNeverAfterTheCursor() {
    assertThat(Soql.literal(null)).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(Soql.literal(Instant.parse("2026-03-01T10:00:00.999Z")))
        .isEqualTo("2026-03-01T10:00:00Z");
    assertThat(Soql.literal(Instant.parse("2026-03-01T10:00:05Z")))
        .isEqualTo("2026-03-01T10:00:05Z");
  }

  @Test
  void rendersEveryTemplate() {
    Instant since = Instant.parse("2026-01-01T00:00:00.123Z");

    assertThat(Soql.ACCOUNTS.render(since, Map.of(Soql.FIELDS, ", Email__c")))
        .isEqualTo(
            "SELECT Id, Name, AccountNumber, Phone, BillingAddress, SystemModstamp, IsDeleted,"
                + " Email__c FROM Account WHERE SystemModstamp >= 2026-01-01T00:00:00Z ORDER BY"
                + " SystemModstamp ASC");
    assertThat(Soql.CONTACTS.render(since, Map.of(Soql.FIELDS, "")))
        .isEqualTo(
            "SELECT Id, AccountId, FirstName, LastName, Email, SystemModstamp, IsDeleted FROM"
                + " Contact WHERE SystemModstamp >= 2026-01-01T00:00:00Z ORDER BY SystemModstamp"
                + " ASC");
    assertThat(
            Soql.ORDERS.render(
                since,
                Map.of(
                    Soql.SKU,
                    "Product2.ProductCode",
                    Soql.LINE_FIELDS,
                    "",
                    Soql.CANCELLED,
                    Soql.cancelledClause("Status", List.of("Cancelled", "Refunded")))))
        .isEqualTo(
            "SELECT Id, AccountId, Status, EffectiveDate, EndDate, SystemModstamp, IsDeleted,"
                + " (SELECT Id, Quantity, ServiceDate, EndDate, IsDeleted, Product2.ProductCode"
                + " FROM OrderItems) FROM Order WHERE SystemModstamp >= 2026-01-01T00:00:00Z AND"
                + " (StatusCode = 'Activated' OR IsDeleted = true OR Status IN ('Cancelled',"
                + " 'Refunded')) ORDER BY SystemModstamp ASC");
    assertThat(
            Soql.OPPORTUNITIES.render(
                since,
                Map.of(
                    Soql.SKU,
                    "Product2.StockKeepingUnit",
                    Soql.LINE_FIELDS,
                    ", Status__c",
                    Soql.CANCELLED,
                    "")))
        .isEqualTo(
            "SELECT Id, AccountId, StageName, CloseDate, SystemModstamp, IsDeleted, (SELECT Id,"
                + " Quantity, ServiceDate, IsDeleted, Product2.StockKeepingUnit, Status__c FROM"
                + " OpportunityLineItems) FROM Opportunity WHERE SystemModstamp >="
                + " 2026-01-01T00:00:00Z AND (IsWon = true OR IsDeleted = true) ORDER BY"
                + " SystemModstamp ASC");
    assertThat(
            Soql.ORDER_LINES.render(
                null,
                Map.of(
                    Soql.SKU,
                    "Product2.ProductCode",
                    Soql.LINE_FIELDS,
                    "",
                    Soql.PARENT,
                    Soql.recordId("801A00000000001AAA"))))
        .isEqualTo(
            "SELECT Id, Quantity, ServiceDate, EndDate, IsDeleted, Product2.ProductCode FROM"
                + " OrderItem WHERE OrderId = '801A00000000001AAA'");
  }

  @Test
  void noSortByIdAnywhere() {
    for (Soql template : Soql.values()) {
      assertThat(template.template()).as(template.name()).doesNotContain("BY Id", ", Id ASC");
    }
  }

  @Test
  void valuesAreQuotedAndIdsChecked() {
    assertThat(Soql.quote("it's \\ odd")).isEqualTo("'it\\'s \\\\ odd'");
    assertThat(Soql.cancelledClause("Status", List.of())).isEmpty();
    assertThat(Soql.cancelledClause("StageName", List.of("Closed Lost")))
        .isEqualTo(" OR StageName IN ('Closed Lost')");
    assertThat(Soql.recordId("801A00000000001")).isEqualTo("'801A00000000001'");
    assertThatThrownBy(() -> Soql.recordId("801' OR Id != '"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFakeRecognisesEachTemplateAndItsPlaceholders() {
    for (Soql template : Soql.values()) {
      String soql =
          template.render(
              Instant.parse("2026-02-03T04:05:06Z"),
              Map.of(
                  Soql.FIELDS,
                  ", A__c, B__c",
                  Soql.LINE_FIELDS,
                  ", C__c",
                  Soql.SKU,
                  "Product2.X__c",
                  Soql.CANCELLED,
                  Soql.cancelledClause(
                      template == Soql.ORDERS ? "Status" : "StageName", List.of("Can'celled", "X")),
                  Soql.PARENT,
                  Soql.recordId("801A00000000001AAA")));
      FakeSalesforce.Recognised recognised = FakeSalesforce.recognise(soql);
      assertThat(recognised).as(template.name()).isNotNull();
      assertThat(recognised.template()).isEqualTo(template);
      if (template.template().contains(Soql.SINCE)) {
        assertThat(recognised.since()).isEqualTo("2026-02-03T04:05:06Z");
      } else {
        assertThat(recognised.since()).isNull();
      }
    }
    assertThat(FakeSalesforce.recognise("SELECT Id FROM Account")).isNull();
  }
}
