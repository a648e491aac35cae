package io.scalecrm.examples.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure HubSpot-to-canonical mapping, without HTTP. */
class HubSpotMapperTest {
  private static final Instant MODIFIED = Instant.parse("2026-02-03T04:05:06.789Z");

  private final HubSpotMapper defaults =
      new HubSpotMapper(HubSpotConfig.builder().privateAppToken("t").build());

  private static HubObject obj(String id, String... keyValues) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return new HubObject(id, props, MODIFIED);
  }

  @Test
  void companyIsAB2bAccountByDefault() {
    CrmAccount a = defaults.account(obj("101", "name", "  Acme Oy ", "domain", "acme.example"));

    assertThat(a.crmId()).isEqualTo("101");
    assertThat(a.name()).isEqualTo("Acme Oy");
    assertThat(a.type()).isEqualTo(CustomerType.B2B);
    assertThat(a.displayName()).isNull();
    assertThat(a.email()).isNull();
    assertThat(a.otherIds()).isEmpty();
    assertThat(a.modifiedAt()).isEqualTo(MODIFIED);
  }

  @Test
  void configuredCompanyPropertiesAndB2cRule() {
    HubSpotMapper mapper =
        new HubSpotMapper(
            HubSpotConfig.builder()
                .privateAppToken("t")
                .b2cWhen("customer_kind", "Individual")
                .companyDisplayNameProperty("brand")
                .companyEmailProperty("billing_email")
                .companyContactInfoProperty("address")
                .companyOtherId("domain", "domain")
                .companyOtherId("vat", "vat_id")
                .build());

    CrmAccount a =
        mapper.account(
            obj(
                "7",
                "name",
                "Mary Major",
                "customer_kind",
                "INDIVIDUAL",
                "brand",
                "Mary",
                "billing_email",
                "mary@example.com",
                "address",
                "1 Main St\nSpringfield",
                "domain",
                "mary.example"));

    assertThat(a.type()).isEqualTo(CustomerType.B2C);
    assertThat(a.displayName()).isEqualTo("Mary");
    assertThat(a.email()).isEqualTo("mary@example.com");
    assertThat(a.contactInfo()).isEqualTo("1 Main St\nSpringfield");
    assertThat(a.otherIds()).containsExactly(Map.entry("domain", "mary.example"));
    assertThat(mapper.account(obj("8", "name", "Corp", "customer_kind", "Business")).type())
        .isEqualTo(CustomerType.B2B);
    assertThat(mapper.companyProperties())
        .contains("name", "hs_lastmodifieddate", "customer_kind", "brand", "vat_id");
  }

  @Test
  void companyWithoutNameIsInvalid() {
    assertThatThrownBy(() -> defaults.account(obj("9", "domain", "x.example")))
        .isInstanceOfSatisfying(
            InvalidCrmRecordException.class,
            e -> {
              assertThat(e.crmId()).isEqualTo("9");
              assertThat(e.field()).isEqualTo("name");
            });
  }

  @Test
  void contactIsAPersonOfItsCompany() {
    CrmContact c =
        defaults.contact(
            obj("501", "firstname", "Ada", "lastname", "Lovelace", "email", "ada@example.com"),
            "101");

    assertThat(c)
        .isEqualTo(
            new CrmContact(
                "501",
                "101",
                "Ada Lovelace",
                "ada@example.com",
                ConsumerKind.PERSON,
                null,
                MODIFIED));
    assertThat(defaults.contact(obj("502", "email", "x@example.com"), "101").name())
        .isEqualTo("x@example.com");
    assertThat(defaults.contact(obj("503", "lastname", "Solo"), "101").name()).isEqualTo("Solo");
  }

  @Test
  void contactWithoutCompanyIsRejectedNamingAccountCrmId() {
    assertThatThrownBy(() -> defaults.contact(obj("501", "firstname", "Ada"), null))
        .isInstanceOfSatisfying(
            InvalidCrmRecordException.class,
            e -> {
              assertThat(e.recordType()).isEqualTo(CrmRecordType.CONTACT);
              assertThat(e.crmId()).isEqualTo("501");
              assertThat(e.field()).isEqualTo("accountCrmId");
            });
  }

  @Test
  void recurringLineRunsFromBillingStartForThePeriod() {
    CrmOrderLine line =
        defaults.line(
            obj(
                "9001",
                "hs_sku",
                "PRO-SEAT",
                "quantity",
                "5.0",
                "hs_recurring_billing_start_date",
                "2026-03-15",
                "hs_recurring_billing_period",
                "P12M"),
            "2026-03-01T10:00:00Z");

    assertThat(line.lineId()).isEqualTo("9001");
    assertThat(line.sku()).isEqualTo("PRO-SEAT");
    assertThat(line.quantity()).isEqualTo(5);
    assertThat(line.validFrom()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
    assertThat(line.validUntil()).isEqualTo(Instant.parse("2027-03-15T00:00:00Z"));
  }

  @Test
  void lineWithoutStartDateStartsAtTheDealCloseDateAndWithoutPeriodIsPerpetual() {
    CrmOrderLine line =
        defaults.line(obj("9002", "hs_sku", "PERP", "quantity", "2"), "1767225600000");

    assertThat(line.validFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(line.validUntil()).isNull();

    CrmOrderLine quarterly =
        defaults.line(
            obj("9003", "hs_sku", "Q", "quantity", "1", "hs_recurring_billing_period", "P3M"),
            "2026-01-31T00:00:00Z");
    assertThat(quarterly.validUntil()).isEqualTo(Instant.parse("2026-04-30T00:00:00Z"));
    assertThat(defaults.line(obj("9004", "hs_sku", "P", "quantity", "1"), null).validFrom())
        .isNull();
  }

  @Test
  void skuComesFromTheConfiguredProperty() {
    HubSpotMapper mapper =
        new HubSpotMapper(
            HubSpotConfig.builder()
                .privateAppToken("t")
                .skuProperty("scale_product_config")
                .lineSubscriptionProperty("sub_ref")
                .lineContractProperty("contract_ref")
                .build());

    CrmOrderLine line =
        mapper.line(
            obj(
                "9",
                "hs_sku",
                "IGNORED",
                "scale_product_config",
                "cfg-1",
                "quantity",
                "1",
                "sub_ref",
                "S-1",
                "contract_ref",
                "C-1"),
            null);

    assertThat(line.sku()).isEqualTo("cfg-1");
    assertThat(line.subscriptionReference()).isEqualTo("S-1");
    assertThat(line.contractReference()).isEqualTo("C-1");
    assertThat(mapper.lineItemProperties()).contains("scale_product_config", "quantity");
  }

  @Test
  void invalidLinesNameTheirField() {
    assertThat(invalidField(obj("1", "quantity", "1"), null)).isEqualTo("sku");
    assertThat(invalidField(obj("2", "hs_sku", "A"), null)).isEqualTo("quantity");
    assertThat(invalidField(obj("3", "hs_sku", "A", "quantity", "1.5"), null))
        .isEqualTo("quantity");
    assertThat(invalidField(obj("4", "hs_sku", "A", "quantity", "0"), null)).isEqualTo("quantity");
    assertThat(
            invalidField(
                obj("5", "hs_sku", "A", "quantity", "1", "hs_recurring_billing_period", "yearly"),
                "2026-01-01"))
        .isEqualTo("validUntil");
    assertThat(
            invalidField(
                obj("6", "hs_sku", "A", "quantity", "1", "hs_recurring_billing_period", "P1Y"),
                null))
        .isEqualTo("validFrom");
    assertThat(
            invalidField(
                obj("7", "hs_sku", "A", "quantity", "1", "hs_recurring_billing_start_date", "soon"),
                null))
        .isEqualTo("validFrom");
  }

  private String invalidField(HubObject line, String closeDate) {
    try {
      defaults.line(line, closeDate);
    } catch (InvalidCrmRecordException e) {
      assertThat(e.recordType()).isEqualTo(CrmRecordType.ORDER_LINE);
      assertThat(e.crmId()).isEqualTo(line.id());
      return e.field();
    }
    throw new AssertionError("line " + line.id() + " was accepted");
  }

  @Test
  void orderKeepsValidLinesAndReportsInvalidOnes() {
    HubObject deal = obj("3001", "dealname", "Big deal", "closedate", "2026-05-01T00:00:00Z");
    CrmOrder order =
        defaults.order(
            deal,
            "101",
            List.of(
                obj("9002", "hs_sku", "B", "quantity", "2"),
                obj("9001", "hs_sku", "A", "quantity", "1"),
                obj("9003", "quantity", "1")),
            List.of("9004"));

    assertThat(order.crmId()).isEqualTo("3001");
    assertThat(order.accountCrmId()).isEqualTo("101");
    assertThat(order.modifiedAt()).isEqualTo(MODIFIED);
    assertThat(order.lines()).extracting(CrmOrderLine::lineId).containsExactly("9001", "9002");
    assertThat(order.invalidLines())
        .extracting(InvalidCrmRecordException::crmId, InvalidCrmRecordException::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("9003", "sku"),
            org.assertj.core.groups.Tuple.tuple("9004", "lineId"));
  }

  @Test
  void dealWithoutCompanyIsRejected() {
    assertThatThrownBy(() -> defaults.order(obj("3002"), null, List.of(), List.of()))
        .isInstanceOfSatisfying(
            InvalidCrmRecordException.class,
            e -> {
              assertThat(e.recordType()).isEqualTo(CrmRecordType.ORDER);
              assertThat(e.field()).isEqualTo("accountCrmId");
            });
  }

  @Test
  void primaryCompanyWinsElseTheSmallestId() {
    var a100 = new HubSpotObjects.Association("100", Set.of(279), Set.of());
    var a99 = new HubSpotObjects.Association("99", Set.of(279), Set.of());
    var primary = new HubSpotObjects.Association("500", Set.of(279, 1), Set.of("Primary"));

    assertThat(HubSpotMapper.pickCompany(List.of(a100, primary, a99), 1)).isEqualTo("500");
    assertThat(HubSpotMapper.pickCompany(List.of(a100, a99), 1)).isEqualTo("99");
    assertThat(HubSpotMapper.pickCompany(List.of(), 1)).isNull();
    assertThat(HubSpotMapper.pickCompany(null, 1)).isNull();
  }

  @Test
  void valuesParseEveryDateShapeHubSpotUses() {
    assertThat(HubSpotValues.instant("1767225600000"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(HubSpotValues.instant("2026-01-01T00:00:00.123Z"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    assertThat(HubSpotValues.instant("2026-01-01T02:00:00+02:00"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(HubSpotValues.instant("2026-01-01T00:00:00"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(HubSpotValues.instant("2026-01-01"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThatThrownBy(() -> HubSpotValues.instant("yesterday"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
