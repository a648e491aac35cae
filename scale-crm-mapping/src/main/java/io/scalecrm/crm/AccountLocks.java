package io.scalecrm.crm;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises work per licensee across every {@link CrmSync} in this JVM, so that two workers (or
 * two concurrent syncs) never race on one licensee's find-then-create. Striped: a fixed set of
 * reentrant locks chosen by the key's hash, so memory stays bounded; a task holds one lock at a
 * time, so striping cannot deadlock.
 */
final class AccountLocks {
  private static final ReentrantLock[] STRIPES = new ReentrantLock[1024];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantLock();
    }
  }

  private AccountLocks() {}

  /**
   * The lock key of one account: the same for every operation on it, bulk or single, in every
   * {@link CrmSync} of this JVM that talks to the same Scale.
   */
  static String key(String scope, String system, String accountCrmId) {
    return scope + "|" + system + "|" + accountCrmId;
  }

  static <T> T withLock(String key, Supplier<T> work) {
    ReentrantLock lock = STRIPES[Math.floorMod(key.hashCode(), STRIPES.length)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
