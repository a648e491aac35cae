package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What one run (a bulk sync, or one single-record operation) knows beyond Scale's answers: the
 * licensees it resolved or created, access and license listings it read, SKUs Scale refused,
 * accounts that failed, and the tenant index. Everything is bounded; everything is a cache that a
 * lookup can replace. Thread-safe.
 */
final class RunState {
  final ScaleApi api;
  final CrmMapping mapping;
  final boolean reissueOnDrift;
  final TenantIndex index;
  final KeyRegistry keys;
  final Duration ambiguityPause;

  private final Lru<String, LicenseeInfo> licensees;
  private final Lru<String, Set<String>> access;
  private final Lru<String, List<ScaleLicense>> licenses;
  final Set<String> badSkus = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Map<java.util.UUID, @Nullable String> catalogue;
  private final Map<String, FailureKind> failedAccounts = new ConcurrentHashMap<>();
  private final Set<String> deletedAccounts = ConcurrentHashMap.newKeySet();
  private final Map<String, String> failedAccountEmails = new ConcurrentHashMap<>();

  RunState(
      ScaleApi api,
      CrmMapping mapping,
      boolean reissueOnDrift,
      TenantIndex index,
      Duration ambiguityPause) {
    this.api = api;
    this.mapping = mapping;
    this.reissueOnDrift = reissueOnDrift;
    this.index = index;
    this.keys = new KeyRegistry(!mapping.defaultKeys());
    this.ambiguityPause = ambiguityPause;
    this.licensees = new Lru<>(Lru.capacityFor(200));
    this.access = new Lru<>(Math.max(1_000, Lru.capacityFor(200) / 10));
    this.licenses = new Lru<>(Math.max(1_000, Lru.capacityFor(200) / 10));
  }

  // ---- keys, checked for collisions when the mapping has custom key functions

  String naturalId(CrmAccount account) {
    return keys.claim("naturalId", mapping.naturalId(account), account.crmId());
  }

  String externalReference(CrmContact contact) {
    return keys.claim("externalReference", mapping.externalReference(contact), contact.crmId());
  }

  String orderReference(CrmOrder order, CrmOrderLine line) {
    return keys.claim(
        "orderReference",
        mapping.orderReference(order, line),
        "order " + order.crmId() + "\u0000line " + line.lineId());
  }

  // ---- licensees

  @Nullable LicenseeInfo licensee(String naturalId) {
    return licensees.get(naturalId);
  }

  void remember(String naturalId, LicenseeInfo info) {
    licensees.put(naturalId, info);
    if (info.createdThisRun()) {
      // nobody has access to a new licensee's container but setup-user's person, and it has no
      // licenses: neither needs reading
      access.put(info.id(), Collections.synchronizedSet(new HashSet<>()));
      licenses.put(info.id(), new ArrayList<>());
    }
  }

  void accountFailed(String accountCrmId, @Nullable String email, FailureKind kind) {
    failedAccounts.put(accountCrmId, kind);
    if (email != null) {
      failedAccountEmails.put(email.toLowerCase(java.util.Locale.ROOT), accountCrmId);
    }
  }

  /** An account that failed earlier in the run synced on a retry. */
  void accountSynced(String accountCrmId) {
    if (failedAccounts.remove(accountCrmId) != null) {
      failedAccountEmails.values().removeIf(accountCrmId::equals);
    }
  }

  /** The account with this email that failed in this run, or null. */
  @Nullable String accountWithFailedEmail(String email) {
    return failedAccountEmails.get(email.toLowerCase(java.util.Locale.ROOT));
  }

  @Nullable FailureKind accountFailure(String accountCrmId) {
    return failedAccounts.get(accountCrmId);
  }

  void accountDeleted(String accountCrmId) {
    deletedAccounts.add(accountCrmId);
  }

  boolean deletedThisRun(String accountCrmId) {
    return deletedAccounts.contains(accountCrmId);
  }

  // ---- access

  /** The consumers known to have access to a licensee's default container, or null to read. */
  @Nullable Set<String> access(String licenseeId) {
    return access.get(licenseeId);
  }

  void accessRead(String licenseeId, Set<String> present) {
    Set<String> copy = Collections.synchronizedSet(new HashSet<>(present));
    access.put(licenseeId, copy);
  }

  void accessGranted(String licenseeId, java.util.Collection<String> consumerIds) {
    Set<String> known = access.get(licenseeId);
    if (known != null) {
      known.addAll(consumerIds);
    }
  }

  void accessRevoked(String licenseeId, java.util.Collection<String> consumerIds) {
    Set<String> known = access.get(licenseeId);
    if (known != null) {
      known.removeAll(consumerIds);
    }
  }

  // ---- licenses

  /** The licensee's licenses as last read or written by this run (a copy), or null to read. */
  @Nullable List<ScaleLicense> licenses(String licenseeId) {
    List<ScaleLicense> known = licenses.get(licenseeId);
    if (known == null) {
      return null;
    }
    synchronized (known) {
      return new ArrayList<>(known);
    }
  }

  void licensesRead(String licenseeId, List<ScaleLicense> list) {
    licenses.put(licenseeId, new ArrayList<>(list));
  }

  /**
   * Forgets the licensee's licenses: a write to them failed and may have landed, so the next look
   * reads Scale again instead of trusting a list that may lack it.
   */
  void forgetLicenses(String licenseeId) {
    licenses.remove(licenseeId);
  }

  /**
   * The tenant's product configurations (id to quantity dimension), read once per run, so that a
   * SKU map entry naming a configuration Scale does not have, or a quantity over Scale's seat
   * limit, fails without a call per line. Null when Scale's catalogue cannot be read (then each
   * grant finds out for itself).
   */
  @Nullable Map<java.util.UUID, @Nullable String> catalogue() {
    Map<java.util.UUID, @Nullable String> known = catalogue;
    if (known != null) {
      return known.isEmpty() ? null : known;
    }
    synchronized (this) {
      if (catalogue == null) {
        try {
          catalogue = Map.copyOf(api.productConfigurations());
        } catch (RuntimeException e) {
          catalogue = Map.of();
        }
      }
      return catalogue.isEmpty() ? null : catalogue;
    }
  }

  void pause() {
    if (ambiguityPause.isZero()) {
      return;
    }
    try {
      Thread.sleep(ambiguityPause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
