package io.scalecrm.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Runs a {@link ScaleSinkTask} the way a worker does, without Kafka: a hand-written {@link
 * SinkTaskContext} that records backoffs and a reporter that records dead letters, with records
 * numbered per partition like a consumer would deliver them.
 */
final class TaskHarness implements AutoCloseable {
  static final String TOPIC = "crm-changes";

  final ScaleSinkTask task = new ScaleSinkTask();
  final Context context;
  final List<Report> reports = new ArrayList<>();
  private final Map<Integer, Long> nextOffset = new HashMap<>();

  record Report(SinkRecord record, Throwable error) {}

  TaskHarness(Map<String, String> props, boolean withReporter) {
    this.context = new Context(withReporter ? this::report : null);
    task.initialize(context);
    task.start(props);
  }

  private Future<Void> report(SinkRecord record, Throwable error) {
    synchronized (reports) {
      reports.add(new Report(record, error));
    }
    return CompletableFuture.completedFuture(null);
  }

  /** A record of the topic's partition with the next offset, keyed as given. */
  SinkRecord record(int partition, String key, JsonNode event) {
    return record(partition, key, Events.text(event));
  }

  SinkRecord record(int partition, Object key, Object value) {
    long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
    return new SinkRecord(
        TOPIC,
        partition,
        Schema.OPTIONAL_STRING_SCHEMA,
        key,
        Schema.OPTIONAL_STRING_SCHEMA,
        value,
        offset,
        1_700_000_000_000L,
        TimestampType.CREATE_TIME);
  }

  void put(List<SinkRecord> records) {
    task.put(records);
  }

  /**
   * What the task lets the worker commit when the worker offers every record made so far, failed
   * deliveries included (a stricter offer than a real worker's).
   */
  Map<TopicPartition, OffsetAndMetadata> preCommit() {
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    nextOffset.forEach(
        (p, next) -> current.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(next)));
    return task.preCommit(current);
  }

  @Override
  public void close() {
    task.stop();
  }

  static final class Context implements SinkTaskContext {
    private final ErrantRecordReporter reporter;
    final List<Long> timeouts = new ArrayList<>();

    Context(ErrantRecordReporter reporter) {
      this.reporter = reporter;
    }

    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {}

    @Override
    public void offset(TopicPartition tp, long offset) {}

    @Override
    public void timeout(long timeoutMs) {
      timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
      return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return reporter;
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
