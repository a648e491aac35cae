package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.testkit.SandboxSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each facade operation against the sandbox over real HTTP: run twice, the second writes nothing.
 */
class CrmSyncOperationsTest {
  static ScaleTestEnv env;
  CrmSync crm;

  @BeforeAll
  static void startSandbox() {
    env = ScaleTestEnv.start();
  }

  @AfterAll
  static void stopSandbox() {
    env.close();
  }

  @BeforeEach
  void reset() {
    env.sandbox.reset();
    env.sandbox.faults().clear();
    crm = env.crmSync();
  }

  static final CrmAccount ACME =
      new CrmAccount(
          "123",
          "Acme Müller GmbH",
          "Acme",
          "ops@acme.example",
          "Street 1",
          CustomerType.B2B,
          Map.of(),
          Instant.EPOCH);

  @Test
  void upsertLicenseeTwiceWritesOnce() {
    UpsertResult<ScaleLicensee> first = crm.upsertLicensee(ACME);
    int writes = env.writes();
    UpsertResult<ScaleLicensee> second = crm.upsertLicensee(ACME);

    assertThat(first).isInstanceOf(UpsertResult.Created.class);
    assertThat(second).isInstanceOf(UpsertResult.Unchanged.class);
    assertThat(second.scaleId()).isEqualTo(first.scaleId());
    assertThat(second.changed()).isFalse();
    assertThat(env.writes()).as("writes of the second run").isEqualTo(writes).isEqualTo(1);
    SandboxSnapshot.SnapLicensee l =
        env.sandbox.snapshot().licenseeByNaturalId("hubspot:123").orElseThrow();
    assertThat(l.name()).isEqualTo("Acme Müller GmbH");
    assertThat(l.displayName()).isEqualTo("Acme");
    assertThat(l.email()).isEqualTo("ops@acme.example");
    assertThat(l.contactInfo()).isEqualTo("Street 1");
    assertThat(l.type()).isEqualTo("ORGANIZATION");
  }

  @Test
  void upsertLicenseeUpdatesOnlyWhenAMappedFieldDiffers() {
    String id = crm.upsertLicensee(ACME).scaleId();

    UpsertResult<ScaleLicensee> updated = crm.upsertLicensee(ACME.withDisplayName("ACME"));
    UpsertResult<ScaleLicensee> again = crm.upsertLicensee(ACME.withDisplayName("ACME"));

    assertThat(updated).isInstanceOf(UpsertResult.Updated.class);
    assertThat(((UpsertResult.Updated<ScaleLicensee>) updated).changedFields())
        .containsExactly("displayName");
    assertThat(updated.scaleId()).isEqualTo(id);
    assertThat(updated.value().displayName()).isEqualTo("ACME");
    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(env.sandbox.journal().count("updateLicensee")).isEqualTo(1);
    assertThat(env.sandbox.snapshot().licensees()).hasSize(1);
  }

