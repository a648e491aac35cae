package io.scalecrm.crm;

import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.RemovalKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A CRM whose history the torture test writes: accounts, contacts and orders created, edited,
 * moved, removed and cancelled over rounds, all drawn from one seeded {@link Random}. Ids are
 * hostile on purpose ({@code :}, {@code /}, {@code %}, {@code #}, {@code ?}, spaces, non-ASCII, the
 * longest that still fit a Scale key, and a pair of orders whose lines collided under the old key
 * format). {@link #adapter()} is a snapshot to sync.
 *
 * <p>The generator stays inside the rules the SDK documents, so the model can say exactly what
 * Scale must hold: account emails are unique; a shared email is either a B2C account's person (its
 * own contact, and possibly a contact of a business account) or one person who is a contact of two
 * accounts; contacts in a shared-email group keep their email and are never removed; a deleted
 * account's contacts are removed and its orders cancelled in the same round.
 */
final class TortureCrm {
  static final String SYSTEM = "torture";
  static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

  /** Validity dates lie far in the future, so "active" never depends on when the test runs. */
  static final Instant FAR = Instant.parse("2040-01-01T00:00:00Z");

  /** SKUs: two real product configurations, one that Scale does not know, one unmapped. */
  static final List<String> SKUS = List.of("PRO", "BASIC");

  static final class Account {
    final String id;
    String name;
    @Nullable String displayName;
    @Nullable String email;
    @Nullable String contactInfo;
    final CustomerType type;
    boolean deleted;
    Instant modified;

    Account(String id, CustomerType type, Instant modified) {
      this.id = id;
      this.type = type;
      this.modified = modified;
      this.name = "n";
    }
  }

  static final class Contact {
    final String id;
    String accountId;
    String name;
    @Nullable String email;
    ConsumerKind kind = ConsumerKind.PERSON;
    @Nullable String identity;
    RemovalKind removed; // null while active
    boolean shared;
    final Set<String> previousAccounts = new LinkedHashSet<>();
    Instant modified;

    Contact(String id, String accountId, Instant modified) {
      this.id = id;
      this.accountId = accountId;
      this.modified = modified;
      this.name = "c";
    }

    boolean active() {
      return removed == null;
    }
  }

  static final class Line {
    final String id;
    String sku;
    int qty;
    @Nullable Instant validFrom;
    @Nullable Instant validUntil;
    boolean cancelled;

    Line(String id, String sku, int qty) {
      this.id = id;
      this.sku = sku;
      this.qty = qty;
    }
  }

  static final class Order {
    final String id;
    final String accountId;
    final Map<String, Line> lines = new LinkedHashMap<>();
    Instant modified;

    Order(String id, String accountId, Instant modified) {
      this.id = id;
      this.accountId = accountId;
      this.modified = modified;
    }
  }

  final Random rnd;
  final Map<String, Account> accounts = new LinkedHashMap<>();
  final Map<String, Contact> contacts = new LinkedHashMap<>();
  final Map<String, Order> orders = new LinkedHashMap<>();
  private Instant clock = START;
  private int serial;
  private int emailSerial;
  final boolean deleteLicensees;

  TortureCrm(long seed, boolean deleteLicensees) {
    this.rnd = new Random(seed);
    this.deleteLicensees = deleteLicensees;
  }

  // ---------------------------------------------------------------------------------------------
  // Ids, names, emails, times

  private Instant tick() {
    if (rnd.nextInt(4) != 0) {
      clock = clock.plusSeconds(1 + rnd.nextInt(90));
    }
    return clock;
  }

  /** A hostile id: separators, reserved URL characters, spaces, non-ASCII, or very long. */
  private String id(String prefix, int maxKeyRoom) {
    int n = ++serial;
    switch (rnd.nextInt(10)) {
      case 0:
        return prefix + ":" + n;
      case 1:
        return prefix + "/" + n + "?x=1#frag";
      case 2:
        return prefix + "%3A" + n + "%";
      case 3:
        return prefix + " " + n + " Ärger";
      case 4:
        return "ü" + prefix + "-" + n + "-漢字";
      case 5:
        {
          // as long as still fits a Scale key (the encoding is identity for these characters)
          StringBuilder sb = new StringBuilder(prefix).append('-').append(n).append('-');
          while (sb.length() < maxKeyRoom) {
            sb.append((char) ('a' + rnd.nextInt(26)));
          }
          return sb.toString();
        }
      default:
        return prefix + "-" + n;
    }
  }

  private String email() {
    int n = ++emailSerial;
    String local = rnd.nextBoolean() ? "Person." + n : "person." + n;
    return local + "@example" + (n % 5) + ".test";
  }

  private static String upperFirst(String email) {
    return email.substring(0, 1).toUpperCase(Locale.ROOT) + email.substring(1);
  }

  private <T> Optional<T> pick(List<T> from) {
    return from.isEmpty() ? Optional.empty() : Optional.of(from.get(rnd.nextInt(from.size())));
  }

  List<Account> liveAccounts() {
    return accounts.values().stream().filter(a -> !a.deleted).toList();
  }

  private List<Contact> removableContacts() {
    return contacts.values().stream()
        .filter(c -> !c.shared && c.active() && !accounts.get(c.accountId).deleted)
        .toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Histories

  /** The first round: a small CRM with every kind of record. */
  void seed(int accountCount) {
    for (int i = 0; i < accountCount; i++) {
      addAccount();
    }
    // the two orders whose lines shared one key under the old format: A:B/C and A/B:C
    Account first = liveAccounts().get(0);
    Order ab = new Order("X:Y", first.id, tick());
    ab.lines.put("Z", new Line("Z", "PRO", 3));
    Order a = new Order("X", first.id, tick());
    a.lines.put("Y:Z", new Line("Y:Z", "BASIC", 4));
    orders.put(ab.id, ab);
    orders.put(a.id, a);
    // one person who is a contact of two accounts
    List<Account> live = liveAccounts();
    if (live.size() >= 2) {
      String email = email();
      Contact one = newContact(live.get(0).id);
      Contact two = newContact(live.get(1).id);
      one.email = email;
      two.email = upperFirst(email);
      one.shared = true;
      two.shared = true;
    }
  }

  /**
   * One round of random changes. The round starts a second after everything an earlier sync saw: a
   * change made after a sync must sort after its checkpoint, as a CRM's modification times do
   * (within a round, times may tie).
   */
  void mutate(int changes) {
    clock = clock.plusSeconds(1);
    for (int i = 0; i < changes; i++) {
      switch (rnd.nextInt(16)) {
        case 0:
        case 1:
          addAccount();
          break;
        case 2:
          pick(liveAccounts()).ifPresent(this::editAccount);
          break;
        case 3:
        case 4:
          pick(liveAccounts()).ifPresent(a -> newContact(a.id));
          break;
        case 5:
          pick(removableContacts()).ifPresent(this::editContact);
          break;
        case 6:
          pick(removableContacts()).ifPresent(this::moveContact);
          break;
        case 7:
          pick(removableContacts()).ifPresent(this::removeContact);
          break;
        case 8:
          reactivateSomeone();
          break;
        case 9:
        case 10:
          pick(liveAccounts()).ifPresent(this::addOrder);
          break;
        case 11:
          pick(liveOrders()).ifPresent(this::changeQuantity);
          break;
        case 12:
          pick(liveOrders()).ifPresent(this::renew);
          break;
        case 13:
          pick(liveOrders()).ifPresent(this::cancelLine);
          break;
        case 14:
          pick(liveOrders()).ifPresent(this::addLine);
          break;
        default:
          if (rnd.nextInt(3) == 0 && liveAccounts().size() > 3) {
            pick(liveAccounts()).ifPresent(this::deleteAccount);
          } else {
            pick(liveAccounts()).ifPresent(this::editAccount);
          }
      }
    }
  }

  private List<Order> liveOrders() {
    return orders.values().stream().filter(o -> !accounts.get(o.accountId).deleted).toList();
  }

  private void addAccount() {
    boolean b2c = rnd.nextInt(4) == 0;
    Account a = new Account(id("A", 240), b2c ? CustomerType.B2C : CustomerType.B2B, tick());
    a.name = (b2c ? "Person Ünal " : "Company Müller ") + serial;
    a.displayName = rnd.nextBoolean() ? "Display " + serial : null;
    a.email = b2c || rnd.nextBoolean() ? email() : null;
    a.contactInfo = rnd.nextBoolean() ? "Street " + serial + "\nHelsinki" : null;
    accounts.put(a.id, a);
    if (b2c) {
      Contact person = newContact(a.id);
      person.name = a.name;
      person.email = rnd.nextBoolean() ? a.email : upperFirst(a.email);
      person.shared = true;
      if (rnd.nextInt(3) == 0) {
        // finding 8: a business contact with the same email as the B2C person
        pick(liveAccounts().stream().filter(x -> x.type == CustomerType.B2B).toList())
            .ifPresent(
                business -> {
                  Contact same = newContact(business.id);
                  same.email = a.email;
                  same.shared = true;
                });
      }
    } else {
      for (int i = rnd.nextInt(3); i > 0; i--) {
        newContact(a.id);
      }
    }
    if (rnd.nextBoolean()) {
      addOrder(a);
    }
  }

  private void editAccount(Account a) {
    a.name = a.name + " *";
    if (a.type == CustomerType.B2B && rnd.nextBoolean()) {
      a.email = rnd.nextBoolean() ? email() : null;
    }
    if (rnd.nextBoolean()) {
      a.displayName = rnd.nextBoolean() ? "Shown " + serial++ : null;
    }
    a.modified = tick();
  }

  private Contact newContact(String accountId) {
    int room = rnd.nextInt(12) == 0 ? 245 : 200; // 245 makes the key too long: the row's own data
    Contact c = new Contact(id("C", room), accountId, tick());
    c.name = "Ann " + serial;
    if (rnd.nextInt(5) == 0) {
      c.kind = ConsumerKind.DEVICE;
      c.name = "Kiosk " + serial;
    } else if (rnd.nextInt(4) != 0) {
      c.email = email();
    }
    if (rnd.nextInt(4) == 0) {
      c.identity = "idp|" + serial;
    }
    contacts.put(c.id, c);
    return c;
  }

  private void editContact(Contact c) {
    c.name = c.name + " *";
    if (c.email != null && rnd.nextBoolean()) {
      c.email = email();
    }
    c.modified = tick();
  }

  private void moveContact(Contact c) {
    pick(liveAccounts().stream().filter(a -> !a.id.equals(c.accountId)).toList())
        .ifPresent(
            to -> {
              c.previousAccounts.add(c.accountId);
              c.accountId = to.id;
              c.modified = tick();
            });
  }

  private void removeContact(Contact c) {
    c.removed = rnd.nextBoolean() ? RemovalKind.INACTIVE : RemovalKind.DELETED;
    c.modified = tick();
  }

  private void reactivateSomeone() {
    pick(contacts.values().stream()
            .filter(c -> c.removed == RemovalKind.INACTIVE)
            .filter(c -> !accounts.get(c.accountId).deleted)
            .toList())
        .ifPresent(
            c -> {
              c.removed = null;
              c.modified = tick();
            });
  }

  private void addOrder(Account a) {
    Order o = new Order(id("O", 100), a.id, tick());
    for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
      addLineTo(o);
    }
    orders.put(o.id, o);
  }

  private void addLine(Order o) {
    addLineTo(o);
    o.modified = tick();
  }

  private void addLineTo(Order o) {
    Line line = new Line(id("L", 100), SKUS.get(rnd.nextInt(SKUS.size())), 1 + rnd.nextInt(20));
    switch (rnd.nextInt(12)) {
      case 0:
        line.sku = "GHOST"; // maps to a product configuration Scale does not have
        break;
      case 1:
        line.sku = "NOT-IN-MAP";
        break;
      case 2:
        line.qty = 1001 + rnd.nextInt(100); // more seats than Scale allows
        break;
      default:
        break;
    }
    if (rnd.nextBoolean()) {
      line.validFrom = FAR.minus(3000 + rnd.nextInt(100), ChronoUnit.DAYS);
      line.validUntil = FAR.minus(rnd.nextInt(300), ChronoUnit.DAYS);
    }
    o.lines.put(line.id, line);
  }

  private Optional<Line> validLine(Order o) {
    return pick(
        o.lines.values().stream().filter(l -> !l.cancelled && TortureModel.wellFormed(l)).toList());
  }

  private void changeQuantity(Order o) {
    validLine(o)
        .ifPresent(
            l -> {
              l.qty = 1 + rnd.nextInt(50);
              o.modified = tick();
            });
  }

  private void renew(Order o) {
    validLine(o)
        .filter(l -> l.validUntil != null)
        .ifPresent(
            l -> {
              l.validUntil = l.validUntil.plus(365, ChronoUnit.DAYS);
              o.modified = tick();
            });
  }

  private void cancelLine(Order o) {
    pick(o.lines.values().stream().filter(l -> !l.cancelled).toList())
        .ifPresent(
            l -> {
              l.cancelled = true;
              o.modified = tick();
            });
  }

  private void deleteAccount(Account a) {
    if (contacts.values().stream().anyMatch(c -> c.accountId.equals(a.id) && c.shared)
        || contacts.values().stream()
            .anyMatch(c -> c.shared && c.previousAccounts.contains(a.id))) {
      return; // shared-email people stay out of removals (see the class comment)
    }
    a.deleted = true;
    a.modified = tick();
    for (Contact c : contacts.values()) {
      if (c.accountId.equals(a.id) && c.active()) {
        c.removed = RemovalKind.DELETED;
        c.modified = tick();
      }
    }
    for (Order o : orders.values()) {
      if (o.accountId.equals(a.id)) {
        o.lines.values().forEach(l -> l.cancelled = true);
        o.modified = tick();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshot

  /** The CRM as an adapter reads it now: records and tombstones, in change order. */
  SnapshotAdapter adapter() {
    List<CrmAccount> live = new ArrayList<>();
    List<CrmTombstone> goneAccounts = new ArrayList<>();
    for (Account a : accounts.values()) {
      if (a.deleted) {
        goneAccounts.add(CrmTombstone.accountDeleted(a.id, a.modified));
      } else {
        live.add(
            new CrmAccount(
                a.id, a.name, a.displayName, a.email, a.contactInfo, a.type, Map.of(), a.modified));
      }
    }
    List<CrmContact> people = new ArrayList<>();
    List<CrmTombstone> gonePeople = new ArrayList<>();
    for (Contact c : contacts.values()) {
      if (c.active()) {
        people.add(
            new CrmContact(c.id, c.accountId, c.name, c.email, c.kind, c.identity, c.modified));
      } else {
        gonePeople.add(CrmTombstone.contactRemoved(c.id, c.accountId, c.removed, c.modified));
      }
    }
    List<CrmOrder> deals = new ArrayList<>();
    for (Order o : orders.values()) {
      List<CrmOrderLine> lines = new ArrayList<>();
      for (Line l : o.lines.values()) {
        CrmOrderLine line =
            new CrmOrderLine(l.id, l.sku, l.qty, l.validFrom, l.validUntil, null, null);
        lines.add(l.cancelled ? line.cancel(null) : line);
      }
      deals.add(new CrmOrder(o.id, o.accountId, lines, List.of(), o.modified));
    }
    return new SnapshotAdapter(live, goneAccounts, people, gonePeople, deals);
  }

  /** An immutable snapshot of the CRM: pages in cursor order, exact resume, tombstones merged. */
  static final class SnapshotAdapter implements CrmAdapter {
    private final List<CrmAccount> accounts;
    private final List<CrmTombstone> accountTombstones;
    private final List<CrmContact> contacts;
    private final List<CrmTombstone> contactTombstones;
    private final List<CrmOrder> orders;
    private final Map<String, CrmAccount> byId = new LinkedHashMap<>();

    SnapshotAdapter(
        List<CrmAccount> accounts,
        List<CrmTombstone> accountTombstones,
        List<CrmContact> contacts,
        List<CrmTombstone> contactTombstones,
        List<CrmOrder> orders) {
      this.accounts = sorted(accounts);
      this.accountTombstones = sorted(accountTombstones);
      this.contacts = sorted(contacts);
      this.contactTombstones = sorted(contactTombstones);
      this.orders = sorted(orders);
      accounts.forEach(a -> byId.put(a.crmId(), a));
    }

    private static <T extends CrmRecord> List<T> sorted(List<T> records) {
      List<T> copy = new ArrayList<>(records);
      copy.sort(Comparator.comparing(CrmRecord::cursor));
      return List.copyOf(copy);
    }

    TortureChild.Snapshot snapshot() {
      return new TortureChild.Snapshot(
          accounts, accountTombstones, contacts, contactTombstones, orders);
    }

    int size() {
      return accounts.size()
          + accountTombstones.size()
          + contacts.size()
          + contactTombstones.size()
          + orders.size();
    }

    @Override
    public String system() {
      return SYSTEM;
    }

    @Override
    public CrmPage<CrmAccount> accounts(CrmQuery query) {
      return page(accounts, accountTombstones, query, Function.identity());
    }

    @Override
    public CrmPage<CrmContact> contacts(CrmQuery query) {
      return page(contacts, contactTombstones, query, Function.identity());
    }

    @Override
    public CrmPage<CrmOrder> orders(CrmQuery query) {
      return page(orders, List.of(), query, Function.identity());
    }

    @Override
    public Optional<CrmAccount> account(String crmId) {
      return Optional.ofNullable(byId.get(crmId));
    }

    /** One page over records and tombstones merged; the token is the number already returned. */
    private static <T extends CrmRecord> CrmPage<T> page(
        List<T> records, List<CrmTombstone> tombstones, CrmQuery query, Function<T, T> same) {
      List<CrmRecord> all = new ArrayList<>(records.size() + tombstones.size());
      all.addAll(records);
      all.addAll(tombstones);
      all.sort(Comparator.comparing(CrmRecord::cursor));
      int from = 0;
      if (query.since() != null) {
        while (from < all.size() && !query.since().isBefore(all.get(from).cursor())) {
          from++;
        }
      }
      int offset = query.pageToken() == null ? 0 : Integer.parseInt(query.pageToken());
      int start = from + offset;
      int end = Math.min(all.size(), start + query.pageSize());
      List<T> pageRecords = new ArrayList<>();
      List<CrmTombstone> pageTombstones = new ArrayList<>();
      for (CrmRecord r : all.subList(start, end)) {
        if (r instanceof CrmTombstone) {
          pageTombstones.add((CrmTombstone) r);
        } else {
          @SuppressWarnings("unchecked")
          T t = (T) r;
          pageRecords.add(same.apply(t));
        }
      }
      return new CrmPage<>(
          pageRecords,
          List.of(),
          pageTombstones,
          end < all.size() ? String.valueOf(end - from) : null);
    }
  }
}
