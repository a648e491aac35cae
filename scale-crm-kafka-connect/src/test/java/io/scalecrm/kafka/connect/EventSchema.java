package io.scalecrm.kafka.connect;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** The module's {@code crm-change-event.schema.json}, loaded the way a producer would use it. */
final class EventSchema {
  static final String RESOURCE = "/io/scalecrm/kafka/connect/crm-change-event.schema.json";

  private static final Schema SCHEMA = load();

  private EventSchema() {}

  private static Schema load() {
    // 2020-12 counts 5.0 as an integer ("lossless narrowing"), as the connector does
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemaRegistryConfig(
                    new SchemaRegistryConfig.Builder().losslessNarrowing(true).build()));
    try (InputStream in = EventSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      return registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's complaints about an event; empty when it is valid. */
  static List<String> errors(String json) {
    return SCHEMA.validate(json, InputFormat.JSON).stream()
        .map(Error::toString)
        .collect(Collectors.toList());
  }
}