  @Test
  void fieldsNotCopiedAreLeftAlone() {
    CrmSync nameOnly =
        CrmSync.builder()
            .connection(env.connect())
            .mapping(CrmMapping.builder("hubspot").copiedFields(java.util.Set.of()).build())
            .build();
    nameOnly.upsertLicensee(ACME);
    UpsertResult<ScaleLicensee> second =
        nameOnly.upsertLicensee(ACME.withEmail("new@acme.example"));

    assertThat(second.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(env.sandbox.snapshot().licensees().get(0).email()).isNull();
  }

  @Test
  void b2cAccountGetsOnePersonConsumerThatTheContactAdopts() {
    CrmAccount person = CrmAccount.b2c("77", "Jörg Ünal", "jorg@example.com");
    CrmContact contact = CrmContact.person("c-77", "77", "Jörg Ünal", "jorg@example.com");

    UpsertResult<ScaleLicensee> licensee = crm.upsertLicensee(person);
    SandboxSnapshot afterLicensee = env.sandbox.snapshot();
    UpsertResult<ScaleConsumer> adopted = crm.upsertConsumer(contact);
    AccessResult access = crm.grantAccess(licensee.scaleId(), List.of(adopted.scaleId()));
    UpsertResult<ScaleConsumer> again = crm.upsertConsumer(contact);

    assertThat(licensee.value().type()).isEqualTo(CustomerType.B2C);
    assertThat(afterLicensee.consumers()).hasSize(1);
    assertThat(afterLicensee.consumers().get(0).type()).isEqualTo("PERSON");
    assertThat(adopted).isInstanceOf(UpsertResult.Updated.class);
    assertThat(((UpsertResult.Updated<ScaleConsumer>) adopted).changedFields())
        .containsExactly("externalReference");
    assertThat(adopted.scaleId()).isEqualTo(afterLicensee.consumers().get(0).id().toString());
    assertThat(access.granted()).isEmpty();
    assertThat(access.alreadyPresent()).containsExactly(adopted.scaleId());
    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    SandboxSnapshot end = env.sandbox.snapshot();
    assertThat(end.consumers()).hasSize(1);
    assertThat(end.consumers().get(0).externalReference()).isEqualTo("hubspot:contact:c-77");
    assertThat(env.duplicates()).isEmpty();
    assertThat(env.sandbox.journal().count("createLicenseConsumer")).isZero();
  }

  @Test
  void upsertConsumerAndGrantAccessTwiceWriteOnce() {
    String licenseeId = crm.upsertLicensee(ACME).scaleId();
    CrmContact ann = CrmContact.person("c-1", "123", "Ann Müller", "ann@acme.example");

    UpsertResult<ScaleConsumer> first = crm.upsertConsumer(ann);
    AccessResult granted = crm.grantAccess(licenseeId, List.of(first.scaleId()));
    int writes = env.writes();
    UpsertResult<ScaleConsumer> second = crm.upsertConsumer(ann);
    AccessResult already = crm.grantAccess(licenseeId, List.of(second.scaleId(), second.scaleId()));

    assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(first.value().externalReference()).isEqualTo("hubspot:contact:c-1");
    assertThat(granted.granted()).containsExactly(first.scaleId());
    assertThat(second.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(already.granted()).isEmpty();
    assertThat(already.alreadyPresent()).containsExactly(first.scaleId());
    assertThat(already.changed()).isFalse();
    assertThat(env.writes()).isEqualTo(writes);
    assertThat(
            env.sandbox.snapshot().consumerIdsWithAccessTo(java.util.UUID.fromString(licenseeId)))
        .containsExactly(java.util.UUID.fromString(first.scaleId()));
  }

  @Test
  void twoContactsWithOneEmailShareOneConsumerOwnedByTheSmallerKey() {
    String licenseeId = crm.upsertLicensee(ACME).scaleId();
    crm.apply(CrmContact.person("c-2", "123", "Other Ann", "ann@acme.example"));
    RecordResult first = crm.apply(CrmContact.person("c-1", "123", "Ann", "ANN@acme.example"));
    List<String> before = env.state();
    RecordResult again =
        crm.apply(CrmContact.person("c-2", "123", "Other Ann", "ann@acme.example"));

    assertThat(first.failures()).isEmpty();
    assertThat(first.outcome()).as("c-1 took the consumer over").isEqualTo(Outcome.UPDATED);
    assertThat(again.outcome()).as("c-2 only links to it").isEqualTo(Outcome.UNCHANGED);
    assertThat(again.actions()).isEmpty();
    assertThat(env.state()).isEqualTo(before);
    SandboxSnapshot s = env.sandbox.snapshot();
    assertThat(s.consumers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.externalReference()).isEqualTo("hubspot:contact:c-1");
              assertThat(c.name()).isEqualTo("Ann");
            });
    assertThat(s.consumerIdsWithAccessTo(java.util.UUID.fromString(licenseeId))).hasSize(1);
  }

  @Test
  void licenseeEmailTakenByAnotherRecordIsRejectedNamingTheField() {
    crm.upsertLicensee(ACME);
    CrmAccount clash = CrmAccount.b2b("124", "Other").withEmail("ops@acme.example");

    InvalidCrmRecordException e =
        catchThrowableOfType(InvalidCrmRecordException.class, () -> crm.upsertLicensee(clash));

    assertThat(e.field()).isEqualTo("email");
    assertThat(e.crmId()).isEqualTo("124");
    assertThat(env.sandbox.snapshot().licensees()).hasSize(1);
  }

