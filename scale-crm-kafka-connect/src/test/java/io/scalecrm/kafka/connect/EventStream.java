package io.scalecrm.kafka.connect;

import static io.scalecrm.kafka.connect.Events.account;
import static io.scalecrm.kafka.connect.Events.b2c;
import static io.scalecrm.kafka.connect.Events.contact;
import static io.scalecrm.kafka.connect.Events.line;
import static io.scalecrm.kafka.connect.Events.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalecrm.testkit.SandboxSnapshot;
import io.scalecrm.testkit.SandboxSnapshot.SnapConsumer;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicense;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicensee;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A deterministic stream of CRM change events as a CRM's change feed would produce them, and the
 * Scale state the stream describes.
 *
 * <p>Per account: the account event first, then its contacts and orders in a random order; now and
 * then an event delivered twice (an at-least-once source), an order sent again with an added line
 * (an amended order), and bad events: text that is not JSON, a contact with a malformed email, an
 * order with a line of an unknown SKU (its other line is applied), a contact of an account that
 * never existed (a missing dependency), an event keyed by the wrong account, and an account without
 * a name. Accounts' events are interleaved, each account's in order.
 *
 * <p>Every record of the stream describes its record's latest state: replaying it writes nothing.
 */
final class EventStream {
  private static final String SYSTEM = TestScale.SYSTEM;
  private static final List<String> SKUS = List.of("PRO-1Y", "BASIC");

  /** One Kafka record to produce. */
  record Event(String key, String value, boolean bad) {}

  record Account(String name, boolean b2c, String email) {}

  record Contact(String account, String name, String email) {}

  record License(String account, String sku, int qty) {}

  final List<Event> events = new ArrayList<>();
  final Map<String, Account> accounts = new LinkedHashMap<>();
  final Map<String, Contact> contacts = new LinkedHashMap<>();
  final Map<String, License> licenses = new LinkedHashMap<>();

  private final String prefix;
  private final Random random;

  private EventStream(String prefix, long seed) {
    this.prefix = prefix;
    this.random = new Random(seed);
  }

