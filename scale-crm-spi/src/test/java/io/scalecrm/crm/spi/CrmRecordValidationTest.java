package io.scalecrm.crm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrmRecordValidationTest {

  static InvalidCrmRecordException invalid(Runnable r) {
    InvalidCrmRecordException e = catchThrowableOfType(InvalidCrmRecordException.class, r::run);
    assertThat(e).as("expected an InvalidCrmRecordException").isNotNull();
    assertThat(e.retryable()).isFalse();
    return e;
  }

  @Test
  void missingNameNamesRecordAndField() {
    InvalidCrmRecordException e = invalid(() -> CrmAccount.b2b("A-1", "  "));
    assertThat(e.recordType()).isEqualTo(CrmRecordType.ACCOUNT);
    assertThat(e.crmId()).isEqualTo("A-1");
    assertThat(e.field()).isEqualTo("name");
    assertThat(e.getMessage()).isEqualTo("Invalid CRM account 'A-1': field 'name' is missing");
  }

  @Test
  void missingIdIsReportedWithAPlaceholder() {
    InvalidCrmRecordException e = invalid(() -> CrmAccount.b2b(null, "Acme"));
    assertThat(e.crmId()).isEqualTo("?");
    assertThat(e.field()).isEqualTo("crmId");
  }

  @Test
  void malformedEmailsAreRejected() {
    for (String bad :
        List.of("no-at-sign", "a@b", "two@@example.com", "sp ace@example.com", "@example.com")) {
      InvalidCrmRecordException e = invalid(() -> CrmContact.person("C-1", "A-1", "Ann", bad));
      assertThat(e.field()).as(bad).isEqualTo("email");
      assertThat(e.getMessage()).as("the value is not echoed").doesNotContain(bad);
    }
    assertThat(CrmContact.person("C-1", "A-1", "Ann", " ann.müller@example.co.uk ").email())
        .isEqualTo("ann.müller@example.co.uk");
  }

  @Test
  void oversizedStringsAndControlCharactersAreRejected() {
    assertThat(invalid(() -> CrmAccount.b2b("A-1", "x".repeat(256))).reason())
        .contains("too long (256 characters, at most 255)");
    InvalidCrmRecordException control = invalid(() -> CrmAccount.b2b("A-1", "Acme\u0000Oy"));
    assertThat(control.field()).isEqualTo("name");
    assertThat(control.reason()).contains("U+0000");
    // contact info may span lines, a name may not
    assertThat(
            new CrmAccount(
                    "A-1",
                    "Acme",
                    null,
                    null,
                    "Street 1\nHelsinki",
                    CustomerType.B2B,
                    Map.of(),
                    null)
                .contactInfo())
        .isEqualTo("Street 1\nHelsinki");
    assertThat(invalid(() -> CrmAccount.b2b("A-1", "Acme\nOy")).field()).isEqualTo("name");
  }

  @Test
  void orderLinesCheckQuantityAndValidity() {
    assertThat(invalid(() -> CrmOrderLine.of("L-1", "PRO", 0)).field()).isEqualTo("quantity");
    assertThat(invalid(() -> CrmOrderLine.of("L-1", "PRO", -3)).reason()).contains("-3");
    assertThat(invalid(() -> CrmOrderLine.of("L-1", " ", 1)).field()).isEqualTo("sku");
    Instant from = Instant.parse("2027-01-01T00:00:00Z");
    InvalidCrmRecordException e =
        invalid(() -> CrmOrderLine.of("L-1", "PRO", 1).withValidity(from, from.minusSeconds(1)));
    assertThat(e.recordType()).isEqualTo(CrmRecordType.ORDER_LINE);
    assertThat(e.field()).isEqualTo("validUntil");
    assertThat(invalid(() -> CrmOrderLine.of("L-1", "PRO", 1).withValidity(from, from)).field())
        .isEqualTo("validUntil");
  }

  @Test
  void ordersRejectDuplicateLineIds() {
    InvalidCrmRecordException e =
        invalid(
            () ->
                CrmOrder.of(
                    "O-1",
                    "A-1",
                    List.of(CrmOrderLine.of("L", "PRO", 1), CrmOrderLine.of("L", "PRO", 2))));
    assertThat(e.field()).isEqualTo("lines");
    assertThat(e.crmId()).isEqualTo("O-1");
  }

  @Test
  void accountsAndContactsNeedTheirKinds() {
    assertThat(
            invalid(() -> new CrmAccount("A-1", "Acme", null, null, null, null, Map.of(), null))
                .field())
        .isEqualTo("type");
    assertThat(invalid(() -> new CrmContact("C-1", "A-1", "Ann", null, null, null, null)).field())
        .isEqualTo("kind");
    assertThat(invalid(() -> CrmContact.person("C-1", null, "Ann", null)).field())
        .isEqualTo("accountCrmId");
  }

  @Test
  void valuesAreNormalised() {
    CrmAccount a =
        new CrmAccount(
            " A-1 ",
            " Acme ",
            " ",
            null,
            null,
            CustomerType.B2B,
            Map.of("vat", "FI123", "erp", " "),
            null);
    assertThat(a.crmId()).isEqualTo("A-1");
    assertThat(a.name()).isEqualTo("Acme");
    assertThat(a.displayName()).isNull();
    assertThat(a.otherIds()).containsExactly(Map.entry("vat", "FI123"));
    assertThat(a.modifiedAt()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aB2cAccountWithoutEmailIsTheAccountsOwnBadData() {
    // finding 10: it became a PERSON licensee without email and an orphan consumer
    InvalidCrmRecordException e =
        invalid(
            () ->
                new CrmAccount(
                    "A-1", "Ann", null, " ", null, CustomerType.B2C, Map.of(), Instant.EPOCH));
    assertThat(e.field()).isEqualTo("email");
    assertThat(e.crmId()).isEqualTo("A-1");
    assertThat(CrmAccount.b2b("A-2", "Acme").email()).isNull();
  }

  @Test
  void tombstonesNameTheirAccountAndFitTheirKind() {
    CrmTombstone left =
        CrmTombstone.contactRemoved("C-1", "A-1", RemovalKind.INACTIVE, Instant.EPOCH);
    assertThat(left.cursor()).isEqualTo(new ChangeCursor(Instant.EPOCH, "C-1"));
    assertThat(CrmTombstone.accountDeleted("A-1", Instant.EPOCH).accountCrmId()).isEqualTo("A-1");
    assertThat(
            invalid(
                    () ->
                        CrmTombstone.contactRemoved(
                            "C-1", null, RemovalKind.DELETED, Instant.EPOCH))
                .field())
        .isEqualTo("accountCrmId");
    assertThat(
            invalid(
                    () ->
                        new CrmTombstone(
                            CrmRecordType.ACCOUNT,
                            "A-1",
                            null,
                            RemovalKind.INACTIVE,
                            Instant.EPOCH,
                            null,
                            java.util.List.of()))
                .field())
        .isEqualTo("status");
  }

  @Test
  void aCancelledLineKeepsItsTermsAndAnActiveLineHasNoCancelDate() {
    CrmOrderLine line = CrmOrderLine.of("L-1", "PRO", 5);
    assertThat(line.status()).isEqualTo(LineStatus.ACTIVE);
    CrmOrderLine cancelled = line.cancel(Instant.EPOCH);
    assertThat(cancelled.cancelled()).isTrue();
    assertThat(cancelled.quantity()).isEqualTo(5);
    assertThat(
            invalid(
                    () ->
                        new CrmOrderLine(
                            "L-1",
                            "PRO",
                            1,
                            null,
                            null,
                            null,
                            null,
                            LineStatus.ACTIVE,
                            Instant.EPOCH))
                .field())
        .isEqualTo("cancelledAt");
  }

  @Test
  void justBeforeReadsTheRecordsOfItsTimeAgain() {
    ChangeCursor c = new ChangeCursor(Instant.EPOCH, "B");
    assertThat(c.justBefore().isBefore(c)).isTrue();
    assertThat(c.justBefore().isBefore(new ChangeCursor(Instant.EPOCH, "A"))).isTrue();
    assertThat(c.justBefore().isBefore(new ChangeCursor(Instant.EPOCH.minusMillis(1), "Z")))
        .isFalse();
  }

  @Test
  void cursorsOrderByTimeThenIdAndRoundTrip() {
    Instant t = Instant.parse("2026-05-01T10:00:00Z");
    ChangeCursor a = new ChangeCursor(t, "10");
    ChangeCursor b = new ChangeCursor(t, "9");
    ChangeCursor c = new ChangeCursor(t.plusSeconds(1), "1");
    assertThat(List.of(c, b, a).stream().sorted().toList()).containsExactly(a, b, c);
    assertThat(a.isBefore(b)).isTrue();
    assertThat(ChangeCursor.parse(a.asString())).isEqualTo(a);
    assertThat(ChangeCursor.parse("2026-05-01T10:00:00Z|id|with|bars").recordId())
        .isEqualTo("id|with|bars");
    assertThat(
            catchThrowableOfType(IllegalArgumentException.class, () -> ChangeCursor.parse("nope")))
        .isNotNull();
  }

  @Test
  void queriesCheckPageSizeAndChainTokens() {
    CrmQuery q = CrmQuery.first(null, 10);
    CrmPage<CrmAccount> page = CrmPage.of(List.of(CrmAccount.b2b("A", "A")), "t2");
    assertThat(q.next(page).pageToken()).isEqualTo("t2");
    assertThat(
            catchThrowableOfType(
                IllegalStateException.class, () -> q.next(CrmPage.of(List.of(), null))))
        .isNotNull();
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> CrmQuery.first(null, 0)))
        .isNotNull();
  }
}
