package io.scalecrm.crm;

import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.testkit.SandboxSnapshot;
import io.scalecrm.testkit.SandboxSnapshot.SnapConsumer;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicense;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicensee;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What Scale must hold for the torture CRM's current state, derived from the CRM alone with the
 * rules the SDK documents (the key format, one person one consumer, removals by tombstone only,
 * renewals in place, reissue before revoke) and nothing of how the SDK works; and the check of a
 * sandbox snapshot against it. Where the documented behaviour leaves a choice to history (a contact
 * that moved keeps its old access until the CRM removes it), the check accepts both.
 */
final class TortureModel {
  private static final int MAX_KEY = 255;

  private final TortureCrm crm;
  private final Map<String, UUID> productConfigs;

  TortureModel(TortureCrm crm, Map<String, UUID> productConfigs) {
    this.crm = crm;
    this.productConfigs = productConfigs;
  }

  // ---- the documented key format, written independently of CrmMapping

  static String enc(String id) {
    return id.replace("%", "%25").replace(":", "%3A");
  }

  static String naturalId(String accountId) {
    return TortureCrm.SYSTEM + ":" + enc(accountId);
  }

  static String externalReference(String contactId) {
    return TortureCrm.SYSTEM + ":contact:" + enc(contactId);
  }

  static String orderReference(String orderId, String lineId) {
    return TortureCrm.SYSTEM + ":" + enc(orderId) + ":" + enc(lineId);
  }

  static boolean wellFormed(TortureCrm.Line l) {
    return TortureCrm.SKUS.contains(l.sku) && l.qty <= 1000;
  }

  private static boolean fits(String key) {
    return key.length() <= MAX_KEY;
  }

  private static String lower(@Nullable String email) {
    return email == null ? "" : email.toLowerCase(Locale.ROOT);
  }

