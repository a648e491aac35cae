package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.testkit.SandboxSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer lifecycle: departed contacts, cancelled lines and orders, renewals, deleted
 * accounts, and the removal guard. Every removal comes from an explicit tombstone or cancelled
 * line; every one is idempotent (a rerun writes nothing).
 */
class LifecycleTest {
  static ScaleTestEnv env;
  static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  static final Instant UNTIL = Instant.parse("2035-01-01T00:00:00Z");

  @BeforeAll
  static void start() {
    env = ScaleTestEnv.start();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void reset() {
    env.sandbox.reset();
    env.sandbox.faults().clear();
    env.sandbox.journal().reset();
  }

  /** A CRM with accounts, contacts, orders and tombstones that the test edits between runs. */
  static final class Crm implements CrmAdapter {
    final List<CrmAccount> accounts = new ArrayList<>();
    final List<CrmContact> contacts = new ArrayList<>();
    final List<CrmOrder> orders = new ArrayList<>();
    final List<CrmTombstone> accountTombstones = new ArrayList<>();
    final List<CrmTombstone> contactTombstones = new ArrayList<>();
    final List<CrmTombstone> orderTombstones = new ArrayList<>();

    @Override
    public String system() {
      return "crm";
    }

    @Override
    public CrmPage<CrmAccount> accounts(CrmQuery q) {
      return page(accounts, accountTombstones, q);
    }

    @Override
    public CrmPage<CrmContact> contacts(CrmQuery q) {
      return page(contacts, contactTombstones, q);
    }

    @Override
    public CrmPage<CrmOrder> orders(CrmQuery q) {
      return page(orders, orderTombstones, q);
    }

    private static <T extends CrmRecord> CrmPage<T> page(
        List<T> records, List<CrmTombstone> tombstones, CrmQuery q) {
      ChangeCursor since = q.since();
      List<T> r = new ArrayList<>();
      records.stream().filter(x -> since == null || since.isBefore(x.cursor())).forEach(r::add);
      List<CrmTombstone> t = new ArrayList<>();
      tombstones.stream().filter(x -> since == null || since.isBefore(x.cursor())).forEach(t::add);
      r.sort(Comparator.comparing(CrmRecord::cursor));
      t.sort(Comparator.comparing(CrmRecord::cursor));
      return new CrmPage<>(r, List.of(), t, null);
    }

    void removeAccount(String id, Instant at) {
      accounts.removeIf(a -> a.crmId().equals(id));
      accountTombstones.add(CrmTombstone.accountDeleted(id, at));
    }

    void removeContact(String id, RemovalKind kind, Instant at) {
      CrmContact c = contacts.stream().filter(x -> x.crmId().equals(id)).findFirst().orElseThrow();
      contacts.remove(c);
      contactTombstones.add(CrmTombstone.contactRemoved(id, c.accountCrmId(), kind, at));
    }

    void replaceOrder(CrmOrder order) {
      orders.removeIf(o -> o.crmId().equals(order.crmId()));
      orders.add(order);
    }
  }

  static Crm customers() {
    Crm crm = new Crm();
    for (int i = 1; i <= 4; i++) {
      crm.accounts.add(CrmAccount.b2b("A-" + i, "Company " + i).withModifiedAt(T0));
      crm.contacts.add(
          CrmContact.person("C-" + i + "-1", "A-" + i, "Ann " + i, null).withModifiedAt(T0));
      crm.contacts.add(
          CrmContact.person("C-" + i + "-2", "A-" + i, "Bob " + i, null).withModifiedAt(T0));
      crm.orders.add(
          new CrmOrder(
              "O-" + i,
              "A-" + i,
              List.of(
                  CrmOrderLine.of("L-" + i + "-1", "PRO", 5),
                  new CrmOrderLine("L-" + i + "-2", "BASIC", 2, T0, UNTIL, "sub-" + i, null)),
              List.of(),
              T0));
    }
    crm.accounts.add(CrmAccount.b2c("P-1", "Pia", "pia@example.com").withModifiedAt(T0));
    crm.contacts.add(CrmContact.person("CP-1", "P-1", "Pia", "pia@example.com").withModifiedAt(T0));
    return crm;
  }

  static CrmSync sync(CrmMapping.Builder mapping) {
    return env.crmSync().toBuilder().mapping(mapping.skus(ScaleTestEnv.SKUS).build()).build();
  }

  static CrmSync sync() {
    return sync(CrmMapping.builder("crm"));
  }

  static SyncOptions unlimited() {
    return SyncOptions.builder().maxRemovals(RemovalLimit.UNLIMITED).build();
  }

  static UUID licensee(String account) {
    return env.sandbox.snapshot().licenseeByNaturalId("crm:" + account).orElseThrow().id();
  }

  static UUID consumer(String contact) {
    return env.sandbox
        .snapshot()
        .consumerByExternalReference("crm:contact:" + contact)
        .orElseThrow()
        .id();
  }

  static SandboxSnapshot.SnapLicense license(String ref) {
    return env.sandbox.snapshot().licenses().stream()
        .filter(l -> ref.equals(l.orderReference()))
        .max(Comparator.comparing(SandboxSnapshot.SnapLicense::created))
        .orElseThrow();
  }

  @Test
  void aDepartedContactLosesAccessAndARerunWritesNothing() {
    Crm crm = customers();
    CrmSync sync = sync();
    assertThat(sync.sync(crm, unlimited()).successful()).isTrue();
    crm.removeContact("C-1-1", RemovalKind.INACTIVE, T0.plusSeconds(60));

    SyncReport departed = sync.sync(crm, unlimited());
    SyncReport rerun = sync.sync(crm, unlimited());

    assertThat(departed.actionCounts()).containsEntry(ActionType.REVOKE_ACCESS, 1L);
    assertThat(departed.countsOf(CrmRecordType.CONTACT).removed()).isEqualTo(1);
    assertThat(env.sandbox.snapshot().consumerIdsWithAccessTo(licensee("A-1")))
        .containsExactly(consumer("C-1-2"));
    assertThat(env.sandbox.snapshot().consumers()).as("the consumer itself stays").hasSize(9);
    assertThat(rerun.writes()).isZero();
  }

  @Test
  void aDeletedContactsConsumerIsDeletedWhenNothingElseUsesIt() {
    Crm crm = customers();
    crm.contacts.add(
        CrmContact.person("C-2-3", "A-2", "Shared Sam", "sam@example.com").withModifiedAt(T0));
    crm.contacts.add(
        CrmContact.person("C-3-3", "A-3", "Sam at 3", "SAM@example.com").withModifiedAt(T0));
    CrmSync sync = sync(CrmMapping.builder("crm").contactRemoval(ContactRemoval.DELETE_CONSUMER));
    sync.sync(crm, unlimited());
    UUID sam = consumer("C-2-3");
    crm.removeContact("C-1-1", RemovalKind.DELETED, T0.plusSeconds(60));
    crm.removeContact("C-2-3", RemovalKind.DELETED, T0.plusSeconds(61));

    SyncReport removed = sync.sync(crm, unlimited());
    SyncReport rerun = sync.sync(crm, unlimited());

    assertThat(removed.actionCounts())
        .containsEntry(ActionType.REVOKE_ACCESS, 2L)
        .containsEntry(ActionType.DELETE_CONSUMER, 1L);
    SandboxSnapshot s = env.sandbox.snapshot();
    assertThat(s.consumerByExternalReference("crm:contact:C-1-1")).as("unused: deleted").isEmpty();
    assertThat(s.consumers().stream().anyMatch(c -> c.id().equals(sam)))
        .as("still used by Sam's other account: kept")
        .isTrue();
    assertThat(s.consumerIdsWithAccessTo(licensee("A-3"))).contains(sam);
    assertThat(s.consumerIdsWithAccessTo(licensee("A-2"))).doesNotContain(sam);
    assertThat(rerun.writes()).isZero();
  }

  @Test
  void aCancelledLineIsRevokedNowOrAtTheDateTheCrmGives() {
    Crm crm = customers();
    CrmSync sync = sync();
    sync.sync(crm, unlimited());
    Instant end = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    crm.replaceOrder(
        new CrmOrder(
            "O-1",
            "A-1",
            List.of(
                CrmOrderLine.of("L-1-1", "PRO", 5).cancel(null),
                new CrmOrderLine("L-1-2", "BASIC", 2, T0, UNTIL, "sub-1", null).cancel(end)),
            List.of(),
            T0.plusSeconds(60)));

    SyncReport cancelled = sync.sync(crm, unlimited());
    SyncReport rerun = sync.sync(crm, unlimited());

    assertThat(cancelled.countsOf(CrmRecordType.ORDER_LINE).removed()).isEqualTo(2);
    assertThat(license("crm:O-1:L-1-1").validUntil()).isBeforeOrEqualTo(Instant.now());
    assertThat(license("crm:O-1:L-1-2").validUntil()).isEqualTo(end);
    assertThat(rerun.writes()).isZero();
  }

  @Test
  void aRenewedLineExtendsItsLicenseInPlace() {
    Crm crm = customers();
    CrmSync sync = sync();
    sync.sync(crm, unlimited());
    String before = license("crm:O-2:L-2-2").id().toString();
    Instant later = UNTIL.plus(365, ChronoUnit.DAYS);
    crm.replaceOrder(
        new CrmOrder(
            "O-2",
            "A-2",
            List.of(
                CrmOrderLine.of("L-2-1", "PRO", 5),
                new CrmOrderLine("L-2-2", "BASIC", 2, T0, later, "sub-2", null)),
            List.of(),
            T0.plusSeconds(60)));

    SyncReport renewed = sync.sync(crm, unlimited());
    SyncReport rerun = sync.sync(crm, unlimited());

    assertThat(renewed.failures()).isEmpty();
    assertThat(renewed.actionCounts()).containsEntry(ActionType.RENEW_LICENSE, 1L);
    assertThat(license("crm:O-2:L-2-2").id().toString()).isEqualTo(before);
    assertThat(license("crm:O-2:L-2-2").validUntil()).isEqualTo(later);
    assertThat(license("crm:O-2:L-2-2").validFrom()).isEqualTo(T0);
    assertThat(rerun.writes()).isZero();
  }

  @Test
  void aDeletedAccountIsLeftAloneByDefault() {
    Crm crm = customers();
    CrmSync sync = sync();
    sync.sync(crm, unlimited());
    List<String> before = env.state();
    crm.removeAccount("A-3", T0.plusSeconds(60));

    SyncReport report = sync.sync(crm, unlimited());

    assertThat(report.writes()).isZero();
    assertThat(env.state()).isEqualTo(before);
  }

  @Test
  void aDeletedAccountsLicensesCanBeRevoked() {
    Crm crm = customers();
    CrmSync sync = sync(CrmMapping.builder("crm").accountRemoval(AccountRemoval.REVOKE_LICENSES));
    sync.sync(crm, unlimited());
    crm.removeAccount("A-3", T0.plusSeconds(60));

    sync.sync(crm, unlimited());
    SyncReport rerun = sync.sync(crm, unlimited());

    assertThat(env.sandbox.snapshot().licensesOf(licensee("A-3")))
        .hasSize(2)
        .allMatch(l -> l.validUntil() != null && !l.validUntil().isAfter(Instant.now()));
    assertThat(rerun.writes()).isZero();
  }

  @Test
  void aDeletedAccountsLicenseeCanBeDeletedB2bAndB2c() {
    Crm crm = customers();
    CrmSync sync = sync(CrmMapping.builder("crm").accountRemoval(AccountRemoval.DELETE_LICENSEE));
    sync.sync(crm, unlimited());
    crm.removeAccount("A-3", T0.plusSeconds(60));
    crm.removeAccount("P-1", T0.plusSeconds(61));

    SyncReport deleted = sync.sync(crm, unlimited());
    SyncReport rerun = sync.sync(crm, unlimited());

    assertThat(deleted.actionCounts()).containsEntry(ActionType.DELETE_LICENSEE, 2L);
    SandboxSnapshot s = env.sandbox.snapshot();
    assertThat(s.licenseeByNaturalId("crm:A-3")).isEmpty();
    assertThat(s.licenseeByNaturalId("crm:P-1")).isEmpty();
    assertThat(s.consumerByExternalReference("crm:contact:CP-1"))
        .as("delete-user removes the person's consumer too")
        .isEmpty();
    assertThat(s.licenses()).hasSize(6);
    assertThat(rerun.writes()).isZero();
  }

  @Test
  void aCancelledOrderRevokesEveryLicenseOfIt() {
    Crm crm = customers();
    CrmSync sync = sync();
    sync.sync(crm, unlimited());
    crm.orders.removeIf(o -> o.crmId().equals("O-4"));
    crm.orderTombstones.add(CrmTombstone.orderCancelled("O-4", "A-4", T0.plusSeconds(60), null));

    SyncReport report = sync.sync(crm, unlimited());

    assertThat(report.actionCounts()).containsEntry(ActionType.REVOKE_LICENSE, 1L);
    assertThat(env.sandbox.snapshot().licensesOf(licensee("A-4")))
        .hasSize(2)
        .allMatch(l -> l.validUntil() != null && !l.validUntil().isAfter(Instant.now()));
  }

  @Test
  void aRecordMissingFromTheCrmRemovesNothing() {
    Crm crm = customers();
    CrmSync sync = sync(CrmMapping.builder("crm").accountRemoval(AccountRemoval.DELETE_LICENSEE));
    sync.sync(crm, unlimited());
    List<String> before = env.state();
    crm.accounts.clear();
    crm.contacts.clear();
    crm.orders.clear();

    SyncReport empty = sync.sync(crm, unlimited());

    assertThat(empty.writes()).isZero();
    assertThat(env.state()).isEqualTo(before);
  }

  @Test
  void halfTheAccountsDeletedStopsAtTheGuardBeforeTheFirstRemoval() {
    Crm crm = customers();
    CrmSync sync = sync(CrmMapping.builder("crm").accountRemoval(AccountRemoval.DELETE_LICENSEE));
    sync.sync(crm, SyncOptions.defaults());
    List<String> before = env.state();
    int writes = env.writes();
    crm.removeAccount("A-1", T0.plusSeconds(60));
    crm.removeAccount("A-2", T0.plusSeconds(61));
    crm.removeContact("C-3-1", RemovalKind.DELETED, T0.plusSeconds(62));
    CheckpointStore checkpoints = CheckpointStore.inMemory();

    SyncReport guarded = sync.sync(crm, SyncOptions.builder().checkpoints(checkpoints).build());

    assertThat(env.writes()).as("not one removal").isEqualTo(writes);
    assertThat(env.state()).isEqualTo(before);
    assertThat(guarded.stopped())
        .hasValueSatisfying(
            s -> {
              assertThat(s.reason()).isEqualTo(StopReason.REMOVAL_GUARD);
              assertThat(s.message()).contains("3 removals", "--max-removals 3");
            });
    assertThat(guarded.complete()).isFalse();
    assertThat(guarded.failures())
        .filteredOn(f -> f.kind() == FailureKind.REMOVAL_GUARD)
        .hasSize(3)
        .anySatisfy(f -> assertThat(f.reason()).contains("would delete the licensee"));

    SyncReport allowed =
        sync.sync(
            crm,
            SyncOptions.builder().checkpoints(checkpoints).maxRemovals(RemovalLimit.of(3)).build());

    assertThat(allowed.complete()).isTrue();
    assertThat(allowed.actionCounts())
        .containsEntry(ActionType.DELETE_LICENSEE, 2L)
        .containsEntry(ActionType.REVOKE_ACCESS, 1L);
  }

  @Test
  void theGuardCountsDeletedAccountsEvenWhenThePolicyLeavesThemAlone() {
    Crm crm = customers();
    CrmSync sync = sync();
    sync.sync(crm, SyncOptions.defaults());
    for (int i = 1; i <= 3; i++) {
      crm.removeAccount("A-" + i, T0.plusSeconds(60 + i));
    }

    SyncReport report = sync.sync(crm, SyncOptions.defaults());

    assertThat(report.stopped())
        .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo(StopReason.REMOVAL_GUARD));
  }

  @Test
  void aDryRunPlansTheRemovals() {
    Crm crm = customers();
    CrmSync sync = sync();
    sync.sync(crm, unlimited());
    crm.removeContact("C-2-2", RemovalKind.DELETED, T0.plusSeconds(60));
    int writes = env.writes();

    SyncReport plan = sync.sync(crm, unlimited().toBuilder().dryRun(true).build());

    assertThat(env.writes()).isEqualTo(writes);
    assertThat(plan.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.type()).isEqualTo(ActionType.REVOKE_ACCESS);
              assertThat(a.crmId()).isEqualTo("C-2-2");
            });
  }
}
