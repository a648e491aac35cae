package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAdapterException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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

  /** HubSpot's list endpoint returns at most 100 objects per page. */
  static final int LIST_LIMIT = 100;

  /**
   * One archived (deleted) object from HubSpot's archived list.
   *
   * @param id the object id
   * @param archivedAt when it was archived ({@code archivedAt}, else {@code updatedAt})
   * @param properties the non-null property values that were asked for
   * @param associations the associated objects of the one type asked for
   */
  record Archived(
      String id,
      Instant archivedAt,
      Map<String, String> properties,
      List<Association> associations) {
    ChangeCursor cursor() {
      return new ChangeCursor(archivedAt, id);
    }
  }

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

  /**
   * Lists every archived object of a type ({@code GET …/{type}?archived=true}, 100 per page). The
   * list has no time filter, so this reads it whole. With {@code associationType}, each object
   * carries its associations to that type in the list's v3 form ({@code {"companies": {"results":
   * [{"id", "type"}]}}}); a type without {@code _unlabeled} (such as {@code contact_to_company}) is
   * the primary association.
   */
  List<Archived> archived(String type, List<String> properties, @Nullable String associationType) {
    List<Archived> out = new ArrayList<>();
    String after = null;
    Set<String> seen = new HashSet<>();
    while (true) {
      StringBuilder query =
          new StringBuilder("?archived=true&limit=")
              .append(LIST_LIMIT)
              .append("&properties=")
              .append(URLEncoder.encode(String.join(",", properties), StandardCharsets.UTF_8));
      if (associationType != null) {
        query.append("&associations=").append(associationType);
      }
      if (after != null) {
        query.append("&after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
      }
      JsonNode answer =
          http.send("list archived " + type, "GET", paths.objects(type) + query, null, false)
              .body();
      for (JsonNode r : answer.path("results")) {
        out.add(archivedObject(r, type, associationType));
      }
      JsonNode next = answer.path("paging").path("next").path("after");
      if (!next.isValueNode() || next.asText().isBlank()) {
        return out;
      }
      if (!seen.add(next.asText())) {
        throw new CrmAdapterException(
            "HubSpot list archived " + type + " repeated its paging cursor", null, false);
      }
      after = next.asText();
    }
  }

  private static Archived archivedObject(
      JsonNode r, String type, @Nullable String associationType) {
    HubObject o = HubObject.parse(r, "archivedAt", type);
    Instant at;
    JsonNode archivedAt = r.path("archivedAt");
    try {
      at =
          archivedAt.isValueNode() && !archivedAt.asText().isBlank()
              ? HubSpotValues.instant(archivedAt.asText())
              : o.modifiedAt();
    } catch (IllegalArgumentException e) {
      throw new CrmAdapterException(
          "HubSpot returned archived " + type + " " + o.id() + " with an unreadable archivedAt",
          e,
          false);
    }
    List<Association> associations = new ArrayList<>();
    if (associationType != null) {
      for (JsonNode a : r.path("associations").path(associationType).path("results")) {
        String id = a.path("id").asText("");
        if (id.isBlank()) {
          continue;
        }
        String kind = a.path("type").asText("");
        associations.add(
            new Association(
                id,
                Set.of(),
                kind.isEmpty() || kind.endsWith("_unlabeled") ? Set.of() : Set.of("Primary")));
      }
    }
    return new Archived(o.id(), at, o.properties(), associations);
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
