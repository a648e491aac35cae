package io.scalecrm.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.kafka.connect.SalesforceCdcMapper.ChangeEvent;
import io.scalecrm.testkit.SandboxSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Salesforce CDC events become valid CRM change events, keyed by their account. */
class SalesforceCdcMapperTest {
  private static final long COMMIT = 1_772_000_000_000L;
  private final SalesforceCdcMapper mapper =
      new SalesforceCdcMapper("Billing_Email__c", "Product_Code__c");

  private static JsonNode cdc(String entity, String changeType, String fields, String... ids) {
    String recordIds = String.join("\", \"", ids);
    return ChangeEvents.readTree(
        "{\"ChangeEventHeader\": {\"entityName\": \""
            + entity
            + "\", \"changeType\": \""
            + changeType
            + "\", \"recordIds\": [\""
            + recordIds
            + "\"], \"commitTimestamp\": "
            + COMMIT
            + ", \"transactionKey\": \"t-1\", \"sequenceNumber\": 1}"
            + (fields.isEmpty() ? "" : ", " + fields)
            + "}");
  }

  /** The mapped event is valid for the schema and the connector, and its record. */
  private static Object record(ChangeEvent event) {
    String json = Events.text(event.value());
    assertThat(EventSchema.errors(json)).as(json).isEmpty();
    assertThat(CrmChangeEventSchemaTest.connectorProblem(json)).as(json).isNull();
    return ChangeEvents.parse(event.value());
  }

  @Test
  void anAccountCreateBecomesAnAccountEventKeyedByItself() {
    List<ChangeEvent> events =
        mapper.map(
            cdc(
                "Account",
                "CREATE",
                "\"Name\": \"Acme Oy\", \"Billing_Email__c\": \"billing@acme.example\","
                    + " \"Phone\": \"+358 9 123\", \"AccountNumber\": \"CN-7\"",
                "001A"));
    assertThat(events).singleElement().extracting(ChangeEvent::key).isEqualTo("001A");
    CrmAccount account = (CrmAccount) record(events.get(0));
    assertThat(account.crmId()).isEqualTo("001A");
    assertThat(account.name()).isEqualTo("Acme Oy");
    assertThat(account.email()).isEqualTo("billing@acme.example");
    assertThat(account.contactInfo()).isEqualTo("+358 9 123");
    assertThat(account.type()).isEqualTo(CustomerType.B2B);
    assertThat(account.otherIds()).containsEntry("accountNumber", "CN-7");
    assertThat(account.modifiedAt()).isEqualTo(Instant.ofEpochMilli(COMMIT));
  }

  @Test
  void aPersonAccountIsB2c() {
    CrmAccount account =
        (CrmAccount)
            record(
                mapper
                    .map(
                        cdc(
                            "Account",
                            "UPDATE",
                            "\"Name\": \"Aino Virtanen\", \"IsPersonAccount\": true,"
                                + " \"Billing_Email__c\": \"aino@example.com\"",
                            "001B"))
                    .get(0));
    assertThat(account.type()).isEqualTo(CustomerType.B2C);
  }

  @Test
  void aContactTakesItsCompoundNameAndIsKeyedByItsAccount() {
    List<ChangeEvent> events =
        mapper.map(
            cdc(
                "Contact",
                "UPDATE",
                "\"Name\": {\"Salutation\": null, \"FirstName\": \"Kaito\", \"LastName\": \"Þórsson\"},"
                    + " \"Email\": \"kaito@acme.example\", \"AccountId\": \"001A\"",
                "003X",
                "003Y"));
    assertThat(events).extracting(ChangeEvent::key).containsExactly("001A", "001A");
    CrmContact contact = (CrmContact) record(events.get(1));
    assertThat(contact.crmId()).isEqualTo("003Y");
    assertThat(contact.accountCrmId()).isEqualTo("001A");
    assertThat(contact.name()).isEqualTo("Kaito Þórsson");
    assertThat(contact.email()).isEqualTo("kaito@acme.example");
  }