  @Test
  void adoptingALicenseeByEmailIsAPolicy() {
    CrmSync other = crm.toBuilder().mapping(CrmMapping.builder("legacy").build()).build();
    String legacyId = other.upsertLicensee(ACME).scaleId(); // naturalId legacy:123, same email
    CrmSync adopting =
        crm.toBuilder()
            .mapping(CrmMapping.builder("hubspot").adoptLicenseeByEmail(true).build())
            .build();

    InvalidCrmRecordException e =
        catchThrowableOfType(InvalidCrmRecordException.class, () -> adopting.upsertLicensee(ACME));

    assertThat(e.field()).isEqualTo("email");
    assertThat(e.reason()).contains("legacy:123");
    assertThat(env.sandbox.snapshot().licensees())
        .extracting(l -> l.id().toString())
        .containsExactly(legacyId);
  }

  @Test
  void issueForOrderTwiceIssuesOnce() {
    String licenseeId = crm.upsertLicensee(ACME).scaleId();
    CrmOrder order =
        CrmOrder.of(
            "D-9",
            "123",
            List.of(
                CrmOrderLine.of("L-1", "PRO", 25),
                new CrmOrderLine(
                    "L-2", "BASIC", 3, TestCrm.FROM, TestCrm.UNTIL, "sub-1", "con-1")));

    OrderResult first = crm.issueForOrder(order);
    int writes = env.writes();
    OrderResult second = crm.issueForOrder(order);

    assertThat(first.licenseeId()).isEqualTo(licenseeId);
    assertThat(first.lines())
        .extracting(LineResult::outcome)
        .containsExactly(LineOutcome.ISSUED, LineOutcome.ISSUED);
    assertThat(second.lines())
        .extracting(LineResult::outcome)
        .containsExactly(LineOutcome.UNCHANGED, LineOutcome.UNCHANGED);
    assertThat(second.lines().get(0).licenses().get(0).id())
        .isEqualTo(first.lines().get(0).licenses().get(0).id());
    assertThat(env.writes()).isEqualTo(writes);
    List<SandboxSnapshot.SnapLicense> licenses = env.sandbox.snapshot().licenses();
    assertThat(licenses).hasSize(2);
    SandboxSnapshot.SnapLicense basic =
        licenses.stream()
            .filter(l -> "hubspot:D-9:L-2".equals(l.orderReference()))
            .findFirst()
            .orElseThrow();
    assertThat(basic.productConfigId()).isEqualTo(ScaleTestEnv.BASIC.productConfigId());
    assertThat(basic.qty()).isEqualTo(3);
    assertThat(basic.validFrom()).isEqualTo(TestCrm.FROM);
    assertThat(basic.validUntil()).isEqualTo(TestCrm.UNTIL);
    assertThat(basic.subscriptionReference()).isEqualTo("sub-1");
    assertThat(basic.contractReference()).isEqualTo("con-1");
    assertThat(basic.productReference()).isEqualTo("BASIC");
  }

  @Test
  void oneBadLineDoesNotStopTheOthers() {
    crm.upsertLicensee(ACME);
    InvalidCrmRecordException unreadable =
        new InvalidCrmRecordException(
            CrmRecordType.ORDER_LINE, "L-3", "quantity", "is not a number");
    CrmOrder order =
        new CrmOrder(
            "D-9",
            "123",
            List.of(CrmOrderLine.of("L-1", "NOPE", 1), CrmOrderLine.of("L-2", "PRO", 2)),
            List.of(unreadable),
            Instant.EPOCH);

    OrderResult result = crm.issueForOrder(order);

    assertThat(result.lines())
        .extracting(LineResult::lineId, LineResult::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("L-1", LineOutcome.FAILED),
            org.assertj.core.groups.Tuple.tuple("L-2", LineOutcome.ISSUED),
            org.assertj.core.groups.Tuple.tuple("L-3", LineOutcome.FAILED));
    InvalidCrmRecordException sku = (InvalidCrmRecordException) result.lines().get(0).error();
    assertThat(sku.field()).isEqualTo("sku");
    assertThat(sku.reason()).contains("'NOPE'");
    assertThat(result.hasProblems()).isTrue();
    assertThat(env.sandbox.snapshot().licenses()).hasSize(1);
  }

