package io.scalecrm.examples.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
            "SELECT Id, Name, AccountNumber, Phone, BillingAddress, SystemModstamp, Email__c FROM"
                + " Account WHERE SystemModstamp >= 2026-01-01T00:00:00Z ORDER BY SystemModstamp ASC,"
                + " Id ASC");
    assertThat(Soql.CONTACTS.render(since, Map.of()))
        .isEqualTo(
            "SELECT Id, AccountId, FirstName, LastName, Email, SystemModstamp FROM Contact WHERE"
                + " SystemModstamp >= 2026-01-01T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC");
    assertThat(Soql.ORDERS.render(since, Map.of(Soql.SKU, "Product2.ProductCode")))
        .isEqualTo(
            "SELECT Id, AccountId, EffectiveDate, EndDate, SystemModstamp, (SELECT Id, Quantity,"
                + " ServiceDate, EndDate, Product2.ProductCode FROM OrderItems ORDER BY Id ASC) FROM"
                + " Order WHERE StatusCode = 'Activated' AND SystemModstamp >= 2026-01-01T00:00:00Z"
                + " ORDER BY SystemModstamp ASC, Id ASC");
    assertThat(Soql.OPPORTUNITIES.render(since, Map.of(Soql.SKU, "Product2.StockKeepingUnit")))
        .isEqualTo(
            "SELECT Id, AccountId, CloseDate, SystemModstamp, (SELECT Id, Quantity, ServiceDate,"
                + " Product2.StockKeepingUnit FROM OpportunityLineItems ORDER BY Id ASC) FROM"
                + " Opportunity WHERE IsWon = true AND SystemModstamp >= 2026-01-01T00:00:00Z ORDER"
                + " BY SystemModstamp ASC, Id ASC");
  }

  @Test
  void theFakeRecognisesEachTemplateAndItsSince() {
    for (Soql template : Soql.values()) {
      String soql =
          template.render(
              Instant.parse("2026-02-03T04:05:06Z"),
              Map.of(Soql.FIELDS, ", A__c, B__c", Soql.SKU, "Product2.X__c"));
      FakeSalesforce.Recognised recognised = FakeSalesforce.recognise(soql);
      assertThat(recognised).isNotNull();
      assertThat(recognised.template()).isEqualTo(template);
      assertThat(recognised.since()).isEqualTo("2026-02-03T04:05:06Z");
    }
    assertThat(FakeSalesforce.recognise("SELECT Id FROM Account")).isNull();
  }
}
