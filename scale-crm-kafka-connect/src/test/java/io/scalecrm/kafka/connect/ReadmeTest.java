package io.scalecrm.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Scaling out" section shows exactly what the tests use: the connector JSON that
 * {@link ScaleSinkClusterTest} posts to a worker, the worker configuration shipped in the plugin
 * archive, and events that the JSON Schema accepts.
 */
class ReadmeTest {
  static final Path CONNECTOR_JSON = Path.of("src/main/dist/scale-crm-sink.json");
  static final Path WORKER_PROPERTIES = Path.of("src/main/dist/connect-distributed.properties");
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

  private static String scalingOut() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Scaling out\n");
    assertThat(start).as("README has a 'Scaling out' section").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static List<String> blocks(String section, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(section);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  @Test
  void theConnectorJsonIsTheOneTheClusterTestPosts() throws IOException {
    List<String> json =
        blocks(scalingOut(), "json").stream()
            .filter(b -> b.contains("\"connector.class\""))
            .collect(java.util.stream.Collectors.toList());
    assertThat(json).hasSize(1);
    assertThat(json.get(0)).isEqualTo(Files.readString(CONNECTOR_JSON, StandardCharsets.UTF_8));
  }

  @Test
  void theWorkerConfigurationIsTheShippedOne() throws IOException {
    assertThat(blocks(scalingOut(), "properties"))
        .containsExactly(Files.readString(WORKER_PROPERTIES, StandardCharsets.UTF_8));
  }

  @Test
  void theEventExamplesAreValidEvents() throws IOException {
    List<String> events =
        blocks(scalingOut(), "json").stream()
            .filter(b -> !b.contains("\"connector.class\""))
            .collect(java.util.stream.Collectors.toList());
    assertThat(events).isNotEmpty();
    for (String block : events) {
      for (String line : block.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        assertThat(EventSchema.errors(line)).as(line).isEmpty();
        assertThat(CrmChangeEventSchemaTest.connectorProblem(line)).as(line).isNull();
      }
    }
  }
}
