package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAdapterException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HubSpot CRM object as returned by search, batch read or get: its id, its (string) properties
 * and its modification time.
 *
 * @param id the object id
 * @param properties the non-null property values
 * @param modifiedAt the modification time (from the change property, else {@code updatedAt})
 */
record HubObject(String id, Map<String, String> properties, Instant modifiedAt) {

  HubObject {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** A property value, or {@code null} when absent or blank. */
  @Nullable String get(@Nullable String property) {
    if (property == null) {
      return null;
    }
    String value = properties.get(property);
    return value == null || value.isBlank() ? null : value;
  }

  ChangeCursor cursor() {
    return new ChangeCursor(modifiedAt, id);
  }

  /**
   * Reads an object from HubSpot's JSON.
   *
   * @param node {@code {id, properties:{...}, createdAt, updatedAt, archived}}
   * @param changeProperty the property holding the modification time
   * @param what the object type, for messages
   */
  static HubObject parse(JsonNode node, String changeProperty, String what) {
    JsonNode idNode = node.path("id");
    if (!idNode.isValueNode() || idNode.asText().isBlank()) {
      throw new CrmAdapterException("HubSpot returned a " + what + " without an id", null, false);
    }
    String id = idNode.asText();
    Map<String, String> properties = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.path("properties").properties()) {
      if (field.getValue().isValueNode() && !field.getValue().isNull()) {
        properties.put(field.getKey(), field.getValue().asText());
      }
    }
    Instant modified = null;
    String changed = properties.get(changeProperty);
    JsonNode updatedAt = node.path("updatedAt");
    try {
      if (changed != null && !changed.isBlank()) {
        modified = HubSpotValues.instant(changed);
      } else if (updatedAt.isValueNode() && !updatedAt.asText().isBlank()) {
        modified = HubSpotValues.instant(updatedAt.asText());
      }
    } catch (IllegalArgumentException e) {
      throw new CrmAdapterException(
          "HubSpot returned " + what + " " + id + " with an unreadable " + changeProperty,
          e,
          false);
    }
    return new HubObject(id, properties, modified == null ? Instant.EPOCH : modified);
  }
}
