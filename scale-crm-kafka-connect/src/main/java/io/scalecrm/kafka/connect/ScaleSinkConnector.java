package io.scalecrm.kafka.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka Connect sink that applies CRM change events to 10Duke Scale exactly once, through the
 * same {@code CrmSync} record operations as a bulk sync.
 *
 * <p><b>Events.</b> Each record's value is one JSON CRM change event ({@code type} {@code account},
 * {@code contact} or {@code order} with the canonical record's fields, or a removal with {@code
 * status}); its key is the CRM id of the account the event belongs to, so that all events of one
 * account share a partition and keep their order. The format is pinned by {@code
 * crm-change-event.schema.json} in this jar.
 *
 * <p><b>Delivery.</b>
 *
 * <ul>
 *   <li>Events of one account are applied one after another, in partition order; events of
 *       different accounts concurrently, up to {@code scale.task.concurrency} per task.
 *   <li>Offsets are committed only for events whose Scale writes are confirmed, or that went to the
 *       dead-letter queue ({@code preCommit} returns exactly those).
 *   <li>Scale unavailable, throttling or erring (5xx, 429, connection failures, after the client's
 *       own retries): the task throws a {@code RetriableException} and Connect redelivers the batch
 *       after a backoff that doubles up to {@code scale.retry.backoff.max.ms}, for as long as it
 *       takes. Redelivered events that were applied before write nothing: every operation is
 *       idempotent, and so is redelivery after a rebalance or a crash.
 *   <li>An event whose own data is bad, or whose account has no licensee in Scale (an earlier
 *       account event was itself rejected, or never sent), goes to the errant-record reporter (the
 *       dead-letter queue) with headers naming the record, the field and the reason (see {@code
 *       DeadLetterHeaders}); without a dead-letter queue it is logged and skipped.
 *   <li>Scale refusing the credentials, an unexpected error, or the removal guard stop the task
 *       with a message saying what to do; no offset is committed past the event.
 * </ul>
 */
public final class ScaleSinkConnector extends SinkConnector {
  private @Nullable Map<String, String> props;

  /** Creates the connector; Connect calls {@link #start} next. */
  public ScaleSinkConnector() {}

  @Override
  public String version() {
    return ConnectorVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new ScaleSinkConfig(props); // fails the connector with a clear message when invalid
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ScaleSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    Map<String, String> p = props;
    if (p == null) {
      throw new IllegalStateException("The connector is not started");
    }
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(p);
    }
    return configs;
  }

  @Override
  public void stop() {
    props = null;
  }

  @Override
  public ConfigDef config() {
    return ScaleSinkConfig.CONFIG_DEF;
  }

  /**
   * Validates each setting, then the checks that span settings or look inside them (exactly one SKU
   * map, a readable SKU map file, a usable private key), reported on the setting they concern.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    boolean clean = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
    if (!clean) {
      return config;
    }
    AbstractConfig parsed = new AbstractConfig(ScaleSinkConfig.CONFIG_DEF, connectorConfigs, false);
    for (ScaleSinkConfig.Problem problem : ScaleSinkConfig.crossFieldProblems(parsed)) {
      for (ConfigValue value : config.configValues()) {
        if (value.name().equals(problem.setting())) {
          value.addErrorMessage(problem.message());
        }
      }
    }
    return config;
  }
}
