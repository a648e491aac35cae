package io.scalecrm.kafka.connect;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Stands in for Kafka's {@code EnvVarConfigProvider} in the test workers: the README's connector
 * JSON says {@code ${env:SCALE_API_URL}}, and the tests cannot set environment variables of their
 * own JVM, so the workers' {@code env} provider serves these values instead.
 */
public final class TestEnvironment implements ConfigProvider {
  static final Map<String, String> VALUES = new ConcurrentHashMap<>();

  /** Created by the worker. */
  public TestEnvironment() {}

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public ConfigData get(String path) {
    return new ConfigData(new HashMap<>(VALUES));
  }

  @Override
  public ConfigData get(String path, Set<String> keys) {
    Map<String, String> data = new HashMap<>();
    for (String key : keys) {
      String value = VALUES.get(key);
      if (value != null) {
        data.put(key, value);
      }
    }
    return new ConfigData(data);
  }

  @Override
  public void close() {}
}
