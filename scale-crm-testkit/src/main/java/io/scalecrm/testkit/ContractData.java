package io.scalecrm.testkit;

import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.RemovalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The CRM records that {@link CrmAdapterContract} loads into the CRM (or its fake) behind an
 * adapter before a test.
 *
 * <p>{@link #standard()} and {@link #withRemovals()} are deterministic: every call returns equal
 * data.
 *
 * @param accounts the live accounts, in no particular order
 * @param contacts the live contacts, each referring to one of the live accounts
 * @param orders the live orders, each referring to one of the live accounts, with at least one line
 * @param tombstones the records removed in the CRM (accounts deleted, contacts deleted or made
 *     inactive, orders cancelled or deleted), in no particular order; a removed record is not also
 *     among the live records
 */
public record ContractData(
    List<CrmAccount> accounts,
    List<CrmContact> contacts,
    List<CrmOrder> orders,
    List<CrmTombstone> tombstones) {

  /** Start of the synthetic timeline; every record was modified during 2026. */
  private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

  /**
   * Copies the lists.
   *
   * @param accounts the accounts
   * @param contacts the contacts
   * @param orders the orders
   * @param tombstones the removed records
   */
  public ContractData {
    accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
    contacts = List.copyOf(Objects.requireNonNull(contacts, "contacts"));
    orders = List.copyOf(Objects.requireNonNull(orders, "orders"));
    tombstones = List.copyOf(Objects.requireNonNull(tombstones, "tombstones"));
  }

  /**
   * Live records only, without tombstones.
   *
   * @param accounts the accounts
   * @param contacts the contacts
   * @param orders the orders
   */
  public ContractData(List<CrmAccount> accounts, List<CrmContact> contacts, List<CrmOrder> orders) {
    this(accounts, contacts, orders, List.of());
  }

  /**
   * The tombstones of one kind of record, in ascending {@link io.scalecrm.crm.spi.ChangeCursor}
   * order: what an adapter returns in {@link io.scalecrm.crm.spi.CrmPage#tombstones()} of that
   * kind's reads.
   *
   * @param type {@link CrmRecordType#ACCOUNT}, {@link CrmRecordType#CONTACT} or {@link
   *     CrmRecordType#ORDER}
   * @return the tombstones of that kind, oldest first
   */
  public List<CrmTombstone> tombstones(CrmRecordType type) {
    Objects.requireNonNull(type, "type");
    return tombstones.stream()
        .filter(t -> t.recordType() == type)
        .sorted((a, b) -> a.cursor().compareTo(b.cursor()))
        .collect(Collectors.toList());
  }

  private static final String[][] ACCOUNTS = {
    // name, display name, email (optional for B2B), type
    {"Acme Müller GmbH", "Acme Müller", "billing@acme-mueller.example", "B2B"},
    {"Jürgen Weiß", null, "juergen.weiss@example.de", "B2C"},
    {"Łódź Software Sp. z o.o.", "Łódź Software", null, "B2B"},
    {"Søren Ødegård", null, "soren@ødegård.example", "B2C"},
    {"Núñez y Asociados S.L.", null, "contacto@nunez.example", "B2B"},
    {"Zoë Brontë", "Zoë", "zoe.bronte@example.co.uk", "B2C"},
    {"Ångström Instruments AB", null, null, "B2B"},
    {"Émile Zola", null, "emile.zola@example.fr", "B2C"},
    {"Straße & Söhne KG", "Straße & Söhne", "info@strasse-soehne.example", "B2B"},
    {"François Dvořák", null, "f.dvorak@example.cz", "B2C"},
    {"株式会社テック東京", "Tech Tokyo", "sales@tech-tokyo.example.jp", "B2B"},
    {"Ольга Иванова", null, "olga.ivanova@example.ru", "B2C"},
    {"Çelik Yazılım A.Ş.", null, "destek@celik.example", "B2B"},
    {"Mário Gonçalves", null, "mario@goncalves.example.pt", "B2C"},
    {"Fjörð Analytics ehf.", null, null, "B2B"},
    {"Chloé Lefèvre", null, "chloe.lefevre@example.fr", "B2C"},
    {"Nordlicht Åland Oy", "Nordlicht", "hello@nordlicht.example.fi", "B2B"},
    {"Ines Ålvik", null, "ines.alvik@example.no", "B2C"},
    {"Żółw Logistics", null, "biuro@zolw.example.pl", "B2B"},
    {"Renée Østergaard", null, "renee@example.dk", "B2C"},
    {"Beta Corp", null, "ops@beta.example", "B2B"},
    {"Grüner Punkt AG", null, "kontakt@gruener-punkt.example", "B2B"},
    {"Dženan Hadžić", null, "dzenan@example.ba", "B2C"},
  };

  private static final String[] CONTACT_NAMES = {
    "Anna Müller", "Björn Själv", "Cécile Dupré", "Dariusz Wójcik", "Eva Nováková",
    "Fátima Conceição", "Gustav Ångman", "Hélène Joly", "Ivan Petrović", "Jöns Lindqvist",
    "Kaito Satō", "Łukasz Żak", "María José Peña", "Nils Ødegaard", "Øyvind Berg",
    "Pål Ødeby", "Quentin Lemaître", "Rūta Kazlauskienė", "Sébastien Noël", "Tomáš Černý",
    "Ülle Tamm", "Vesna Đorđević", "Wojciech Łęcki", "Xavier Muñoz", "Yusuf Öztürk",
    "Zsófia Kovács", "Åsa Öberg", "Émilie Gagné", "İlker Güneş", "Ørjan Sæther",
    "Agnès Varda", "Bartłomiej Kłos", "Crisóstomo Ruíz", "Dörte Schäfer", "Eirík Þórsson",
    "François Hébert", "Göran Persson", "Hana Horáková", "Iñigo Montoya", "Jörg Fuß",
  };

  private static final String[] SKUS = {"PRO-SEATS", "BASIC-SEATS", "API-CALLS", "ANALYTICS"};

  /**
   * The standard data set: 23 accounts (B2B and B2C), 40 contacts and 17 orders with one to three
   * lines each, with ids such as {@code "1001"} (accounts), {@code "2001"} (contacts) and {@code
   * "3001"} (orders; lines {@code "3001-1"}), non-ASCII names and emails, and whole-second
   * modification times spread over 2026. Most times are distinct; a few records of each kind share
   * a time, so that the id tie-break of {@link io.scalecrm.crm.spi.ChangeCursor} matters.
   *
   * @return the data set; equal on every call
   */
  public static ContractData standard() {
    List<CrmAccount> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS.length; i++) {
      String[] a = ACCOUNTS[i];
      String id = String.valueOf(1001 + i);
      accounts.add(
          new CrmAccount(
              id,
              a[0],
              a[1],
              a[2],
              i % 5 == 0 ? "Hauptstraße " + (i + 1) + "\nÜberlingen" : null,
              CustomerType.valueOf(a[3]),
              i % 4 == 0 ? Map.of("vat", "EU" + (100200300 + i)) : Map.of(),
              time(1, i, sharedGroup(i, 4, 7, 11))));
    }
    List<CrmContact> contacts = new ArrayList<>();
    for (int i = 0; i < CONTACT_NAMES.length; i++) {
      String id = String.valueOf(2001 + i);
      String accountId = String.valueOf(1001 + (i * 7) % ACCOUNTS.length);
      String name = CONTACT_NAMES[i];
      String email = i % 9 == 8 ? null : slug(i) + "@contacts.example";
      if (i == 3) {
        email = "dariusz.wójcik@przykład.example";
      }
      contacts.add(
          new CrmContact(
              id,
              accountId,
              name,
              email,
              i % 10 == 9 ? ConsumerKind.DEVICE : ConsumerKind.PERSON,
              i % 3 == 0 ? "idp|user-" + (5000 + i) : null,
              time(2, i, sharedGroup(i, 5, 6, 20, 21, 22))));
    }
    List<CrmOrder> orders = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      String id = String.valueOf(3001 + i);
      String accountId = String.valueOf(1001 + (i * 5) % ACCOUNTS.length);
      List<CrmOrderLine> lines = new ArrayList<>();
      int lineCount = 1 + i % 3;
      for (int l = 1; l <= lineCount; l++) {
        String sku = SKUS[(i + l) % SKUS.length];
        Instant from = i % 4 == 0 ? time(3, i, false).plus(Duration.ofDays(1)) : null;
        Instant until = from != null && l == 1 ? from.plus(Duration.ofDays(365)) : null;
        lines.add(
            new CrmOrderLine(
                id + "-" + l,
                sku,
                1 + (i * 3 + l * 7) % 25,
                from,
                until,
                i % 6 == 0 ? "SUB-" + id : null,
                i % 5 == 0 ? "CT-" + id + "-ä" : null));
      }
      orders.add(
          new CrmOrder(id, accountId, lines, List.of(), time(3, i, sharedGroup(i, 2, 3, 9))));
    }
    return new ContractData(accounts, contacts, orders);
  }

  /**
   * The standard data with removals, for adapters that report them ({@link
   * CrmAdapterContract#supportsRemovals()}): {@link #standard()} where these records are removed
   * (absent from the live records) and replaced by {@link CrmTombstone}s:
   *
   * <ul>
   *   <li>accounts {@code 1017} and {@code 1019} (both B2B, without orders): {@link
   *       RemovalKind#DELETED};
   *   <li>contacts {@code 2023} of account 1017 ({@link RemovalKind#DELETED}), {@code 2020} of
   *       account 1019 and {@code 2002} of the live account 1008 ({@link RemovalKind#INACTIVE}), so
   *       that no live record refers to a removed account;
   *   <li>orders {@code 3002} ({@link RemovalKind#CANCELLED}) and {@code 3012} ({@link
   *       RemovalKind#DELETED}), both whole orders ({@code lineIds} empty, no {@code effectiveAt}).
   * </ul>
   *
   * <p>Two live orders carry one cancelled line each ({@link
   * io.scalecrm.crm.spi.LineStatus#CANCELLED}): line {@code 3005-2} with a {@code cancelledAt}
   * given by the CRM, and line {@code 3009-1} without one.
   *
   * <p>The tombstones' times interleave with the live records' times of their kind: some fall
   * between two live records, account 1019 shares its time with the live account 1020 (and sorts
   * before it by id), contact 2023 shares its time with the live contacts 2021 and 2022 (and sorts
   * after them), order 3002 shares its time with the live orders 3003, 3004 and 3010 (and sorts
   * before them), and contact 2002's tombstone is the newest contact change of all.
   *
   * @return the data set; equal on every call
   */
  public static ContractData withRemovals() {
    ContractData standard = standard();
    Map<String, CrmAccount> accounts = byId(standard.accounts());
    Map<String, CrmContact> contacts = byId(standard.contacts());
    Map<String, CrmOrder> orders = byId(standard.orders());
    List<CrmTombstone> tombstones =
        List.of(
            CrmTombstone.accountDeleted("1017", time(1, 16, false).plus(Duration.ofDays(2))),
            // the same time as the live account 1020
            CrmTombstone.accountDeleted("1019", time(1, 19, false)),
            // the time of the shared group 2021, 2022 (2023 was its third member)
            contactRemoved(contacts.get("2023"), RemovalKind.DELETED, time(2, 22, true)),
            contactRemoved(
                contacts.get("2020"),
                RemovalKind.INACTIVE,
                time(2, 19, false).plus(Duration.ofDays(1))),
            // after every live contact
            contactRemoved(
                contacts.get("2002"),
                RemovalKind.INACTIVE,
                time(2, 39, false).plus(Duration.ofDays(1))),
            // the time of the shared group 3003, 3004, 3010
            new CrmTombstone(
                CrmRecordType.ORDER,
                "3002",
                orders.get("3002").accountCrmId(),
                RemovalKind.CANCELLED,
                time(3, 2, true),
                null,
                List.of()),
            new CrmTombstone(
                CrmRecordType.ORDER,
                "3012",
                orders.get("3012").accountCrmId(),
                RemovalKind.DELETED,
                time(3, 11, false).plus(Duration.ofHours(5)),
                null,
                List.of()));
    Set<String> removed = tombstones.stream().map(CrmTombstone::crmId).collect(Collectors.toSet());
    accounts.keySet().removeAll(removed);
    contacts.keySet().removeAll(removed);
    orders.keySet().removeAll(removed);
    orders.put(
        "3005", cancelLine(orders.get("3005"), "3005-2", Instant.parse("2026-07-31T00:00:00Z")));
    orders.put("3009", cancelLine(orders.get("3009"), "3009-1", null));
    return new ContractData(
        List.copyOf(accounts.values()),
        List.copyOf(contacts.values()),
        List.copyOf(orders.values()),
        tombstones);
  }

  private static CrmTombstone contactRemoved(CrmContact c, RemovalKind removal, Instant at) {
    return CrmTombstone.contactRemoved(c.crmId(), c.accountCrmId(), removal, at);
  }

  private static CrmOrder cancelLine(CrmOrder order, String lineId, @Nullable Instant cancelledAt) {
    List<CrmOrderLine> lines = new ArrayList<>();
    for (CrmOrderLine line : order.lines()) {
      lines.add(line.lineId().equals(lineId) ? line.cancel(cancelledAt) : line);
    }
    if (lines.equals(order.lines())) {
      throw new IllegalStateException("order " + order.crmId() + " has no line " + lineId);
    }
    return order.withLines(lines);
  }

  private static <T extends CrmRecord> Map<String, T> byId(List<T> records) {
    return records.stream()
        .collect(
            Collectors.toMap(
                CrmRecord::crmId,
                Function.identity(),
                (a, b) -> {
                  throw new IllegalStateException("duplicate id " + a.crmId());
                },
                java.util.LinkedHashMap::new));
  }

  private static boolean sharedGroup(int i, int... members) {
    for (int m : members) {
      if (m == i) {
        return true;
      }
    }
    return false;
  }

  /**
   * A whole-second time in 2026: each kind has its own month range; index {@code i} moves forward
   * by a few days and hours. When {@code shared}, the record gets the time of the first record of
   * its group (index rounded down to the group start), so several records share one time.
   */
  private static Instant time(int kind, int i, boolean shared) {
    int slot = shared ? sharedSlot(kind, i) : i;
    return START
        .plus(Duration.ofDays((kind - 1) * 100L + slot * 4L))
        .plus(Duration.ofSeconds(slot * 3_607L + 13L * kind));
  }

  private static int sharedSlot(int kind, int i) {
    // groups: accounts {4,7,11}, contacts {5,6} and {20,21,22}, orders {2,3,9}
    if (kind == 2) {
      return i >= 20 ? 20 : 5;
    }
    return kind == 1 ? 4 : 2;
  }

  private static String slug(int i) {
    // ASCII local parts with a deterministic suffix: "contact.07"
    return "contact." + (i < 10 ? "0" : "") + i;
  }
}
