package io.scalecrm.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema and the connector's own checks accept exactly the same sample events: the schema
 * is what producers validate against, the checks are what the task applies.
 */
class CrmChangeEventSchemaTest {

  static Stream<Arguments> valid() throws IOException {
    List<Arguments> args = new ArrayList<>();
    for (JsonNode event : samples().get("valid")) {
      args.add(Arguments.of(event.path("crmId").asText(), Events.text(event)));
    }
    return args.stream();
  }

  static Stream<Arguments> invalid() throws IOException {
    List<Arguments> args = new ArrayList<>();
    for (JsonNode sample : samples().get("invalid")) {
      args.add(Arguments.of(sample.get("why").asText(), Events.text(sample.get("event"))));
    }
    return args.stream();
  }

  private static JsonNode samples() throws IOException {
    try (InputStream in =
        CrmChangeEventSchemaTest.class.getResourceAsStream("/events/samples.json")) {
      return Events.JSON.readTree(in);
    }
  }

  @ParameterizedTest(name = "valid: {0}")
  @MethodSource("valid")
  void schemaAndConnectorAcceptTheValidSamples(String name, String json) {
    assertThat(EventSchema.errors(json)).isEmpty();
    assertThat(connectorProblem(json)).isNull();
  }

  @ParameterizedTest(name = "invalid: {0}")
  @MethodSource("invalid")
  void schemaAndConnectorRejectTheInvalidSamples(String why, String json) {
    assertThat(EventSchema.errors(json)).isNotEmpty();
    assertThat(connectorProblem(json)).isNotNull();
  }

  /** Why the connector would not apply the event as a whole, or null. */
  static String connectorProblem(String json) {
    try {
      CrmRecord record = ChangeEvents.parse(ChangeEvents.readTree(json));
      if (record instanceof CrmOrder && !((CrmOrder) record).invalidLines().isEmpty()) {
        return ((CrmOrder) record).invalidLines().get(0).getMessage();
      }
      return null;
    } catch (EventFormatException | InvalidCrmRecordException e) {
      return e.getMessage();
    }
  }
}