  @Test
  void driftIsReportedAndOptionallyReissued() {
    crm.upsertLicensee(ACME);
    CrmOrder order = CrmOrder.of("D-9", "123", List.of(CrmOrderLine.of("L-1", "PRO", 5)));
    String original = crm.issueForOrder(order).lines().get(0).licenses().get(0).id();
    CrmOrder changed = order.withLines(List.of(CrmOrderLine.of("L-1", "PRO", 7)));

    LineResult drift = crm.issueForOrder(changed).lines().get(0);
    int writes = env.writes();
    CrmSync reissuing = crm.toBuilder().reissueOnDrift(true).build();
    LineResult reissued = reissuing.issueForOrder(changed).lines().get(0);
    LineResult settled = reissuing.issueForOrder(changed).lines().get(0);

    assertThat(drift.outcome()).isEqualTo(LineOutcome.DRIFT);
    assertThat(drift.message()).contains("quantity 5 in Scale, 7 in the CRM");
    assertThat(writes).as("drift alone writes nothing").isEqualTo(2);
    assertThat(reissued.outcome()).isEqualTo(LineOutcome.REISSUED);
    assertThat(reissued.licenses().get(0).qty()).isEqualTo(7);
    assertThat(settled.outcome()).isEqualTo(LineOutcome.UNCHANGED);
    assertThat(settled.licenses().get(0).id()).isEqualTo(reissued.licenses().get(0).id());
    List<SandboxSnapshot.SnapLicense> licenses = env.sandbox.snapshot().licenses();
    assertThat(licenses).hasSize(2);
    SandboxSnapshot.SnapLicense old =
        licenses.stream().filter(l -> l.id().toString().equals(original)).findFirst().orElseThrow();
    assertThat(old.validUntil()).as("the drifted license is revoked").isNotNull();
    assertThat(env.duplicates()).isEmpty();
  }

  @Test
  void orderOfAnUnknownAccountIsPendingOnItsAccount() {
    io.scalecrm.client.ScaleException e =
        catchThrowableOfType(
            io.scalecrm.client.ScaleException.class,
            () ->
                crm.issueForOrder(
                    CrmOrder.of("D-1", "999", List.of(CrmOrderLine.of("L", "PRO", 1)))));

    assertThat(FailureKind.of(e)).isEqualTo(FailureKind.DEPENDENCY);
    assertThat(e.getMessage()).contains("'999'");
    RecordResult applied =
        crm.apply(CrmOrder.of("D-1", "999", List.of(CrmOrderLine.of("L", "PRO", 1))));
    assertThat(applied.pending()).isTrue();
    assertThat(applied.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.crmId()).isEqualTo("D-1");
              assertThat(f.field()).isEqualTo("accountCrmId");
              assertThat(f.kind()).isEqualTo(FailureKind.DEPENDENCY);
            });
    assertThat(env.writes()).isZero();
  }

  @Test
  void lostResponsesAreResolvedByReadingAgainNotByASecondCreate() {
    env.sandbox.faults().loseResponseOfNth("setupOrganization", 1);
    env.sandbox.faults().loseResponseOfNth("createLicenseConsumer", 1);
    env.sandbox.faults().loseResponseOfNth("grantLicensesByProductConfig", 1);

    UpsertResult<ScaleLicensee> licensee = crm.upsertLicensee(ACME);
    UpsertResult<ScaleConsumer> consumer =
        crm.upsertConsumer(CrmContact.person("c-1", "123", "Ann", null));
    OrderResult order =
        crm.issueForOrder(CrmOrder.of("D-1", "123", List.of(CrmOrderLine.of("L-1", "PRO", 1))));

    assertThat(licensee.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(consumer.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(order.lines().get(0).outcome()).isEqualTo(LineOutcome.ISSUED);
    assertThat(env.sandbox.journal().count("setupOrganization")).isEqualTo(1);
    assertThat(env.sandbox.journal().count("createLicenseConsumer")).isEqualTo(1);
    assertThat(env.sandbox.journal().count("grantLicensesByProductConfig")).isEqualTo(1);
    SandboxSnapshot s = env.sandbox.snapshot();
    assertThat(s.licensees()).hasSize(1);
    assertThat(s.consumers()).hasSize(1);
    assertThat(s.licenses()).hasSize(1);
    assertThat(licensee.scaleId()).isEqualTo(s.licensees().get(0).id().toString());
  }

  @Test
  void aCreateWhoseConnectionBrokeIsResolvedByReadingTwiceThenCreatingOnce() {
    env.sandbox.faults().dropConnectionOnNext("setupOrganization", 1);

    UpsertResult<ScaleLicensee> created = crm.upsertLicensee(ACME);

    assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(env.sandbox.journal().count("setupOrganization")).isEqualTo(2);
    assertThat(env.sandbox.journal().count("findLicenseeByNaturalId"))
        .as("the first read, then two reads after the broken answer")
        .isEqualTo(3);
    assertThat(env.sandbox.snapshot().licensees()).hasSize(1);
  }
}