  /** Every difference between the snapshot and the model; empty when Scale is as it must be. */
  List<String> check(SandboxSnapshot s, Instant now) {
    List<String> problems = new ArrayList<>();
    Map<String, SnapLicensee> licensees = new HashMap<>();
    for (SnapLicensee l : s.licensees()) {
      if (licensees.put(l.naturalId(), l) != null) {
        problems.add("two licensees with natural id " + l.naturalId());
      }
    }
    Map<UUID, String> licenseeKey = new HashMap<>();
    s.licensees().forEach(l -> licenseeKey.put(l.id(), l.naturalId()));

    // ---- licensees
    Set<String> expectedLicensees = new HashSet<>();
    for (TortureCrm.Account a : crm.accounts.values()) {
      String key = naturalId(a.id);
      SnapLicensee l = licensees.get(key);
      if (a.deleted) {
        if (crm.deleteLicensees && l != null) {
          problems.add("licensee " + key + " of a deleted account still exists");
        }
        expectedLicensees.add(key);
        continue;
      }
      expectedLicensees.add(key);
      if (l == null) {
        problems.add("licensee " + key + " is missing");
        continue;
      }
      String type = a.type == CustomerType.B2C ? "PERSON" : "ORGANIZATION";
      same(problems, "licensee " + key + " name", a.name, l.name());
      same(problems, "licensee " + key + " displayName", a.displayName, l.displayName());
      same(problems, "licensee " + key + " email", a.email, l.email());
      same(problems, "licensee " + key + " contactInfo", a.contactInfo, l.contactInfo());
      same(problems, "licensee " + key + " type", type, l.type());
    }
    for (SnapLicensee l : s.licensees()) {
      if (!expectedLicensees.contains(l.naturalId())) {
        problems.add("unexpected licensee " + l.naturalId());
      }
    }

    // ---- consumers, by email group or own key
    Map<UUID, Set<UUID>> access = new HashMap<>();
    for (SandboxSnapshot.SnapGrant g : s.grants()) {
      access.computeIfAbsent(g.consumerId(), k -> new HashSet<>()).add(g.licenseeId());
    }
    Map<String, UUID> licenseeIdByKey = new HashMap<>();
    s.licensees().forEach(l -> licenseeIdByKey.put(l.naturalId(), l.id()));
    Map<String, SnapConsumer> byRef = new HashMap<>();
    Map<String, SnapConsumer> byEmail = new HashMap<>();
    for (SnapConsumer c : s.consumers()) {
      if (c.externalReference() != null) {
        byRef.put(c.externalReference(), c);
      }
      if (c.email() != null) {
        byEmail.put(lower(c.email()), c);
      }
    }
    Set<UUID> accounted = new HashSet<>();
    Map<String, List<TortureCrm.Contact>> groups = new TreeMap<>();
    Map<String, TortureCrm.Account> personOf = new HashMap<>();
    for (TortureCrm.Account a : crm.accounts.values()) {
      if (!a.deleted && a.type == CustomerType.B2C) {
        groups.computeIfAbsent(lower(a.email), k -> new ArrayList<>());
        personOf.put(lower(a.email), a);
      }
    }
    for (TortureCrm.Contact c : crm.contacts.values()) {
      if (c.email != null && fits(externalReference(c.id)) && c.shared) {
        groups.computeIfAbsent(lower(c.email), k -> new ArrayList<>()).add(c);
      }
    }
    for (Map.Entry<String, List<TortureCrm.Contact>> group : groups.entrySet()) {
      String email = group.getKey();
      TortureCrm.Account person = personOf.get(email);
      List<TortureCrm.Contact> members =
          group.getValue().stream().filter(TortureCrm.Contact::active).toList();
      List<TortureCrm.Contact> owners =
          person == null
              ? members
              : members.stream().filter(m -> m.accountId.equals(person.id)).toList();
      TortureCrm.Contact owner =
          owners.stream().min(Comparator.comparing(m -> externalReference(m.id))).orElse(null);
      SnapConsumer c = byEmail.get(email);
      if (c == null) {
        problems.add("no consumer for the email of " + describe(group.getValue(), person));
        continue;
      }
      accounted.add(c.id());
      if (owner == null) {
        same(
            problems,
            "unclaimed person consumer " + email + " externalReference",
            null,
            c.externalReference());
      } else {
        checkOwned(problems, owner, c);
      }
      Set<String> required = new TreeSet<>();
      members.forEach(m -> required.add(naturalId(m.accountId)));
      if (person != null) {
        required.add(naturalId(person.id));
      }
      checkAccess(
          problems,
          "consumer " + email,
          c,
          required,
          Set.of(),
          access,
          licenseeIdByKey,
          licenseeKey);
    }
    for (TortureCrm.Contact c : crm.contacts.values()) {
      String ref = externalReference(c.id);
      if (!fits(ref)) {
        if (byRef.containsKey(ref)) {
          problems.add("a consumer carries the over-long key of contact " + c.id);
        }
        continue;
      }
      if (c.shared && c.email != null) {
        continue;
      }
      SnapConsumer consumer = byRef.get(ref);
      Set<String> previous = new TreeSet<>();
      c.previousAccounts.forEach(p -> previous.add(naturalId(p)));
      if (c.active()) {
        if (consumer == null) {
          problems.add("contact " + c.id + " has no consumer");
          continue;
        }
        accounted.add(consumer.id());
        checkOwned(problems, c, consumer);
        checkAccess(
            problems,
            "contact " + c.id,
            consumer,
            Set.of(naturalId(c.accountId)),
            previous,
            access,
            licenseeIdByKey,
            licenseeKey);
      } else if (consumer != null) {
        accounted.add(consumer.id());
        checkAccess(
            problems,
            "removed contact " + c.id,
            consumer,
            Set.of(),
            previous,
            access,
            licenseeIdByKey,
            licenseeKey);
      }
    }
    for (SnapConsumer c : s.consumers()) {
      if (!accounted.contains(c.id())) {
        problems.add(
            "unexpected consumer ref="
                + c.externalReference()
                + " email="
                + c.email()
                + " (setup-user of "
                + c.setupUserLicenseeId()
                + ")");
      }
    }

    // ---- licenses
    Map<String, List<SnapLicense>> activeByRef = new HashMap<>();
    for (SnapLicense l : s.licenses()) {
      if (l.validUntil() == null || l.validUntil().isAfter(now)) {
        activeByRef
            .computeIfAbsent(
                licenseeKey.get(l.licenseeId()) + "|" + l.orderReference(), k -> new ArrayList<>())
            .add(l);
      }
    }
    Set<String> expectedActive = new HashSet<>();
    for (TortureCrm.Order o : crm.orders.values()) {
      TortureCrm.Account a = crm.accounts.get(o.accountId);
      for (TortureCrm.Line line : o.lines.values()) {
        String ref = orderReference(o.id, line.id);
        String slot = naturalId(o.accountId) + "|" + ref;
        List<SnapLicense> active = activeByRef.getOrDefault(slot, List.of());
        boolean wanted = !a.deleted && !line.cancelled && wellFormed(line) && fits(ref);
        if (!wanted) {
          if (!active.isEmpty()) {
            problems.add(
                "line "
                    + line.id
                    + " of order "
                    + o.id
                    + " must have no valid license, has "
                    + active.size());
          }
          continue;
        }
        expectedActive.add(slot);
        if (active.size() != 1) {
          problems.add(
              "line "
                  + line.id
                  + " of order "
                  + o.id
                  + " has "
                  + active.size()
                  + " valid licenses, not 1");
          continue;
        }
        SnapLicense l = active.get(0);
        same(problems, "license " + ref + " qty", line.qty, l.qty());
        same(
            problems,
            "license " + ref + " product",
            productConfigs.get(line.sku),
            l.productConfigId());
        same(
            problems,
            "license " + ref + " validUntil",
            second(line.validUntil),
            second(l.validUntil()));
        if (line.validFrom != null) {
          same(
              problems,
              "license " + ref + " validFrom",
              second(line.validFrom),
              second(l.validFrom()));
        }
      }
    }
    for (Map.Entry<String, List<SnapLicense>> e : activeByRef.entrySet()) {
      if (!expectedActive.contains(e.getKey())) {
        problems.add("unexpected valid license " + e.getKey());
      }
    }
    return problems;
  }

