package io.scalecrm.kafka.connect;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.crm.CrmSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies CRM change events to Scale through {@link CrmSync#apply}, with the delivery guarantees
 * described in {@link ScaleSinkConnector}.
 *
 * <p>{@link #put} is synchronous: it returns only when every event it was given is applied (Scale's
 * writes confirmed) or dead-lettered, and {@link #preCommit} hands Connect exactly those offsets.
 * When Scale is unavailable, {@code put} throws a {@link RetriableException} after setting a
 * backoff, and Connect delivers the same events again; events that were applied before the failure
 * are applied again too, which writes nothing because every operation is idempotent.
 */
public final class ScaleSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleSinkTask.class);
  private static final AtomicInteger TASKS = new AtomicInteger();

  private @Nullable ScaleSinkConfig config;
  private @Nullable ScaleConnection connection;
  private @Nullable ExecutorService pool;
  private @Nullable EventRound round;
  private @Nullable ErrantRecordReporter reporter;

  /** Per partition: the offset after the last event confirmed in delivery order. */
  private final Map<TopicPartition, Long> confirmed = new HashMap<>();

  /** Events already dead-lettered during the current run of redeliveries of one batch. */
  private final Set<Position> deadLettered = new HashSet<>();

  private int failedAttempts;

  /** Creates the task; Connect calls {@link #start} next. */
  public ScaleSinkTask() {}

  @Override
  public String version() {
    return ConnectorVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    ScaleSinkConfig c = new ScaleSinkConfig(props);
    ScaleConnection conn = c.connection();
    CrmSync crmSync = c.crmSync(conn);
    int n = TASKS.incrementAndGet();
    this.config = c;
    this.connection = conn;
    this.pool = Executors.newFixedThreadPool(c.concurrency(), threads("scale-sink-" + n));
    this.round = new EventRound(crmSync::apply, pool);
    this.reporter = errantRecordReporter();
    if (reporter == null) {
      LOG.warn(
          "No dead-letter queue: events with bad data are logged and skipped. Set"
              + " errors.tolerance=all and errors.deadletterqueue.topic.name to keep them.");
    }
    LOG.info(
        "Scale sink task started: {}, concurrency {}, batch size {}",
        c,
        c.concurrency(),
        c.batchSize());
  }

  private @Nullable ErrantRecordReporter errantRecordReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null; // a worker older than Kafka 2.6
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    ScaleSinkConfig c = require(config);
    List<SinkRecord> all = new ArrayList<>(records);
    Set<TopicPartition> blocked = new HashSet<>();
    for (int from = 0; from < all.size(); from += c.batchSize()) {
      List<SinkRecord> batch = all.subList(from, Math.min(all.size(), from + c.batchSize()));
      List<EventRound.Result> results;
      try {
        results = require(round).apply(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while applying events; nothing was skipped", e);
      }
      String fatal = null;
      String retry = null;
      int pending = 0;
      for (int i = 0; i < batch.size(); i++) {
        SinkRecord record = batch.get(i);
        EventRound.Result result = results.get(i);
        TopicPartition tp =
            new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        switch (result.status()) {
          case DEAD_LETTER:
            deadLetter(record, result);
            break;
          case FATAL:
            fatal = fatal == null ? result.message() : fatal;
            break;
          case RETRY:
            retry = retry == null ? result.message() : retry;
            break;
          default:
            break;
        }
        if (!result.done()) {
          pending++;
          blocked.add(tp);
        } else if (!blocked.contains(tp)) {
          confirmed.put(tp, record.originalKafkaOffset() + 1);
        }
      }
      if (fatal != null) {
        LOG.error("Stopping the task: {}", fatal);
        throw new ConnectException(fatal);
      }
      if (retry != null) {
        failedAttempts++;
        Duration wait = backoff(c, failedAttempts);
        context.timeout(wait.toMillis());
        String message =
            pending
                + " of "
                + all.size()
                + " events are not applied yet; Connect redelivers them in "
                + wait.toMillis()
                + " ms (attempt "
                + failedAttempts
                + "). First: "
                + retry;
        LOG.warn(message);
        throw new RetriableException(message);
      }
    }
    failedAttempts = 0;
    deadLettered.clear();
  }

  /** Exponential backoff: the base doubled per failed attempt, capped. */
  static Duration backoff(ScaleSinkConfig c, int attempt) {
    long base = c.retryBackoff().toMillis();
    long max = c.retryBackoffMax().toMillis();
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long wait = base << shift;
    return Duration.ofMillis(wait <= 0 || wait > max ? max : wait);
  }

  private void deadLetter(SinkRecord record, EventRound.Result result) {
    Position position =
        new Position(
            record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset());
    if (!deadLettered.add(position)) {
      return; // reported during an earlier delivery of the same batch
    }
    RejectedEventException error =
        new RejectedEventException(result.eventType(), result.eventCrmId(), result.problems());
    if (reporter == null) {
      LOG.error(
          "Skipped event {} (no dead-letter queue configured): {}", position, error.getMessage());
      return;
    }
    LOG.warn("Dead-lettered event {}: {}", position, error.getMessage());
    reporter.report(DeadLetterHeaders.withHeaders(record, result), error);
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
    currentOffsets.forEach(
        (tp, current) -> {
          Long offset = confirmed.get(tp);
          if (offset != null) {
            safe.put(tp, new OffsetAndMetadata(Math.min(offset, current.offset())));
          }
        });
    return safe;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    partitions.forEach(confirmed::remove);
    deadLettered.removeIf(p -> partitions.contains(new TopicPartition(p.topic(), p.partition())));
  }

  @Override
  public void stop() {
    ExecutorService p = pool;
    if (p != null) {
      p.shutdownNow();
      try {
        if (!p.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("Scale sink threads did not stop within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ScaleConnection conn = connection;
    if (conn != null) {
      conn.close();
    }
    LOG.info("Scale sink task stopped");
  }

  /** How many tasks this JVM started (tests count rebalances with it). */
  static int starts() {
    return TASKS.get();
  }

  private static <T> T require(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("The task is not started");
    }
    return value;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Where an event was read from. */
  record Position(String topic, int partition, long offset) {
    @Override
    public String toString() {
      return topic + "-" + partition + "@" + offset;
    }
  }
}
