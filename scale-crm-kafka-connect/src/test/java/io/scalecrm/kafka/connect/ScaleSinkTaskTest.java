package io.scalecrm.kafka.connect;

import static io.scalecrm.kafka.connect.Events.account;
import static io.scalecrm.kafka.connect.Events.contact;
import static io.scalecrm.kafka.connect.Events.line;
import static io.scalecrm.kafka.connect.Events.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalecrm.testkit.SandboxSnapshot;
import io.scalecrm.testkit.SandboxSnapshot.SnapConsumer;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicense;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicensee;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task's delivery guarantees, with the task driven as a worker drives it and a real sandbox
 * behind real HTTP and RS256 JWTs.
 */
class ScaleSinkTaskTest {
  private static TestScale scale;
  private TaskHarness harness;

  @BeforeAll
  static void startScale() {
    scale = TestScale.start();
  }

  @AfterAll
  static void stopScale() {
    scale.close();
  }

  @BeforeEach
  void reset() {
    scale.sandbox.reset();
  }

  @AfterEach
  void stopTask() {
    if (harness != null) {
      harness.close();
    }
  }

  private TaskHarness start(Map<String, String> overrides, boolean withReporter) {
    Map<String, String> props = new HashMap<>(scale.taskProps());
    props.putAll(overrides);
    harness = new TaskHarness(props, withReporter);
    return harness;
  }

  private TaskHarness start() {
    return start(Map.of(), true);
  }

  private static TopicPartition tp(int partition) {
    return new TopicPartition(TaskHarness.TOPIC, partition);
  }

