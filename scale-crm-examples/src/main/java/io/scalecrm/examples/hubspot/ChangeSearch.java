package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAdapterException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the objects of one type changed after a cursor, in strict ascending (modification time, id)
 * order, through HubSpot's search endpoint.
 *
 * <p>HubSpot sorts search results by one property only and pages with an offset ({@code after})
 * that cannot pass {@link HubSpotConfig#searchResultCap()} (10,000). So this class:
 *
 * <ul>
 *   <li>searches {@code change >= lower AND change <= upper} sorted by the change property, where
 *       {@code lower} is the time of the read's cursor and {@code upper} the read's fixed upper
 *       bound ({@code start - searchIndexLag});
 *   <li>collects each same-timestamp group whole (it is complete once a later timestamp or the end
 *       of the results shows up), de-duplicates it by id and hands it out sorted by id, skipping
 *       everything at or before the cursor;
 *   <li>re-anchors before the offset would pass the cap: a new search whose lower bound is the
 *       timestamp of the group still open, which is read again from its start;
 *   <li>when a whole capped search is one timestamp (more than the cap of records share one
 *       millisecond), reads that group with {@code change = t}, sorted by {@code hs_object_id} and
 *       re-anchored on {@code hs_object_id > last}, then continues after {@code t}.
 * </ul>
 *
 * <p>Each page starts a fresh search at its cursor's time: the adapter's page token carries the
 * cursor and the upper bound only, never a HubSpot offset.
 *
 * <h2>Request shape</h2>
 *
 * <p>Every search sends {@code "after"}: {@value #FIRST_PAGE} on a search's first page, because
 * HubSpot's published schema requires the field and a server that validates requests against it
 * rejects a search without it.
 *
 * <p>{@code sorts} is sent in the object form {@code [{"propertyName": p, "direction":
 * "ASCENDING"}]} that HubSpot's search guide documents and its API accepts, although the published
 * schema types {@code sorts} as an array of strings. The object form states the direction; the
 * string form's way of giving one is not documented, and this class depends on ascending order.
 * Whatever a server makes of the sort, a result that arrives out of ascending order fails the read
 * (not retryable) instead of letting the cursor skip records.
 */
final class ChangeSearch {
  static final int MAX_LIMIT = 200;

  /** The {@code after} of a search's first page: HubSpot's schema requires the field. */
  static final String FIRST_PAGE = "0";

  static final String OBJECT_ID = "hs_object_id";

  /**
   * What to search.
   *
   * @param objectType the HubSpot object type ({@code companies}, {@code deals}…)
   * @param changeProperty the modification-time property ({@code hs_lastmodifieddate})
   * @param alternatives further filters: each list is ANDed to the time filters in a filter group
   *     of its own, and the groups are ORed (won deals or cancelled deals); empty for none
   * @param properties the properties to return
   */
  record Spec(
      String objectType,
      String changeProperty,
      List<List<Filter>> alternatives,
      List<String> properties) {}

  /**
   * One search filter.
   *
   * @param property the property name
   * @param operator {@code EQ}, {@code GTE}, {@code LTE}, {@code GT}, or {@code IN}
   * @param values the value as a string; several only for {@code IN}
   */
  record Filter(String property, String operator, List<String> values) {
    Filter(String property, String operator, String value) {
      this(property, operator, List.of(value));
    }
  }

  /**
   * Raw objects for one adapter page.
   *
   * @param records the objects, ascending by cursor
   * @param complete whether no object after the last one (up to the read's upper bound) is left
   */
  record Batch(List<HubObject> records, boolean complete) {}

  private record SearchPage(List<HubObject> results, @Nullable String nextAfter) {}

  private static final Comparator<HubObject> BY_ID = Comparator.comparing(HubObject::id);

  private final HubSpotConfig config;
  private final HubSpotHttp http;
  private final HubSpotPaths paths;
  private final ObjectMapper json;

  ChangeSearch(HubSpotConfig config, HubSpotHttp http, HubSpotPaths paths, ObjectMapper json) {
    this.config = config;
    this.http = http;
    this.paths = paths;
    this.json = json;
  }

  /**
   * Reads up to {@code n} objects changed after {@code done} and at or before {@code upper}.
   *
   * @param spec what to search
   * @param upper the read's upper bound (epoch millis)
   * @param done everything at or before this cursor has been handed out, or {@code null}
   * @param n the most objects to return
   */
  Batch read(Spec spec, long upper, @Nullable ChangeCursor done, int n) {
    int cap = config.searchResultCap();
    List<HubObject> out = new ArrayList<>();
    long lower = done == null ? 0 : done.modifiedAt().toEpochMilli();
    if (lower > upper) {
      return new Batch(out, true);
    }

    String after = null;
    int offset = 0;
    List<HubObject> group = new ArrayList<>();
    Set<String> groupIds = new HashSet<>();
    long groupTime = Long.MIN_VALUE;
    while (true) {
      int capLeft = cap - offset;
      if (capLeft <= 0) {
        if (groupTime == lower) {
          // Every result of this search shares one timestamp: read that group by id instead.
          if (!emit(scanGroup(spec, lower), done, out, n)) {
            return new Batch(out, false);
          }
          lower = lower + 1;
        } else if (groupTime > lower) {
          lower = groupTime; // re-anchor on the group still open; it is read again whole
        } else {
          throw new CrmAdapterException(
              "HubSpot search " + spec.objectType() + " returned results before its lower bound",
              null,
              false);
        }
        after = null;
        offset = 0;
        group.clear();
        groupIds.clear();
        groupTime = Long.MIN_VALUE;
        if (lower > upper) {
          return new Batch(out, true);
        }
        continue;
      }
      int limit = Math.min(MAX_LIMIT, Math.min(capLeft, n + 2));
      List<Filter> filters = new ArrayList<>();
      filters.add(new Filter(spec.changeProperty(), "GTE", Long.toString(lower)));
      filters.add(new Filter(spec.changeProperty(), "LTE", Long.toString(upper)));
      SearchPage page = search(spec, filters, spec.changeProperty(), after, limit);
      for (HubObject r : page.results()) {
        offset++;
        long time = r.modifiedAt().toEpochMilli();
        if (time < groupTime) {
          throw new CrmAdapterException(
              "HubSpot search "
                  + spec.objectType()
                  + " returned results out of "
                  + spec.changeProperty()
                  + " order",
              null,
              false);
        }
        if (time != groupTime) {
          if (!emit(group, done, out, n)) {
            return new Batch(out, false);
          }
          group.clear();
          groupIds.clear();
          groupTime = time;
        }
        if (groupIds.add(r.id())) {
          group.add(r);
        }
        if (out.size() >= n) {
          return new Batch(out, false);
        }
      }
      if (page.nextAfter() == null) {
        return new Batch(out, emit(group, done, out, n));
      }
      if (page.results().isEmpty()) {
        throw new CrmAdapterException(
            "HubSpot search " + spec.objectType() + " returned an empty page with a next page",
            null,
            false);
      }
      after = page.nextAfter();
      offset = Math.max(offset, parseOffset(after, offset));
    }
  }

  /**
   * Every object whose change time is {@code time}, paging by {@code hs_object_id} so that the
   * group may be larger than the search cap.
   */
  private List<HubObject> scanGroup(Spec spec, long time) {
    Map<String, HubObject> all = new LinkedHashMap<>();
    String lastId = null;
    while (true) {
      String after = null;
      int offset = 0;
      String last = null;
      while (true) {
        List<Filter> filters = new ArrayList<>();
        filters.add(new Filter(spec.changeProperty(), "EQ", Long.toString(time)));
        if (lastId != null) {
          filters.add(new Filter(OBJECT_ID, "GT", lastId));
        }
        int limit = Math.min(MAX_LIMIT, config.searchResultCap() - offset);
        SearchPage page = search(spec, filters, OBJECT_ID, after, limit);
        for (HubObject r : page.results()) {
          all.putIfAbsent(r.id(), r);
          last = r.id();
          offset++;
        }
        if (page.nextAfter() == null) {
          return new ArrayList<>(all.values());
        }
        after = page.nextAfter();
        offset = Math.max(offset, parseOffset(after, offset));
        if (config.searchResultCap() - offset <= 0) {
          break; // re-anchor on the last id seen
        }
      }
      if (last == null || last.equals(lastId)) {
        throw new CrmAdapterException(
            "HubSpot search " + spec.objectType() + " made no progress paging by " + OBJECT_ID,
            null,
            false);
      }
      lastId = last;
    }
  }

  /**
   * Hands out a complete same-timestamp group in id order, skipping what is at or before {@code
   * done}.
   *
   * @return {@code false} when the page filled up before the group was all handed out
   */
  private static boolean emit(
      List<HubObject> group, @Nullable ChangeCursor done, List<HubObject> out, int n) {
    List<HubObject> sorted = new ArrayList<>(group);
    sorted.sort(BY_ID);
    for (HubObject r : sorted) {
      if (done != null && !done.isBefore(r.cursor())) {
        continue;
      }
      if (out.size() >= n) {
        return false;
      }
      out.add(r);
    }
    return true;
  }

  /**
   * One search request. {@code filters} go into every filter group: one group when the spec has no
   * alternatives, else one group per alternative, with that alternative's filters added.
   */
  private SearchPage search(
      Spec spec, List<Filter> filters, String sortProperty, @Nullable String after, int limit) {
    ObjectNode body = json.createObjectNode();
    ArrayNode groups = body.putArray("filterGroups");
    List<List<Filter>> alternatives =
        spec.alternatives().isEmpty() ? List.of(List.of()) : spec.alternatives();
    for (List<Filter> alternative : alternatives) {
      ArrayNode filterNodes = groups.addObject().putArray("filters");
      List<Filter> all = new ArrayList<>(filters);
      all.addAll(alternative);
      for (Filter f : all) {
        ObjectNode node =
            filterNodes.addObject().put("propertyName", f.property()).put("operator", f.operator());
        if (f.operator().equals("IN")) {
          ArrayNode values = node.putArray("values");
          f.values().forEach(values::add);
        } else {
          node.put("value", f.values().get(0));
        }
      }
    }
    // The object form of a sort; see the class comment for why not the schema's string form.
    body.putArray("sorts")
        .addObject()
        .put("propertyName", sortProperty)
        .put("direction", "ASCENDING");
    ArrayNode properties = body.putArray("properties");
    spec.properties().forEach(properties::add);
    body.put("limit", limit);
    // HubSpot's published schema requires "after" on every search, the first page included.
    body.put("after", after == null ? FIRST_PAGE : after);
    JsonNode answer =
        http.send(
                "search " + spec.objectType(), "POST", paths.search(spec.objectType()), body, false)
            .body();
    List<HubObject> results = new ArrayList<>();
    for (JsonNode r : answer.path("results")) {
      results.add(HubObject.parse(r, spec.changeProperty(), spec.objectType()));
    }
    JsonNode next = answer.path("paging").path("next").path("after");
    String nextAfter = next.isValueNode() && !next.asText().isBlank() ? next.asText() : null;
    return new SearchPage(results, nextAfter);
  }

  private static int parseOffset(String after, int fallback) {
    try {
      return Integer.parseInt(after);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The upper bound of a read that starts now: now minus the search index lag. */
  long upperBound() {
    return config.clock().instant().minus(config.searchIndexLag()).toEpochMilli();
  }
}
