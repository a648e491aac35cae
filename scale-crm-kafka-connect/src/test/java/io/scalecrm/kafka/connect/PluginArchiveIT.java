package io.scalecrm.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The plugin archive that {@code mvn package} builds: what it holds, and that a worker can run the
 * connector from it alone. The archive's jars are loaded in a class loader of their own, beside
 * only what a Connect worker provides (the Connect API, Kafka clients, the SLF4J API), and a task
 * loaded from it applies an event to a sandbox.
 */
class PluginArchiveIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("plugin.archive", "missing"));
  private static TestScale scale;

  @BeforeAll
  static void startScale() {
    scale = TestScale.start();
  }

  @AfterAll
  static void stopScale() {
    scale.close();
  }

  private static List<String> entries() throws IOException {
    try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
      List<String> names = new ArrayList<>();
      Enumeration<? extends ZipEntry> e = zip.entries();
      while (e.hasMoreElements()) {
        names.add(e.nextElement().getName());
      }
      return names;
    }
  }

  @Test
  void holdsTheConnectorItsDependenciesTheExampleConfigAndTheSchemaButNoKafkaJars()
      throws IOException {
    List<String> names = entries();
    String root = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
    assertThat(root).startsWith("scale-crm-kafka-connect-");
    List<String> libs =
        names.stream()
            .filter(n -> n.startsWith(root + "lib/") && n.endsWith(".jar"))
            .map(n -> n.substring((root + "lib/").length()))
            .collect(Collectors.toList());
    assertThat(libs)
        .anyMatch(j -> j.startsWith("scale-crm-kafka-connect-"))
        .anyMatch(j -> j.startsWith("scale-crm-mapping-"))
        .anyMatch(j -> j.startsWith("scale-crm-spi-"))
        .anyMatch(j -> j.startsWith("scale-client-"))
        .anyMatch(j -> j.startsWith("jackson-databind-"))
        .noneMatch(j -> j.startsWith("kafka-") || j.startsWith("connect-"))
        .noneMatch(j -> j.startsWith("slf4j-"))
        .noneMatch(j -> j.startsWith("junit") || j.startsWith("assertj") || j.contains("testkit"));
    assertThat(names)
        .contains(
            root + "LICENSE",
            root + "etc/scale-crm-sink.json",
            root + "etc/connect-distributed.properties",
            root + "etc/crm-change-event.schema.json");
  }

  @Test
  void aWorkerRunsTheConnectorFromTheArchiveAlone(@TempDir Path dir) throws Exception {
    List<URL> urls = new ArrayList<>();
    try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
      Enumeration<? extends ZipEntry> e = zip.entries();
      while (e.hasMoreElements()) {
        ZipEntry entry = e.nextElement();
        if (entry.getName().contains("/lib/") && entry.getName().endsWith(".jar")) {
          Path jar = dir.resolve(Path.of(entry.getName()).getFileName());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, jar);
          }
          urls.add(jar.toUri().toURL());
        }
      }
    }
    // what every worker has
    for (Class<?> provided : List.of(SinkConnector.class, OffsetAndMetadata.class, Logger.class)) {
      urls.add(provided.getProtectionDomain().getCodeSource().getLocation());
    }
    try (URLClassLoader plugin =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      Class<?> connectorType = plugin.loadClass("org.apache.kafka.connect.sink.SinkConnector");
      List<?> connectors =
          ServiceLoader.load(connectorType, plugin).stream()
              .map(ServiceLoader.Provider::get)
              .collect(Collectors.toList());
      assertThat(connectors)
          .singleElement()
          .extracting(c -> c.getClass().getName())
          .isEqualTo("io.scalecrm.kafka.connect.ScaleSinkConnector");
      Object connector = connectors.get(0);
      assertThat(connector.getClass().getClassLoader()).isSameAs(plugin);
      assertThat((String) connector.getClass().getMethod("version").invoke(connector))
          .doesNotContain("unknown")
          .isEqualTo(ConnectorVersion.get());

      Class<?> taskType = (Class<?>) connector.getClass().getMethod("taskClass").invoke(connector);
      Object task = taskType.getConstructor().newInstance();
      Class<?> contextType = plugin.loadClass("org.apache.kafka.connect.sink.SinkTaskContext");
      Object context =
          Proxy.newProxyInstance(
              plugin,
              new Class<?>[] {contextType},
              (proxy, method, args) -> method.getReturnType().equals(Map.class) ? Map.of() : null);
      taskType.getMethod("initialize", contextType).invoke(task, context);
      Map<String, String> props = scale.taskProps();
      taskType.getMethod("start", Map.class).invoke(task, props);
      try {
        Class<?> recordType = plugin.loadClass("org.apache.kafka.connect.sink.SinkRecord");
        Class<?> schemaType = plugin.loadClass("org.apache.kafka.connect.data.Schema");
        Constructor<?> newRecord =
            recordType.getConstructor(
                String.class,
                int.class,
                schemaType,
                Object.class,
                schemaType,
                Object.class,
                long.class);
        Object record =
            newRecord.newInstance(
                "crm-changes",
                0,
                null,
                "A-1",
                null,
                Events.text(Events.account("A-1", "Acme Oy")),
                0L);
        Method put = taskType.getMethod("put", Collection.class);
        put.invoke(task, List.of(record));
      } finally {
        taskType.getMethod("stop").invoke(task);
      }
    }
    assertThat(scale.sandbox.snapshot().licenseeByNaturalId("salesforce:A-1")).isPresent();
  }
}
