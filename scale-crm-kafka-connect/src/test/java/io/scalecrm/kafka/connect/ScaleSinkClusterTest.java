package io.scalecrm.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.testkit.SandboxSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector in a real Kafka Connect cluster: KRaft brokers and distributed workers in this JVM
 * ({@link EmbeddedConnectCluster}), the README's connector JSON posted to a worker's REST API, and
 * a sandbox behind real HTTP. One cluster for the whole class; the tests run in order, each on the
 * state the previous one left.
 *
 * <p>The size of the main stream is {@code -Dkafka.events} (10,000 by default; {@code
 * -Dkafka.events=100000} for the larger run). Figures are printed to the test output and written to
 * {@code target*}{@code /kafka-connect-figures.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleSinkClusterTest {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleSinkClusterTest.class);
  private static final String TOPIC = "crm-changes";
  private static final String DLQ = "crm-changes-dlq";
  private static final int PARTITIONS = 6;
  private static final int WORKERS = Integer.getInteger("kafka.workers", 2);
  private static final int EVENTS = Integer.getInteger("kafka.events", 3_000);
  private static final Duration PATIENCE = Duration.ofMinutes(Math.max(5, EVENTS / 5_000));

  private TestScale scale;
  private EmbeddedConnectCluster connect;
  private Admin admin;
  private String connectorJson;
  private String connectorName;
  private EventStream main;
  private EventStream during;
  private final List<String> figures = new ArrayList<>();
  private boolean earlierStepFailed;

  @org.junit.jupiter.api.BeforeEach
  void skipAfterAFailedStep() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        earlierStepFailed, "an earlier step failed; this one builds on its state");
    earlierStepFailed = true;
  }

  /** The last statement of every step: the next step may build on its state. */
  private void stepPassed() {
    earlierStepFailed = false;
  }

  @BeforeAll
  void startCluster() throws Exception {
    scale = TestScale.start();
    TestEnvironment.VALUES.putAll(scale.environment());
    Map<String, String> worker = new HashMap<>();
    // the README's connector JSON reads ${env:...}: see TestEnvironment
    worker.put("config.providers", "env");
    worker.put("config.providers.env.class", TestEnvironment.class.getName());
    worker.put("offset.flush.interval.ms", "1000");
    // a stopped worker's tasks move to the others after 1 s rather than 5 minutes
    worker.put("scheduled.rebalance.max.delay.ms", "1000");
    // every plugin here has a ServiceLoader manifest (ours too): skip the slow classpath scan
    worker.put("plugin.discovery", "service_load");
    // a stopping worker lets its tasks finish the batch in hand (the default is 5 s)
    worker.put("task.shutdown.graceful.timeout.ms", "60000");
    Properties broker = new Properties();
    broker.put("group.initial.rebalance.delay.ms", "0");
    connect =
        new EmbeddedConnectCluster.Builder()
            .name("scale-connect")
            .numWorkers(WORKERS)
            .numBrokers(1)
            .workerProps(worker)
            .brokerProps(broker)
            .build();
    connect.start();
    admin = connect.kafka().createAdminClient();
    connect.kafka().createTopic(TOPIC, PARTITIONS);
    // created up front, as the README says: Connect would create it with replication factor 3
    connect.kafka().createTopic(DLQ, 1);
    connectorJson = Files.readString(ReadmeTest.CONNECTOR_JSON, StandardCharsets.UTF_8);
    connectorName = Events.JSON.readTree(connectorJson).get("name").asText();
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (admin != null) {
        admin.close();
      }
      if (connect != null) {
        connect.stop();
      }
    } finally {
      if (scale != null) {
        scale.close();
      }
      String text = String.join(System.lineSeparator(), figures);
      LOG.info("Figures:{}{}", System.lineSeparator(), text);
      Files.writeString(
          Path.of(System.getProperty("figures.file", "target/kafka-connect-figures.txt")),
          text + System.lineSeparator(),
          StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(1)
  void theEventsEndInExactlyTheStateTheyDescribeAcrossTasksAndWorkers() throws Exception {
    main = EventStream.generate("M", EVENTS, 13);
    produce(main.events);

    Instant start = Instant.now();
    // exactly the README's JSON, posted to a worker
    var response =
        connect.requestPost(
            connect.endpointForResource("connectors"),
            connectorJson,
            Map.of("Content-Type", "application/json"));
    assertThat(response.getStatus()).as("POST /connectors").isEqualTo(201);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(connectorName, 3, "3 tasks");
    awaitCommitted("the main stream");
    Duration took = Duration.between(start, Instant.now());

    SandboxSnapshot s = scale.sandbox.snapshot();
    assertThat(s.duplicates()).isEmpty();
    assertThat(main.differences(s)).isEmpty();
    assertThat(dlqCounts()).isEqualTo(counts(main.badEvents()));
    assertThat(taskWorkers()).hasSize(WORKERS);
    figures.add(
        String.format(
            "main stream: %d events (%d bad), %d accounts, %d contacts, %d licenses;"
                + " 3 tasks on %d workers, %d partitions; applied in %d s; duplicates %d;"
                + " differences from the model %d; dead letters %d",
            main.events.size(),
            main.badEvents().size(),
            main.accounts.size(),
            main.contacts.size(),
            main.licenses.size(),
            WORKERS,
            PARTITIONS,
            took.toSeconds(),
            s.duplicates().size(),
            main.differences(s).size(),
            dlqCounts().values().stream().mapToInt(Integer::intValue).sum()));
    stepPassed();
  }

  @Test
  @Order(2)
  void stoppingAWorkerMidStreamAndAddingItBackLosesAndDuplicatesNothing() throws Exception {
    // enough events per partition that a stopped worker's tasks leave some behind: a task takes
    // up to 500 (max.poll.records) from its two partitions at a time
    during = EventStream.generate("R", Math.max(4_000, EVENTS / 5), 17);
    List<EventStream.Event> events = during.events;
    int part = events.size() * 3 / 5;
    int startsBefore = ScaleSinkTask.starts();
    long before = committedTotal();
    // a slower Scale, so that the worker stops while the stream is in flight
    scale.sandbox.faults().latency(Duration.ofMillis(5));
    produce(events.subList(0, part));
    await("progress on the first part", () -> committedTotal() >= before + part / 5);
    connect.removeWorker();
    long atStop = committedTotal() - before;
    // the worker stopped mid-stream: the other worker's tasks have the rest to take over
    assertThat(atStop).as("committed when the worker had stopped").isLessThan(part);
    produce(events.subList(part, events.size()));
    await("every task on the remaining worker", () -> taskWorkers().size() == WORKERS - 1);
    long alone = committedTotal();
    await("progress on one worker fewer", () -> committedTotal() > alone);
    connect.addWorker();
    await("tasks spread over the workers again", () -> taskWorkers().size() == WORKERS);
    scale.sandbox.faults().clear();
    awaitCommitted("the stream with a worker stopped and added back");

    SandboxSnapshot s = scale.sandbox.snapshot();
    assertThat(s.duplicates()).isEmpty();
    assertThat(during.differences(s)).isEmpty();
    assertThat(main.differences(s)).isEmpty();
    Map<String, Integer> expected = counts(main.badEvents());
    counts(during.badEvents()).forEach((k, v) -> expected.merge(k, v, Integer::sum));
    assertThat(dlqCounts()).isEqualTo(expected);
    figures.add(
        String.format(
            "rebalance: %d events; a worker stopped with %d of the first %d committed, the rest"
                + " produced, the worker added back; task (re)starts %d; records lost %d;"
                + " duplicates %d",
            events.size(),
            atStop,
            part,
            ScaleSinkTask.starts() - startsBefore,
            during.differences(s).size(),
            s.duplicates().size()));
    stepPassed();
  }

  @Test
  @Order(3)
  void replayingTheTopicFromOffsetZeroWritesNothing() throws Exception {
    Map<String, Integer> deadLettersBefore = dlqCounts();
    connect.stopConnector(connectorName);
    connect.assertions().assertConnectorIsStopped(connectorName, "stopped for the offset reset");
    connect.resetConnectorOffsets(connectorName);
    scale.sandbox.journal().reset();

    connect.resumeConnector(connectorName);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(connectorName, 3, "3 tasks");
    Instant start = Instant.now();
    awaitCommitted("the replay");
    Duration took = Duration.between(start, Instant.now());

    assertThat(scale.sandbox.journal().writes()).isZero();
    SandboxSnapshot s = scale.sandbox.snapshot();
    assertThat(s.duplicates()).isEmpty();
    assertThat(main.differences(s)).isEmpty();
    assertThat(during.differences(s)).isEmpty();
    // the bad events are still bad: each is dead-lettered once more
    Map<String, Integer> twice = new HashMap<>();
    deadLettersBefore.forEach((k, v) -> twice.put(k, 2 * v));
    assertThat(dlqCounts()).isEqualTo(twice);
    figures.add(
        String.format(
            "replay from offset 0: %d events in %d s, %d Scale calls, %d writes",
            main.events.size() + during.events.size(),
            took.toSeconds(),
            scale.sandbox.journal().entries().size(),
            scale.sandbox.journal().writes()));
    stepPassed();
  }

  @Test
  @Order(4)
  void deadLettersCarryTheRecordTheFieldAndTheReason() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records = dlq();
    assertThat(records).isNotEmpty();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      Map<String, String> h = new HashMap<>();
      for (Header header : r.headers()) {
        h.putIfAbsent(
            header.key(),
            header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
      }
      assertThat(h)
          .containsKeys(
              "scale.event.type",
              "scale.event.crm.id",
              "scale.error.kind",
              "scale.error.record.type",
              "scale.error.crm.id",
              "scale.error.field",
              "scale.error.reason");
      assertThat(h.get("scale.error.reason")).isNotBlank();
      assertThat(h).containsKeys("__connect.errors.exception.message", "__connect.errors.topic");
      assertThat(h.get("__connect.errors.topic")).isEqualTo(TOPIC);
    }
    // a contact whose account never existed names the missing dependency
    assertThat(records)
        .anySatisfy(
            r -> assertThat(headerValues(r, "scale.error.kind")).containsExactly("DEPENDENCY"));
    // the connector's own headers of a malformed email name the field but not the value
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(headerValues(r, "scale.error.field")).containsExactly("email");
              assertThat(String.join(" ", headerValues(r, "scale.error.reason")))
                  .doesNotContain("@@");
            });
    stepPassed();
  }

  private static List<String> headerValues(ConsumerRecord<byte[], byte[]> r, String key) {
    List<String> values = new ArrayList<>();
    for (Header h : r.headers().headers(key)) {
      values.add(h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    return values;
  }

  private void produce(List<EventStream.Event> events) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(props)) {
      for (EventStream.Event e : events) {
        producer.send(
            new ProducerRecord<>(
                TOPIC,
                e.key().getBytes(StandardCharsets.UTF_8),
                e.value().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** Waits until the connector's committed offsets reach the end of every partition. */
  private void awaitCommitted(String what) throws Exception {
    LOG.info("Waiting for {}", what);
    Map<TopicPartition, Long> end = endOffsets();
    await(
        what + " committed to the end of the topic",
        () -> {
          Map<TopicPartition, Long> committed = committed();
          return end.entrySet().stream()
              .allMatch(e -> committed.getOrDefault(e.getKey(), -1L) >= e.getValue());
        });
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private Map<TopicPartition, Long> committed() {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets("connect-" + connectorName)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> out = new HashMap<>();
      offsets.forEach(
          (tp, o) -> {
            if (o != null) {
              out.put(tp, o.offset());
            }
          });
      return out;
    } catch (Exception e) {
      return Map.of();
    }
  }

  private long committedTotal() {
    return committed().values().stream().mapToLong(Long::longValue).sum();
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(250);
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> dlq() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    connect.kafka().consumeAll(30_000, DLQ).forEach(out::add);
    return out;
  }

  /** The dead-letter topic's records as key + value, with how often each occurs. */
  private Map<String, Integer> dlqCounts() throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq()) {
      String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
      String value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
      counts.merge(key + " " + value, 1, Integer::sum);
    }
    return counts;
  }

  private static Map<String, Integer> counts(List<EventStream.Event> events) {
    Map<String, Integer> counts = new HashMap<>();
    events.forEach(e -> counts.merge(e.key() + " " + e.value(), 1, Integer::sum));
    return counts;
  }

  /** The workers the connector's tasks run on. */
  private Set<String> taskWorkers() {
    return connect.connectorStatus(connectorName).tasks().stream()
        .map(t -> t.workerId())
        .collect(Collectors.toSet());
  }
}
