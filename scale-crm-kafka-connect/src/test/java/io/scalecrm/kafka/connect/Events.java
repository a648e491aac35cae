package io.scalecrm.kafka.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Builds CRM change events as the producer of the connector's topic would. */
final class Events {
  static final ObjectMapper JSON = new ObjectMapper();

  private Events() {}

  static ObjectNode account(String id, String name) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "account");
    e.put("crmId", id);
    e.put("name", name);
    return e;
  }

  static ObjectNode b2c(String id, String name, String email) {
    ObjectNode e = account(id, name);
    e.put("customerType", "B2C");
    e.put("email", email);
    return e;
  }

  static ObjectNode contact(String id, String account, String name, String email) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "contact");
    e.put("crmId", id);
    e.put("accountCrmId", account);
    e.put("name", name);
    if (email != null) {
      e.put("email", email);
    }
    return e;
  }

  static ObjectNode order(String id, String account, ObjectNode... lines) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "order");
    e.put("crmId", id);
    e.put("accountCrmId", account);
    var array = e.putArray("lines");
    for (ObjectNode line : lines) {
      array.add(line);
    }
    return e;
  }

  static ObjectNode line(String lineId, String sku, int quantity) {
    ObjectNode l = JSON.createObjectNode();
    l.put("lineId", lineId);
    l.put("sku", sku);
    l.put("quantity", quantity);
    return l;
  }

  static ObjectNode removal(String type, String id, String account, String status) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", type);
    e.put("crmId", id);
    if (account != null) {
      e.put("accountCrmId", account);
    }
    e.put("status", status);
    return e;
  }

  static String text(JsonNode event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