  @Test
  void anOrderItemBecomesAnOrderEventWithOneLine() {
    ChangeEvent event =
        mapper
            .map(
                cdc(
                    "OrderItem",
                    "CREATE",
                    "\"OrderId\": \"801O\", \"AccountId\": \"001A\", \"Product_Code__c\": \"PRO-1Y\","
                        + " \"Quantity\": 5.0, \"ServiceDate\": \"2026-03-07\", \"EndDate\": \"2027-03-06\"",
                    "802L"))
            .get(0);
    assertThat(event.key()).isEqualTo("001A");
    CrmOrder order = (CrmOrder) record(event);
    assertThat(order.crmId()).isEqualTo("801O");
    CrmOrderLine line = order.lines().get(0);
    assertThat(line.lineId()).isEqualTo("802L");
    assertThat(line.sku()).isEqualTo("PRO-1Y");
    assertThat(line.quantity()).isEqualTo(5);
    assertThat(line.validFrom()).isEqualTo(Instant.parse("2026-03-07T00:00:00Z"));
    assertThat(line.validUntil()).isEqualTo(Instant.parse("2027-03-07T00:00:00Z"));
  }

  @Test
  void deletesBecomeRemovals() {
    CrmTombstone account =
        (CrmTombstone) record(mapper.map(cdc("Account", "DELETE", "", "001A")).get(0));
    assertThat(account.removal()).isEqualTo(RemovalKind.DELETED);
    CrmTombstone contact =
        (CrmTombstone)
            record(mapper.map(cdc("Contact", "DELETE", "\"AccountId\": \"001A\"", "003X")).get(0));
    assertThat(contact.recordType()).isEqualTo(CrmRecordType.CONTACT);
    assertThat(contact.accountCrmId()).isEqualTo("001A");
    ChangeEvent line =
        mapper
            .map(
                cdc(
                    "OrderItem",
                    "DELETE",
                    "\"AccountId\": \"001A\", \"OrderId\": \"801O\"",
                    "802L"))
            .get(0);
    CrmTombstone order = (CrmTombstone) record(line);
    assertThat(order.removal()).isEqualTo(RemovalKind.CANCELLED);
    assertThat(order.lineIds()).containsExactly("802L");
    assertThat(line.key()).isEqualTo("001A");
  }

  @Test
  void eventsWithoutTheFieldsAnEventNeedsAreRefusedWithAReason() {
    assertThatThrownBy(
            () -> mapper.map(cdc("Contact", "UPDATE", "\"Email\": \"x@acme.example\"", "003X")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AccountId")
        .hasMessageContaining("enrich");
    assertThatThrownBy(() -> mapper.map(cdc("Account", "GAP_UPDATE", "", "001A")))
        .hasMessageContaining("re-read");
    assertThatThrownBy(() -> mapper.map(cdc("Lead", "CREATE", "\"Name\": \"x\"", "00Q1")))
        .hasMessageContaining("Unsupported entity");
  }

  @Test
  void mappedEventsApplyThroughTheConnector() {
    try (TestScale scale = TestScale.start();
        TaskHarness h = new TaskHarness(scale.taskProps(), true)) {
      List<ChangeEvent> events = new ArrayList<>();
      events.addAll(mapper.map(cdc("Account", "CREATE", "\"Name\": \"Acme Oy\"", "001A")));
      events.addAll(
          mapper.map(
              cdc(
                  "Contact",
                  "CREATE",
                  "\"FirstName\": \"Aino\", \"LastName\": \"Virtanen\", \"AccountId\": \"001A\"",
                  "003X")));
      events.addAll(
          mapper.map(
              cdc(
                  "OrderItem",
                  "CREATE",
                  "\"OrderId\": \"801O\", \"AccountId\": \"001A\", \"Product_Code__c\": \"BASIC\","
                      + " \"Quantity\": 3",
                  "802L")));
      List<SinkRecord> records = new ArrayList<>();
      for (ChangeEvent e : events) {
        records.add(h.record(0, e.key(), e.value()));
      }
      h.put(records);
      assertThat(h.reports).isEmpty();
      SandboxSnapshot s = scale.sandbox.snapshot();
      var licensee = s.licenseeByNaturalId("salesforce:001A").orElseThrow();
      assertThat(s.consumerByExternalReference("salesforce:contact:003X")).isPresent();
      assertThat(s.licensesOf(licensee.id()))
          .singleElement()
          .satisfies(
              l ->
                  assertThat(Map.of(l.orderReference(), l.qty()))
                      .containsEntry("salesforce:801O:802L", 3));
    }
  }
}