  private static String describe(List<TortureCrm.Contact> group, TortureCrm.@Nullable Account p) {
    return group.stream().map(c -> c.id).collect(Collectors.joining(", "))
        + (p == null ? "" : " (person of " + p.id + ")");
  }

  private static void checkOwned(List<String> problems, TortureCrm.Contact c, SnapConsumer s) {
    String what = "consumer of contact " + c.id;
    same(problems, what + " externalReference", externalReference(c.id), s.externalReference());
    same(problems, what + " name", c.name, s.name());
    same(problems, what + " type", c.kind.name(), s.type());
    same(problems, what + " email", c.email, s.email());
    if (c.identity != null) {
      same(problems, what + " connectedIdentityId", c.identity, s.connectedIdentityId());
    }
  }

  private static void checkAccess(
      List<String> problems,
      String what,
      SnapConsumer consumer,
      Set<String> required,
      Set<String> allowed,
      Map<UUID, Set<UUID>> access,
      Map<String, UUID> licenseeIdByKey,
      Map<UUID, String> licenseeKey) {
    Set<String> actual = new TreeSet<>();
    for (UUID licensee : access.getOrDefault(consumer.id(), Set.of())) {
      actual.add(String.valueOf(licenseeKey.get(licensee)));
    }
    for (String r : required) {
      if (licenseeIdByKey.containsKey(r) && !actual.contains(r)) {
        problems.add(what + " lacks access to " + r);
      }
    }
    for (String a : actual) {
      if (!required.contains(a) && !allowed.contains(a)) {
        problems.add(what + " has access to " + a + " it must not have");
      }
    }
  }

  private static @Nullable Instant second(@Nullable Instant i) {
    return i == null ? null : i.truncatedTo(ChronoUnit.SECONDS);
  }

  private static void same(
      List<String> problems, String what, @Nullable Object expected, @Nullable Object actual) {
    if (!Objects.equals(expected, actual)) {
      problems.add(what + ": expected " + expected + ", Scale has " + actual);
    }
  }

  /**
   * Duplicates of any key: what the sandbox reports for licensees and consumers, and more than one
   * valid license with the same terms per (licensee, order reference). Two valid licenses of one
   * line with different terms are not duplicates: a reissue issues the new license before it
   * revokes the old one, so a crash in between leaves both until the next run.
   */
  static List<String> duplicates(SandboxSnapshot s, Instant now) {
    List<String> out = new ArrayList<>();
    s.duplicates().stream().filter(d -> !d.startsWith("license orderReference")).forEach(out::add);
    Map<String, Integer> active = new LinkedHashMap<>();
    for (SnapLicense l : s.licenses()) {
      if (l.orderReference() != null && (l.validUntil() == null || l.validUntil().isAfter(now))) {
        active.merge(
            l.licenseeId()
                + " "
                + l.orderReference()
                + " qty="
                + l.qty()
                + " "
                + l.productConfigId()
                + " "
                + second(l.validFrom())
                + ".."
                + second(l.validUntil()),
            1,
            Integer::sum);
      }
    }
    active.forEach(
        (k, n) -> {
          if (n > 1) {
            out.add("valid license " + k + " x" + n);
          }
        });
    return out;
  }
}
