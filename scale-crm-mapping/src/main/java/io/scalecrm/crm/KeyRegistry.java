package io.scalecrm.crm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that custom key functions keep keys distinct within a run: the first record to use a key
 * owns it, and a different record with the same key fails. The built-in keys are collision-free by
 * construction and are not recorded.
 */
final class KeyRegistry {
  private final boolean enabled;
  private final Map<String, String> owners = new ConcurrentHashMap<>();

  KeyRegistry(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Claims {@code key} for the record {@code identity}.
   *
   * @throws KeyCollisionException when another record holds the key
   */
  String claim(String kind, String key, String identity) {
    if (!enabled) {
      return key;
    }
    String owner = owners.putIfAbsent(kind + "\u0000" + key, identity);
    if (owner != null && !owner.equals(identity)) {
      throw new KeyCollisionException(
          "The mapping's "
              + kind
              + " function gives "
              + describe(identity)
              + " the same key '"
              + key
              + "' as "
              + describe(owner)
              + "; keys must be unique per record (fix CrmMapping."
              + kind
              + ")");
    }
    return key;
  }

  private static String describe(String identity) {
    return identity.replace('\u0000', ' ');
  }
}
