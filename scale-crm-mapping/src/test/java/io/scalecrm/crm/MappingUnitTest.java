package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingUnitTest {
  @TempDir Path dir;

  @Test
  void theCursorNeverPassesARecordStillInFlight() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    ChangeCursor first = new ChangeCursor(t, "a");
    ChangeCursor second = new ChangeCursor(t.plusSeconds(1), "b");
    CursorTracker tracker = new CursorTracker(Checkpoint.EMPTY);
    long a = tracker.begin("a", first);
    long b = tracker.begin("b", second);

    tracker.settle(b, null); // b finished first; a is still in flight
    assertThat(tracker.apply(Checkpoint.EMPTY, false).cursor()).isNull();

    tracker.settle(a, null);
    assertThat(tracker.apply(Checkpoint.EMPTY, false).cursor()).isEqualTo(second);
  }

  // found by the torture test: a crash right after an early record failed, while an earlier one
  // was in flight, stored no cursor and one pending record; the next run resumed after the pending
  // record and never read the earlier one again
  @Test
  void withoutACursorTheNextRunReadsEverythingEvenWithPendingRecords() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    CursorTracker tracker = new CursorTracker(Checkpoint.EMPTY);
    tracker.begin("a", new ChangeCursor(t, "a")); // in flight when the process dies
    long failed = tracker.begin("b", new ChangeCursor(t.plusSeconds(1), "b"));
    tracker.settle(
        failed,
        new PendingRecord(
            "b", new ChangeCursor(t.plusSeconds(1), "b"), FailureKind.ENVIRONMENT, "502"));

    Checkpoint saved = tracker.apply(Checkpoint.EMPTY, false); // the process dies here
    assertThat(saved.cursor()).isNull();
    assertThat(saved.pending()).containsOnlyKeys("b");
    assertThat(saved.resumeAfter()).as("the next run reads from the start, and meets a").isEmpty();
    assertThat(saved.handled("a", new ChangeCursor(t, "a"))).isFalse();
  }

  @Test
  void aPendingRecordTravelsWithTheCursorThatPassesIt() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    CursorTracker tracker = new CursorTracker(Checkpoint.EMPTY);
    long a = tracker.begin("a", new ChangeCursor(t, "a"));
    long b = tracker.begin("b", new ChangeCursor(t.plusSeconds(1), "b"));
    tracker.settle(
        a, new PendingRecord("a", new ChangeCursor(t, "a"), FailureKind.ENVIRONMENT, "503"));
    tracker.settle(b, null);

    Checkpoint saved = tracker.apply(Checkpoint.EMPTY, false);
    assertThat(saved.cursor()).isEqualTo(new ChangeCursor(t.plusSeconds(1), "b"));
    assertThat(saved.pending()).containsOnlyKeys("a");
  }

  @Test
  void defaultKeysAreDerivedFromCrmIdentity() {
    CrmMapping m = CrmMapping.builder("hubspot").build();
    CrmOrder order = CrmOrder.of("D-9", "123", List.of(CrmOrderLine.of("L-1", "PRO", 1)));
    assertThat(m.naturalId(CrmAccount.b2b("123", "Acme"))).isEqualTo("hubspot:123");
    assertThat(m.naturalIdOf("123")).isEqualTo("hubspot:123");
    assertThat(m.externalReference(CrmContact.person("456", "123", "Ann", null)))
        .isEqualTo("hubspot:contact:456");
    assertThat(m.orderReference(order, order.lines().get(0))).isEqualTo("hubspot:D-9:L-1");
  }

  @Test
  void keyFunctionsCanBeReplaced() {
    CrmMapping m =
        CrmMapping.builder("sf")
            .naturalId(accountId -> "acct-" + accountId)
            .externalReference(c -> "person-" + c.crmId())
            .orderReference((o, l) -> l.lineId())
            .build();
    assertThat(m.naturalId(CrmAccount.b2b("1", "A"))).isEqualTo("acct-1");
    assertThat(m.naturalIdOf("1"))
        .as("orders and contacts derive the same key")
        .isEqualTo("acct-1");
    assertThat(m.externalReference(CrmContact.person("2", "1", "B", null))).isEqualTo("person-2");
    CrmMapping blank = CrmMapping.builder("sf").naturalId(accountId -> " ").build();
    assertThat(
            catchThrowableOfType(
                IllegalStateException.class, () -> blank.naturalId(CrmAccount.b2b("1", "A"))))
        .hasMessageContaining("naturalId");
  }

  @Test
  void systemNamesAreChecked() {
    for (String bad : List.of("", "HubSpot", "hub spot", "x".repeat(33), "-x")) {
      assertThat(
              catchThrowableOfType(IllegalArgumentException.class, () -> CrmMapping.builder(bad)))
          .as(bad)
          .isNotNull();
    }
  }

  @Test
  void skuTableLoadsFromCsvWithExtraColumns() throws Exception {
    UUID pro = UUID.randomUUID();
    Path file = dir.resolve("skus.csv");
    Files.writeString(
        file,
        "\uFEFFsku,productConfigId,productName,features\n# comment\nPRO-1Y, "
            + pro
            + " ,Acme Pro,export;api\n\nBASIC,"
            + UUID.randomUUID()
            + ",Acme Basic,view\n",
        StandardCharsets.UTF_8);
    SkuTable table = SkuTable.load(file);
    assertThat(table.skus()).containsExactlyInAnyOrder("PRO-1Y", "BASIC");
    assertThat(table.productConfigId(" PRO-1Y ")).contains(pro);
    assertThat(table.productConfigId("NOPE")).isEmpty();
  }

  @Test
  void skuTableErrorsNameTheLine() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "sku,productConfigId\nPRO,not-a-uuid\n");
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> SkuTable.load(file)))
        .hasMessageContaining("line 2")
        .hasMessageContaining("not a UUID");
    Files.writeString(file, "code,id\nPRO," + UUID.randomUUID() + "\n");
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> SkuTable.load(file)))
        .hasMessageContaining("sku and productConfigId");
    UUID id = UUID.randomUUID();
    Files.writeString(file, "sku,productConfigId\nPRO," + id + "\nPRO," + id + "\n");
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> SkuTable.load(file)))
        .hasMessageContaining("line 3");
  }

  @Test
  void fileCheckpointsSurviveANewStoreWithTheirPendingRecords() {
    Path file = dir.resolve("state/checkpoints.json");
    ChangeCursor early = new ChangeCursor(Instant.parse("2026-01-01T00:00:00Z"), "5");
    ChangeCursor late = new ChangeCursor(Instant.parse("2026-02-01T00:00:00Z"), "1");
    PendingRecord pending = new PendingRecord("5", early, FailureKind.ENVIRONMENT, "HTTP 503");
    CheckpointStore store = CheckpointStore.file(file);
    assertThat(store.load("hubspot/accounts")).isEqualTo(Checkpoint.EMPTY);
    store.update("hubspot/accounts", cp -> new Checkpoint(late, Map.of("5", pending)));
    store.update("hubspot/contacts", cp -> new Checkpoint(early, Map.of()));
    CheckpointStore reopened = CheckpointStore.file(file);
    assertThat(reopened.load("hubspot/accounts"))
        .isEqualTo(new Checkpoint(late, Map.of("5", pending)));
    assertThat(reopened.load("hubspot/accounts").resumeAfter()).contains(early.justBefore());
    assertThat(reopened.load("hubspot/contacts").cursor()).isEqualTo(early);
  }

  @Test
  void fileCheckpointsReadTheOldPropertiesFormat() throws Exception {
    Path file = dir.resolve("old.properties");
    java.nio.file.Files.writeString(file, "hubspot/accounts=2026-02-01T00\\:00\\:00Z|7\n");
    assertThat(CheckpointStore.file(file).load("hubspot/accounts").cursor())
        .isEqualTo(new ChangeCursor(Instant.parse("2026-02-01T00:00:00Z"), "7"));
  }

  @Test
  void inMemoryCheckpointsUpdateAtomically() {
    ChangeCursor late = new ChangeCursor(Instant.EPOCH, "3");
    CheckpointStore store = CheckpointStore.inMemory();
    store.update("s", cp -> new Checkpoint(late, Map.of()));
    assertThat(store.load("s").cursor()).isEqualTo(late);
    assertThat(CheckpointStore.none().load("s")).isEqualTo(Checkpoint.EMPTY);
  }

  @Test
  void syncOptionsCheckRanges() {
    assertThat(SyncOptions.defaults().concurrency()).isEqualTo(4);
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> SyncOptions.builder().concurrency(0).build()))
        .hasMessageContaining("concurrency");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> SyncOptions.builder().pageSize(1001).build()))
        .hasMessageContaining("pageSize");
  }
}