  /**
   * A stream of about {@code total} events (never fewer).
   *
   * @param prefix makes every id of the stream unique among streams, such as {@code "M"}
   * @param total the number of events
   * @param seed the random seed
   */
  static EventStream generate(String prefix, int total, long seed) {
    EventStream s = new EventStream(prefix, seed);
    List<List<Event>> perAccount = new ArrayList<>();
    int count = 0;
    for (int n = 1; count < total; n++) {
      List<Event> events = s.eventsOfAccount(n);
      perAccount.add(events);
      count += events.size();
    }
    // interleave the accounts, each account's events in order
    List<Integer> heads = new ArrayList<>();
    for (int i = 0; i < perAccount.size(); i++) {
      heads.add(0);
    }
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < perAccount.size(); i++) {
      open.add(i);
    }
    while (!open.isEmpty()) {
      int pick = s.random.nextInt(Math.min(open.size(), 64));
      int account = open.get(pick);
      int head = heads.get(account);
      s.events.add(perAccount.get(account).get(head));
      heads.set(account, head + 1);
      if (head + 1 == perAccount.get(account).size()) {
        open.remove(pick);
      }
    }
    return s;
  }

  private List<Event> eventsOfAccount(int n) {
    String id = prefix + "A-" + n;
    List<Event> out = new ArrayList<>();
    if (random.nextInt(200) == 0) {
      // a new account without a name: rejected, and nothing else happens to it
      ObjectNode noName = account(id, "x");
      noName.remove("name");
      out.add(bad(id, noName));
      return out;
    }
    boolean isB2c = random.nextInt(12) == 0;
    String name = "Account " + prefix + n;
    String email = "billing." + prefix.toLowerCase() + n + "@acct.example";
    ObjectNode account = isB2c ? b2c(id, name, email) : account(id, name).put("email", email);
    out.add(good(id, account));
    accounts.put(id, new Account(name, isB2c, email));
    List<Event> rest = new ArrayList<>();
    if (!isB2c) {
      int contactCount = random.nextInt(4);
      for (int c = 1; c <= contactCount; c++) {
        String cid = prefix + "C-" + n + "-" + c;
        String cname = "Person " + prefix + n + "-" + c;
        String cemail =
            random.nextInt(5) == 0
                ? null
                : "p" + c + "." + prefix.toLowerCase() + n + "@acct.example";
        rest.add(good(id, contact(cid, id, cname, cemail)));
        contacts.put(cid, new Contact(id, cname, cemail));
      }
    }
    int orderCount = random.nextInt(3);
    for (int o = 1; o <= orderCount; o++) {
      String oid = prefix + "O-" + n + "-" + o;
      List<ObjectNode> lines = new ArrayList<>();
      int lineCount = 1 + random.nextInt(2);
      for (int l = 1; l <= lineCount; l++) {
        lines.add(newLine(id, oid, oid + "-L" + l));
      }
      rest.add(good(id, order(oid, id, lines.toArray(new ObjectNode[0]))));
      if (random.nextInt(10) == 0) {
        // the order amended with a further line: sent again whole
        lines.add(newLine(id, oid, oid + "-L" + (lineCount + 1)));
        rest.add(good(id, order(oid, id, lines.toArray(new ObjectNode[0]))));
      }
    }
    java.util.Collections.shuffle(rest, random);
    // an amended order's versions stay in the order they were made
    out.addAll(orderedVersions(rest));
    if (random.nextInt(10) == 0) {
      // at-least-once delivery: one of the account's events again
      out.add(out.get(random.nextInt(out.size())));
    }
    switch (random.nextInt(70)) {
      case 0:
        out.add(bad(id, "{\"type\": \"contact\", \"crmId\": "));
        break;
      case 1:
        out.add(bad(id, contact(prefix + "C-" + n + "-bad", id, "Bad Email", "someone@@acct")));
        break;
      case 2:
        {
          String oid = prefix + "O-" + n + "-x";
          ObjectNode good = newLine(id, oid, oid + "-L1");
          ObjectNode unknown = line(oid + "-L2", "NO-SUCH-SKU", 1);
          out.add(bad(id, order(oid, id, good, unknown)));
          break;
        }
      case 3:
        out.add(
            bad(
                prefix + "Z-" + n,
                contact(prefix + "C-" + n + "-z", prefix + "Z-" + n, "Orphan", null)));
        break;
      case 4:
        out.add(bad(id + "-other", contact(prefix + "C-" + n + "-k", id, "Wrong Key", null)));
        break;
      default:
        break;
    }
    return out;
  }

  /** Keeps the versions of one order in the order they were made, after shuffling. */
  private static List<Event> orderedVersions(List<Event> shuffled) {
    Map<String, List<Event>> versions = new HashMap<>();
    List<String> slots = new ArrayList<>();
    for (Event e : shuffled) {
      String record = recordId(e.value());
      versions.computeIfAbsent(record, k -> new ArrayList<>()).add(e);
      slots.add(record);
    }
    for (List<Event> v : versions.values()) {
      v.sort(java.util.Comparator.comparingInt(e -> e.value().length()));
    }
    Map<String, Integer> used = new HashMap<>();
    List<Event> out = new ArrayList<>();
    for (String record : slots) {
      int i = used.merge(record, 1, Integer::sum) - 1;
      out.add(versions.get(record).get(i));
    }
    return out;
  }

  private static String recordId(String json) {
    int at = json.indexOf("\"crmId\":\"");
    int end = json.indexOf('"', at + 9);
    return json.substring(at + 9, end);
  }

  private ObjectNode newLine(String account, String order, String lineId) {
    String sku = SKUS.get(random.nextInt(SKUS.size()));
    int qty = 1 + random.nextInt(50);
    licenses.put(SYSTEM + ":" + order + ":" + lineId, new License(account, sku, qty));
    return line(lineId, sku, qty);
  }

  private static Event good(String key, ObjectNode event) {
    return new Event(key, Events.text(event), false);
  }

  private static Event bad(String key, ObjectNode event) {
    return new Event(key, Events.text(event), true);
  }

  private static Event bad(String key, String text) {
    return new Event(key, text, true);
  }

  /** The bad events, each once. */
  List<Event> badEvents() {
    return events.stream().filter(Event::bad).collect(java.util.stream.Collectors.toList());
  }

  /**
   * What in the snapshot differs from the state the stream describes, for this stream's records
   * only (ids with this stream's prefix): one line per difference; empty when Scale holds exactly
   * the stream's accounts, contacts (with access to their account) and licenses.
   */
  List<String> differences(SandboxSnapshot s) {
    List<String> out = new ArrayList<>();
    String licenseePrefix = SYSTEM + ":" + prefix + "A-";
    Map<UUID, String> licenseeAccount = new HashMap<>();
    Set<String> seenAccounts = new HashSet<>();
    for (SnapLicensee l : s.licensees()) {
      if (!l.naturalId().startsWith(licenseePrefix)) {
        continue;
      }
      String id = l.naturalId().substring(SYSTEM.length() + 1);
      licenseeAccount.put(l.id(), id);
      Account want = accounts.get(id);
      if (want == null) {
        out.add("unexpected licensee " + l.naturalId());
        continue;
      }
      seenAccounts.add(id);
      if (!want.name().equals(l.name())) {
        out.add("licensee " + id + " name " + l.name() + ", expected " + want.name());
      }
      if (!Objects.equals(want.email(), l.email())) {
        out.add("licensee " + id + " email differs");
      }
      if (want.b2c() != "PERSON".equals(l.type())) {
        out.add("licensee " + id + " type " + l.type());
      }
    }
    accounts.keySet().stream()
        .filter(id -> !seenAccounts.contains(id))
        .forEach(id -> out.add("missing licensee of account " + id));

    Map<UUID, String> consumerContact = new HashMap<>();
    String consumerPrefix = SYSTEM + ":contact:" + prefix + "C-";
    Set<String> seenContacts = new HashSet<>();
    for (SnapConsumer c : s.consumers()) {
      String ref = c.externalReference();
      if (ref == null || !ref.startsWith(consumerPrefix)) {
        continue;
      }
      String id = ref.substring((SYSTEM + ":contact:").length());
      Contact want = contacts.get(id);
      if (want == null) {
        out.add("unexpected consumer " + ref);
        continue;
      }
      seenContacts.add(id);
      consumerContact.put(c.id(), id);
      if (!want.name().equals(c.name()) || !Objects.equals(want.email(), c.email())) {
        out.add("consumer " + id + " differs");
      }
    }
    contacts.keySet().stream()
        .filter(id -> !seenContacts.contains(id))
        .forEach(id -> out.add("missing consumer of contact " + id));
    Map<String, Set<String>> access = new HashMap<>();
    for (SnapshotGrant g : grants(s)) {
      String account = licenseeAccount.get(g.licenseeId);
      String contact = consumerContact.get(g.consumerId);
      if (account != null && contact != null) {
        access.computeIfAbsent(contact, k -> new HashSet<>()).add(account);
      }
    }
    contacts.forEach(
        (id, want) -> {
          if (seenContacts.contains(id)
              && !Set.of(want.account()).equals(access.getOrDefault(id, Set.of()))) {
            out.add("contact " + id + " has access to " + access.get(id));
          }
        });

    Set<String> seenLicenses = new HashSet<>();
    for (SnapLicense l : s.licenses()) {
      String account = licenseeAccount.get(l.licenseeId());
      if (account == null) {
        continue;
      }
      License want = licenses.get(l.orderReference());
      if (want == null) {
        out.add("unexpected license " + l.orderReference() + " of " + account);
        continue;
      }
      if (!seenLicenses.add(l.orderReference())) {
        continue; // counted by duplicates()
      }
      UUID product =
          want.sku().equals("PRO-1Y")
              ? TestScale.PRO.productConfigId()
              : TestScale.BASIC.productConfigId();
      if (!want.account().equals(account)
          || want.qty() != l.qty()
          || !product.equals(l.productConfigId())) {
        out.add("license " + l.orderReference() + " differs");
      }
    }
    licenses.keySet().stream()
        .filter(ref -> !seenLicenses.contains(ref))
        .forEach(ref -> out.add("missing license " + ref));
    return out;
  }

  private record SnapshotGrant(UUID licenseeId, UUID consumerId) {}

  private static List<SnapshotGrant> grants(SandboxSnapshot s) {
    List<SnapshotGrant> out = new ArrayList<>();
    s.grants().forEach(g -> out.add(new SnapshotGrant(g.licenseeId(), g.consumerId())));
    return out;
  }
}
