package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Batch reads, association reads, gets and patches of HubSpot objects. */
final class HubSpotObjects {
  /** HubSpot's batch endpoints take at most 100 inputs. */
  static final int BATCH_SIZE = 100;

  /**
   * One association of an object to another.
   *
   * @param toId the associated object's id
   * @param typeIds the association type ids (for example 1 = primary contact-to-company)
   * @param labels the association labels that are set
   */
  record Association(String toId, Set<Integer> typeIds, Set<String> labels) {}

  private final HubSpotHttp http;
  private final HubSpotPaths paths;
  private final ObjectMapper json;

  HubSpotObjects(HubSpotHttp http, HubSpotPaths paths, ObjectMapper json) {
    this.http = http;
    this.paths = paths;
    this.json = json;
  }

  /**
   * Reads objects by id in batches of 100; ids that HubSpot does not return are absent. Each
   * request sends {@code "propertiesWithHistory": []}, which HubSpot's published schema requires.
   */
  Map<String, HubObject> batchRead(
      String type, Collection<String> ids, List<String> properties, String changeProperty) {
    Map<String, HubObject> found = new LinkedHashMap<>();
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
    for (int from = 0; from < unique.size(); from += BATCH_SIZE) {
      ObjectNode body = json.createObjectNode();
      ArrayNode props = body.putArray("properties");
      properties.forEach(props::add);
      // required by HubSpot's published schema; the adapter reads no property history
      body.putArray("propertiesWithHistory");
      ArrayNode inputs = body.putArray("inputs");
      for (String id : unique.subList(from, Math.min(unique.size(), from + BATCH_SIZE))) {
        inputs.addObject().put("id", id);
      }
      JsonNode answer =
          http.send("batch read " + type, "POST", paths.batchRead(type), body, false).body();
      for (JsonNode r : answer.path("results")) {
        HubObject o = HubObject.parse(r, changeProperty, type);
        found.put(o.id(), o);
      }
    }
    return found;
  }

  /**
   * Reads the associations of objects to another type (v4 batch read), following each input's
   * paging; objects without associations are absent.
   */
  Map<String, List<Association>> associations(
      String fromType, String toType, Collection<String> ids) {
    Map<String, List<Association>> found = new LinkedHashMap<>();
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
    for (int from = 0; from < unique.size(); from += BATCH_SIZE) {
      Map<String, String> pending = new LinkedHashMap<>();
      for (String id : unique.subList(from, Math.min(unique.size(), from + BATCH_SIZE))) {
        pending.put(id, null);
      }
      Set<String> seenCursors = new HashSet<>();
      while (!pending.isEmpty()) {
        ObjectNode body = json.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        pending.forEach(
            (id, after) -> {
              ObjectNode input = inputs.addObject().put("id", id);
              if (after != null) {
                input.put("after", after);
              }
            });
        pending.clear();
        JsonNode answer =
            http.send(
                    "read " + fromType + " to " + toType + " associations",
                    "POST",
                    paths.associationsBatchRead(fromType, toType),
                    body,
                    false)
                .body();
        for (JsonNode r : answer.path("results")) {
          String id = r.path("from").path("id").asText();
          List<Association> list = found.computeIfAbsent(id, k -> new ArrayList<>());
          for (JsonNode to : r.path("to")) {
            Set<Integer> typeIds = new LinkedHashSet<>();
            Set<String> labels = new LinkedHashSet<>();
            for (JsonNode t : to.path("associationTypes")) {
              typeIds.add(t.path("typeId").asInt());
              if (t.path("label").isTextual()) {
                labels.add(t.path("label").asText());
              }
            }
            list.add(new Association(to.path("toObjectId").asText(), typeIds, labels));
          }
          JsonNode next = r.path("paging").path("next").path("after");
          if (next.isValueNode() && !next.asText().isBlank() && seenCursors.add(id + "|" + next)) {
            pending.put(id, next.asText());
          }
        }
      }
    }
    return found;
  }

  /** Gets one object, or empty when HubSpot answers 404. */
  Optional<HubObject> get(String type, String id, List<String> properties, String changeProperty) {
    String query =
        properties.isEmpty()
            ? ""
            : "?properties="
                + URLEncoder.encode(String.join(",", properties), StandardCharsets.UTF_8);
    HubSpotHttp.Response answer =
        http.send("get " + type + " " + id, "GET", paths.object(type, id) + query, null, true);
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(HubObject.parse(answer.body(), changeProperty, type));
  }

  /** Sets one property of an object; {@code false} when the object does not exist. */
  boolean patch(String type, String id, String property, String value) {
    ObjectNode body = json.createObjectNode();
    body.putObject("properties").put(property, value);
    return !http.send("update " + type + " " + id, "PATCH", paths.object(type, id), body, true)
        .notFound();
  }
}
