package io.scalecrm.examples.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pure JSON-to-record mapping, with hand-written JSON in Salesforce's documented shapes. */
class SalesforceRecordsTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final SalesforceRecords orders =
      new SalesforceRecords(
          SalesforceConfig.builder()
              .loginUrl(java.net.URI.create("https://acme.my.salesforce.com"))
              .clientCredentials("id", "secret")
              .build());

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode line(String quantity) {
    return json(
        "{'attributes':{'type':'OrderItem','url':'/services/data/v62.0/sobjects/OrderItem/802x'},"
            + "'Id':'802x','Quantity':"
            + quantity
            + ",'ServiceDate':null,'EndDate':null,"
            + "'Product2':{'attributes':{'type':'Product2'},'ProductCode':'SKU-1'}}");
  }

  private static final JsonNode ORDER = json("{'Id':'801x','EffectiveDate':null,'EndDate':null}");

  @Test
  void wholeQuantitiesInAnyNotationAreAccepted() {
    for (String q : new String[] {"5", "5.0", "5.000", "5E0", "'5'", "'5.0'"}) {
      assertThat(orders.line(line(q), ORDER).quantity()).as(q).isEqualTo(5);
    }
    assertThat(orders.line(line("10.0"), ORDER).quantity()).isEqualTo(10);
  }

  @Test
  void badQuantitiesNameTheField() {
    for (String q : new String[] {"2.5", "0.001", "0", "-1.0", "null", "'many'", "3000000000"}) {
      InvalidCrmRecordException e =
          catchThrowableOfType(InvalidCrmRecordException.class, () -> orders.line(line(q), ORDER));
      assertThat(e).as(q).isNotNull();
      assertThat(e.field()).isEqualTo("quantity");
      assertThat(e.crmId()).isEqualTo("802x");
      assertThat(e.getMessage()).contains("OrderItem.Quantity");
    }
  }

  @Test
  void endDateMeansTheEndOfThatDayInUtc() {
    JsonNode l = line("1");
    ((com.fasterxml.jackson.databind.node.ObjectNode) l).put("ServiceDate", "2026-06-30");
    ((com.fasterxml.jackson.databind.node.ObjectNode) l).put("EndDate", "2026-06-30");

    CrmOrderLine mapped = orders.line(l, ORDER);

    assertThat(mapped.validFrom()).isEqualTo(Instant.parse("2026-06-30T00:00:00Z"));
    assertThat(mapped.validUntil()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
  }

  @Test
  void unreadableDatesAreInvalidLines() {
    JsonNode l = line("1");
    ((com.fasterxml.jackson.databind.node.ObjectNode) l).put("ServiceDate", "30.06.2026");

    assertThatThrownBy(() -> orders.line(l, ORDER))
        .isInstanceOfSatisfying(
            InvalidCrmRecordException.class, e -> assertThat(e.field()).isEqualTo("validFrom"))
        .hasMessageContaining("OrderItem.ServiceDate");
  }

  @Test
  void parsesSalesforceDatetimes() {
    assertThat(SalesforceRecords.dateTime("2026-03-01T10:00:00.000+0000"))
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(SalesforceRecords.dateTime("2026-03-01T12:00:00.250+0200"))
        .isEqualTo(Instant.parse("2026-03-01T10:00:00.250Z"));
    assertThat(SalesforceRecords.dateTime("2026-03-01T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
  }

  @Test
  void rowsWithoutSystemFieldsAreMalformedResponses() {
    assertThatThrownBy(() -> SalesforceRecords.cursorOf(json("{'Id':'001x'}"), "Account"))
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("SystemModstamp");
    assertThatThrownBy(
            () ->
                SalesforceRecords.cursorOf(
                    json("{'Id':'001x','SystemModstamp':'yesterday'}"), "Account"))
        .isInstanceOf(CrmAdapterException.class);
  }

  @Test
  void contactInfoSkipsMissingParts() {
    assertThat(SalesforceRecords.contactInfo(json("{'Phone':null,'BillingAddress':null}")))
        .isNull();
    assertThat(
            SalesforceRecords.contactInfo(
                json(
                    "{'BillingAddress':{'street':'1 Market St\\nSuite 300','city':'San Francisco',"
                        + "'state':'CA','postalCode':'94105','country':'US','latitude':null}}")))
        .isEqualTo("1 Market St\nSuite 300\nSan Francisco, CA 94105\nUS");
  }
}