  private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> m) {
    return m.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  @Test
  void appliesAccountsContactsAndOrdersAndCommitsTheirOffsets() {
    TaskHarness h = start();
    h.put(
        List.of(
            h.record(0, "A-1", account("A-1", "Acme Oy")),
            h.record(0, "A-1", contact("C-1", "A-1", "Aino Virtanen", "aino@acme.example")),
            h.record(0, "A-1", order("O-1", "A-1", line("L-1", "PRO-1Y", 5))),
            h.record(1, "A-2", account("A-2", "Beta AB"))));

    SandboxSnapshot s = scale.sandbox.snapshot();
    SnapLicensee acme = s.licenseeByNaturalId("salesforce:A-1").orElseThrow();
    assertThat(acme.name()).isEqualTo("Acme Oy");
    assertThat(s.licenseeByNaturalId("salesforce:A-2")).isPresent();
    SnapConsumer aino = s.consumerByExternalReference("salesforce:contact:C-1").orElseThrow();
    assertThat(s.consumerIdsWithAccessTo(acme.id())).containsExactly(aino.id());
    List<SnapLicense> licenses = s.licensesOf(acme.id());
    assertThat(licenses)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.orderReference()).isEqualTo("salesforce:O-1:L-1");
              assertThat(l.qty()).isEqualTo(5);
              assertThat(l.productConfigId()).isEqualTo(TestScale.PRO.productConfigId());
            });
    assertThat(offsets(h.preCommit()))
        .containsExactlyInAnyOrderEntriesOf(Map.of(tp(0), 3L, tp(1), 1L));
    assertThat(h.reports).isEmpty();
  }

  @Test
  void appliesEachAccountsEventsInOrderWhileAccountsRunConcurrently() {
    TaskHarness h = start(Map.of(ScaleSinkConfig.CONCURRENCY, "8"), true);
    // 12 accounts on one partition, their events interleaved: account, 3 contacts, an order, and
    // two renames of the account; a contact applied before its account would fail (DEPENDENCY)
    List<SinkRecord> records = new ArrayList<>();
    for (int step = 0; step < 7; step++) {
      for (int a = 0; a < 12; a++) {
        String id = "A-" + a;
        ObjectNode event;
        switch (step) {
          case 0:
            event = account(id, "Name " + a + " v1");
            break;
          case 1:
          case 2:
          case 3:
            event = contact("C-" + a + "-" + step, id, "Person " + step, null);
            break;
          case 4:
            event = order("O-" + a, id, line("L-" + a, "BASIC", 1 + a));
            break;
          default:
            event = account(id, "Name " + a + " v" + (step - 3));
            break;
        }
        records.add(h.record(0, id, event));
      }
    }
    h.put(records);

    assertThat(h.reports).isEmpty();
    SandboxSnapshot s = scale.sandbox.snapshot();
    assertThat(s.duplicates()).isEmpty();
    for (int a = 0; a < 12; a++) {
      SnapLicensee licensee = s.licenseeByNaturalId("salesforce:A-" + a).orElseThrow();
      assertThat(licensee.name()).isEqualTo("Name " + a + " v3");
      assertThat(s.consumerIdsWithAccessTo(licensee.id())).hasSize(3);
      assertThat(s.licensesOf(licensee.id()))
          .singleElement()
          .extracting(SnapLicense::qty)
          .isEqualTo(1 + a);
    }
    assertThat(offsets(h.preCommit())).containsEntry(tp(0), 84L);
  }

  @Test
  void sendsBadEventsToTheDeadLetterQueueWithHeadersAndCommitsPastThem() {
    TaskHarness h = start();
    ObjectNode badEmail = account("A-3", "Gamma GmbH");
    badEmail.put("email", "not-an-address");
    ObjectNode noName = account("A-4", "x");
    noName.remove("name");
    List<SinkRecord> records =
        List.of(
            h.record(0, "A-1", "{\"type\": \"account\", "),
            h.record(0, "A-1", account("A-1", "Acme Oy")),
            h.record(0, "A-3", badEmail),
            h.record(0, "A-4", noName),
            h.record(1, "A-9", contact("C-9", "A-9", "Nobody", null)),
            h.record(
                1,
                "A-1",
                order("O-1", "A-1", line("L-1", "PRO-1Y", 2), line("L-2", "NO-SUCH-SKU", 1))),
            h.record(1, "A-2", account("A-1", "Keyed wrongly")));
    h.put(records);

    assertThat(h.reports).hasSize(6);
    Map<Long, TaskHarness.Report> byOffset = new HashMap<>();
    h.reports.forEach(
        r -> byOffset.put(r.record().kafkaPartition() * 100L + r.record().kafkaOffset(), r));

    assertThat(headers(byOffset.get(0L)))
        .containsEntry("scale.event.type", List.of("event"))
        .containsEntry("scale.error.kind", List.of("RECORD_DATA"));
    assertThat(headers(byOffset.get(2L)))
        .containsEntry("scale.event.type", List.of("account"))
        .containsEntry("scale.event.crm.id", List.of("A-3"))
        .containsEntry("scale.error.field", List.of("email"))
        .containsEntry("scale.error.reason", List.of("is not a valid email address"));
    assertThat(byOffset.get(2L).error().getMessage()).doesNotContain("not-an-address");
    assertThat(headers(byOffset.get(3L))).containsEntry("scale.error.field", List.of("name"));
    assertThat(headers(byOffset.get(100L)))
        .containsEntry("scale.event.type", List.of("contact"))
        .containsEntry("scale.error.kind", List.of("DEPENDENCY"))
        .containsEntry("scale.error.field", List.of("accountCrmId"));
    assertThat(headers(byOffset.get(101L)))
        .containsEntry("scale.event.type", List.of("order"))
        .containsEntry("scale.event.crm.id", List.of("O-1"))
        .containsEntry("scale.error.count", List.of("1"))
        .containsEntry("scale.error.record.type", List.of("order line"))
        .containsEntry("scale.error.crm.id", List.of("L-2"))
        .containsEntry("scale.error.field", List.of("sku"));
    assertThat(headers(byOffset.get(102L))).containsEntry("scale.error.field", List.of("key"));
    // the dead-letter record is the event as it was read
    assertThat(byOffset.get(2L).record().value()).isEqualTo(records.get(2).value());
    assertThat(byOffset.get(2L).record().key()).isEqualTo("A-3");

    // the good line of the order with a bad line was issued; the bad events wrote nothing
    SandboxSnapshot s = scale.sandbox.snapshot();
    assertThat(s.licensees()).extracting(SnapLicensee::naturalId).containsExactly("salesforce:A-1");
    assertThat(s.licenses())
        .extracting(SnapLicense::orderReference)
        .containsExactly("salesforce:O-1:L-1");
    assertThat(s.licenseeByNaturalId("salesforce:A-1").orElseThrow().name()).isEqualTo("Acme Oy");
    assertThat(offsets(h.preCommit()))
        .containsExactlyInAnyOrderEntriesOf(Map.of(tp(0), 4L, tp(1), 3L));
  }

  @Test
  void redeliversWhileScaleIsUnavailableAndNeverCommitsPastTheFailedEvent() {
    TaskHarness h = start();
    h.put(List.of(h.record(0, "A-1", account("A-1", "Acme Oy"))));
    List<SinkRecord> batch =
        List.of(
            h.record(0, "A-2", account("A-2", "Beta AB")),
            h.record(0, "A-3", account("A-3", "x").put("email", "bad")),
            h.record(1, "A-4", account("A-4", "Delta Oy")));

    scale.sandbox.faults().errorRate(1.0, 503, 7);
    assertThatThrownBy(() -> h.put(batch))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("redelivers");
    assertThatThrownBy(() -> h.put(batch)).isInstanceOf(RetriableException.class);
    // the backoff doubles with each failed delivery of the batch
    assertThat(h.context.timeouts).containsExactly(100L, 200L);
    Map<TopicPartition, Long> committable = offsets(h.preCommit());
    assertThat(committable.get(tp(0))).isEqualTo(1L);
    assertThat(committable).doesNotContainKey(tp(1));

    scale.sandbox.faults().clear();
    h.put(batch);

    assertThat(offsets(h.preCommit()))
        .containsExactlyInAnyOrderEntriesOf(Map.of(tp(0), 3L, tp(1), 1L));
    SandboxSnapshot s = scale.sandbox.snapshot();
    assertThat(s.licensees())
        .extracting(SnapLicensee::naturalId)
        .containsExactlyInAnyOrder("salesforce:A-1", "salesforce:A-2", "salesforce:A-4");
    assertThat(s.duplicates()).isEmpty();
    // three deliveries of the batch, one dead letter
    assertThat(h.reports).hasSize(1);
    // a later failure starts the backoff afresh
    scale.sandbox.faults().errorRate(1.0, 503, 7);
    assertThatThrownBy(() -> h.put(List.of(h.record(1, "A-5", account("A-5", "Epsilon")))))
        .isInstanceOf(RetriableException.class);
    assertThat(h.context.timeouts).containsExactly(100L, 200L, 100L);
  }

  @Test
  void appliesRemovalsAsTheLifecyclePoliciesSay() {
    TaskHarness h = start(Map.of(ScaleSinkConfig.ACCOUNT_REMOVAL, "REVOKE_LICENSES"), true);
    Instant cancelledAt = Instant.parse("2026-06-30T00:00:00Z");
    ObjectNode cancelledLine = line("L-2", "BASIC", 3);
    cancelledLine.put("status", "cancelled").put("cancelledAt", cancelledAt.toString());
    ObjectNode orderCancelled = Events.removal("order", "O-2", "A-1", "cancelled");
    orderCancelled.put("effectiveAt", "2026-07-01");
    List<SinkRecord> live =
        List.of(
            h.record(0, "A-1", account("A-1", "Acme Oy")),
            h.record(0, "A-1", contact("C-1", "A-1", "Aino", "aino@acme.example")),
            h.record(
                0, "A-1", order("O-1", "A-1", line("L-1", "PRO-1Y", 5), line("L-2", "BASIC", 3))),
            h.record(0, "A-1", order("O-2", "A-1", line("L-3", "PRO-1Y", 1))),
            h.record(1, "A-2", account("A-2", "Beta AB")),
            h.record(1, "A-2", order("O-9", "A-2", line("L-9", "BASIC", 2))));
    h.put(live);
    List<SinkRecord> removals =
        List.of(
            h.record(0, "A-1", Events.removal("contact", "C-1", "A-1", "inactive")),
            h.record(0, "A-1", order("O-1", "A-1", line("L-1", "PRO-1Y", 5), cancelledLine)),
            h.record(0, "A-1", orderCancelled),
            h.record(1, "A-2", Events.removal("account", "A-2", null, "deleted")));
    h.put(removals);

    assertThat(h.reports).isEmpty();
    SandboxSnapshot s = scale.sandbox.snapshot();
    SnapLicensee acme = s.licenseeByNaturalId("salesforce:A-1").orElseThrow();
    assertThat(s.consumerByExternalReference("salesforce:contact:C-1")).isPresent();
    assertThat(s.consumerIdsWithAccessTo(acme.id())).isEmpty();
    Map<String, SnapLicense> byRef =
        s.licenses().stream().collect(Collectors.toMap(SnapLicense::orderReference, l -> l));
    assertThat(byRef.get("salesforce:O-1:L-1").validUntil()).isNull();
    assertThat(byRef.get("salesforce:O-1:L-2").validUntil()).isEqualTo(cancelledAt);
    assertThat(byRef.get("salesforce:O-2:L-3").validUntil())
        .isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
    assertThat(byRef.get("salesforce:O-9:L-9").validUntil()).isNotNull();
    assertThat(s.duplicates()).isEmpty();

    // a redelivery of the removals writes nothing
    scale.sandbox.journal().reset();
    h.put(removals);
    assertThat(scale.sandbox.journal().writes()).isZero();
  }

  @Test
  void redeliveryOfAppliedEventsWritesNothing() {
    TaskHarness h = start();
    List<SinkRecord> batch =
        List.of(
            h.record(0, "A-1", account("A-1", "Acme Oy")),
            h.record(0, "A-1", contact("C-1", "A-1", "Aino", "aino@acme.example")),
            h.record(0, "A-1", order("O-1", "A-1", line("L-1", "PRO-1Y", 5))));
    h.put(batch);
    scale.sandbox.journal().reset();

    h.put(batch);

    assertThat(scale.sandbox.journal().writes()).isZero();
    assertThat(scale.sandbox.snapshot().duplicates()).isEmpty();
  }

  @Test
  void stopsTheTaskWhenScaleRefusesTheCredentials() {
    TaskHarness h = start(Map.of(ScaleSinkConfig.KEY_ID, "revoked-key"), true);
    List<SinkRecord> batch = List.of(h.record(0, "A-1", account("A-1", "Acme Oy")));

    assertThatThrownBy(() -> h.put(batch))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("refused the connector's credentials")
        .hasMessageContaining("scale.jwt.key.id")
        .message()
        .doesNotContain("PRIVATE KEY");
    assertThat(h.preCommit()).isEmpty();
    assertThat(h.reports).isEmpty();
  }

  @Test
  void withoutADeadLetterQueueBadEventsAreLoggedAndSkipped() {
    TaskHarness h = start(Map.of(), false);
    h.put(List.of(h.record(0, "A-1", "not json"), h.record(0, "A-2", account("A-2", "Beta AB"))));

    assertThat(offsets(h.preCommit())).containsEntry(tp(0), 2L);
    assertThat(scale.sandbox.snapshot().licenseeByNaturalId("salesforce:A-2")).isPresent();
  }

  @Test
  void appliesLargeDeliveriesInRoundsAndStopsAtTheFirstRoundThatFails() {
    TaskHarness h =
        start(Map.of(ScaleSinkConfig.BATCH_SIZE, "2", ScaleSinkConfig.CONCURRENCY, "1"), true);
    List<SinkRecord> batch =
        List.of(
            h.record(0, "A-0", account("A-0", "Account 0")),
            h.record(0, "A-1", account("A-1", "Account 1")),
            h.record(0, "A-2", account("A-2", "Account 2")),
            h.record(1, "A-3", account("A-3", "Account 3")),
            h.record(1, "A-4", account("A-4", "Account 4")));
    // rounds, [A-2, A-3], [A-4]; every attempt to create A-2 answers 503
    for (int n = 3; n <= 12; n++) {
      scale.sandbox.faults().failNth("setupOrganization", n, 503);
    }

    assertThatThrownBy(() -> h.put(batch)).isInstanceOf(RetriableException.class);

    assertThat(offsets(h.preCommit())).containsExactly(Map.entry(tp(0), 2L));
    assertThat(scale.sandbox.snapshot().licensees())
        .extracting(SnapLicensee::naturalId)
        .containsExactlyInAnyOrder("salesforce:A-0", "salesforce:A-1");

    scale.sandbox.faults().clear();
    h.put(batch);
    assertThat(offsets(h.preCommit()))
        .containsExactlyInAnyOrderEntriesOf(Map.of(tp(0), 3L, tp(1), 2L));
    assertThat(scale.sandbox.snapshot().licensees()).hasSize(5);
  }

  @Test
  void backoffDoublesUpToTheLongestWait() {
    Map<String, String> props = new HashMap<>(scale.taskProps());
    props.put(ScaleSinkConfig.RETRY_BACKOFF_MS, "1000");
    props.put(ScaleSinkConfig.RETRY_BACKOFF_MAX_MS, "5000");
    ScaleSinkConfig config = new ScaleSinkConfig(props);
    assertThat(
            List.of(1, 2, 3, 4, 60).stream()
                .map(n -> ScaleSinkTask.backoff(config, n))
                .collect(Collectors.toList()))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
  }

  private static Map<String, List<String>> headers(TaskHarness.Report report) {
    assertThat(report).as("a dead-letter report").isNotNull();
    Map<String, List<String>> map = new HashMap<>();
    for (Header h : report.record().headers()) {
      map.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(String.valueOf(h.value()));
    }
    return map;
  }

  static <T> List<T> list(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).collect(Collectors.toList());
  }
}
