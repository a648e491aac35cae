package io.scalecrm.crm;

import io.scalecrm.client.ScaleException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Licensees and consumers of the tenant, read page by page at the start of a phase that touches a
 * large share of them (a full read, or a first sync), so that most records need no lookup call.
 *
 * <p>Everything here is a <em>hint</em>: it says what Scale held when it was read, updated with
 * what this run wrote. Decisions that write still hold against a concurrent writer: a create that
 * the index calls safe still resolves a 409 by reading, and an update re-reads the entity first.
 * When the tenant is larger than the memory budget, the index gives up and the run uses point
 * lookups.
 */
final class TenantIndex {
  private static final Logger LOG = LoggerFactory.getLogger(TenantIndex.class);

  /** What a lookup in the index knows: present (with the row), absent, or nothing. */
  enum Known {
    PRESENT,
    ABSENT,
    UNKNOWN
  }

  /** The answer of one lookup. */
  record Hint<T>(Known known, @Nullable T row) {
    static <T> Hint<T> unknown() {
      return new Hint<>(Known.UNKNOWN, null);
    }

    Optional<T> value() {
      return Optional.ofNullable(row);
    }
  }

  private final int budget;
  private volatile boolean licenseesComplete;
  private volatile boolean consumersComplete;
  private final Map<String, LicenseeRow> licenseesByNaturalId = new ConcurrentHashMap<>();
  private final Map<String, LicenseeRow> licenseesByEmail = new ConcurrentHashMap<>();
  private final Map<String, ConsumerRow> consumersByRef = new ConcurrentHashMap<>();
  private final Map<String, ConsumerRow> consumersByEmail = new ConcurrentHashMap<>();
  private volatile long licenseeCount;
  private volatile long consumerCount;

  TenantIndex(int budget) {
    this.budget = budget;
  }

  /** The default entity budget: about a quarter of the heap at ~1 KiB per entity. */
  static int defaultBudget() {
    return (int) Math.max(1_000, Math.min(2_000_000, Runtime.getRuntime().maxMemory() / 4096));
  }

  boolean licenseesComplete() {
    return licenseesComplete;
  }

  boolean consumersComplete() {
    return consumersComplete;
  }

  /** How many licensees and consumers the index saw, or -1 when it has not read both. */
  long entityCount() {
    if (!licenseesComplete || !consumersComplete) {
      return -1;
    }
    return Math.max(licenseeCount, licenseesByNaturalId.size())
        + Math.max(consumerCount, Math.max(consumersByRef.size(), consumersByEmail.size()));
  }

  // ---- prefetch ----------------------------------------------------------------------------

  void prefetchLicensees(ScaleApi api, ExecutorService pool, int parallelism) {
    List<LicenseeRow> all =
        readAll(
            "licensees",
            offset -> api.listLicensees(offset, ScaleApi.PAGE),
            pool,
            parallelism,
            LicenseeRow::id);
    if (all == null) {
      return;
    }
    all.forEach(this::indexLicensee);
    licenseeCount = all.size();
    licenseesComplete = true;
  }

  void prefetchConsumers(ScaleApi api, ExecutorService pool, int parallelism) {
    List<ConsumerRow> all =
        readAll(
            "license consumers",
            offset -> api.listConsumers(offset, ScaleApi.PAGE),
            pool,
            parallelism,
            ConsumerRow::id);
    if (all == null) {
      return;
    }
    all.forEach(this::indexConsumer);
    consumerCount = all.size();
    consumersComplete = true;
  }

  /**
   * Reads every page, {@code parallelism} pages at a time, until a short page. Returns null (and
   * logs why) when the tenant is over the budget or a read fails: the run then looks up instead.
   */
  private <T> @Nullable List<T> readAll(
      String what,
      IntFunction<List<T>> page,
      ExecutorService pool,
      int parallelism,
      Function<T, @Nullable String> idOf) {
    List<T> all = new ArrayList<>();
    Set<String> firstIds = new HashSet<>();
    int offset = 0;
    try {
      // the first page alone: an empty or small tenant costs one call, not one per worker
      List<T> first = page.apply(0);
      all.addAll(first);
      if (first.size() < ScaleApi.PAGE) {
        return all;
      }
      if (!first.isEmpty()) {
        firstIds.add(String.valueOf(idOf.apply(first.get(0))));
      }
      offset = ScaleApi.PAGE;
      int width = Math.max(1, parallelism);
      while (true) {
        List<Future<List<T>>> wave = new ArrayList<>();
        for (int i = 0; i < width; i++) {
          int from = offset + i * ScaleApi.PAGE;
          wave.add(pool.submit(() -> page.apply(from)));
        }
        boolean done = false;
        for (Future<List<T>> f : wave) {
          List<T> items = f.get();
          if (done) {
            continue;
          }
          if (!items.isEmpty() && !firstIds.add(String.valueOf(idOf.apply(items.get(0))))) {
            throw new ScaleException(
                "Scale answered a page of " + what + " it had already sent (paging ignored)",
                null,
                false);
          }
          all.addAll(items);
          if (items.size() < ScaleApi.PAGE) {
            done = true;
          }
        }
        if (done) {
          return all;
        }
        if (all.size() > budget) {
          LOG.info(
              "The tenant has more than {} {}; looking them up one by one instead of indexing",
              budget,
              what);
          return null;
        }
        offset += width * ScaleApi.PAGE;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (RuntimeException e) {
      LOG.warn(
          "Reading all {} failed ({}); looking them up one by one instead", what, e.getMessage());
      return null;
    } catch (ExecutionException e) {
      LOG.warn(
          "Reading all {} failed ({}); looking them up one by one instead",
          what,
          e.getCause() == null ? e : e.getCause().getMessage());
      return null;
    }
  }

  // ---- lookups -----------------------------------------------------------------------------

  Hint<LicenseeRow> licensee(String naturalId) {
    if (!licenseesComplete) {
      return Hint.unknown();
    }
    LicenseeRow row = licenseesByNaturalId.get(naturalId);
    return new Hint<>(row == null ? Known.ABSENT : Known.PRESENT, row);
  }

  Hint<LicenseeRow> licenseeByEmail(String email) {
    if (!licenseesComplete) {
      return Hint.unknown();
    }
    LicenseeRow row = licenseesByEmail.get(lower(email));
    return new Hint<>(row == null ? Known.ABSENT : Known.PRESENT, row);
  }

  Hint<ConsumerRow> consumer(String externalReference) {
    if (!consumersComplete) {
      return Hint.unknown();
    }
    ConsumerRow row = consumersByRef.get(externalReference);
    return new Hint<>(row == null ? Known.ABSENT : Known.PRESENT, row);
  }

  Hint<ConsumerRow> consumerByEmail(String email) {
    if (!consumersComplete) {
      return Hint.unknown();
    }
    ConsumerRow row = consumersByEmail.get(lower(email));
    return new Hint<>(row == null ? Known.ABSENT : Known.PRESENT, row);
  }

  // ---- what this run wrote -----------------------------------------------------------------

  void putLicensee(LicenseeRow row) {
    if (!licenseesComplete) {
      return;
    }
    if (licenseesByNaturalId.size() >= budget) {
      dropLicensees();
      return;
    }
    indexLicensee(row);
  }

  private void indexLicensee(LicenseeRow row) {
    if (row.naturalId() != null) {
      licenseesByNaturalId.put(row.naturalId(), row);
    }
    if (row.email() != null) {
      licenseesByEmail.put(lower(row.email()), row);
    }
  }

  void putConsumer(ConsumerRow row) {
    if (!consumersComplete) {
      return;
    }
    if (consumersByRef.size() + consumersByEmail.size() >= 2L * budget) {
      dropConsumers();
      return;
    }
    indexConsumer(row);
  }

  private void indexConsumer(ConsumerRow row) {
    if (row.externalReference() != null) {
      consumersByRef.put(row.externalReference(), row);
    }
    if (row.email() != null) {
      consumersByEmail.put(lower(row.email()), row);
    }
  }

  /** Gives the licensee index up when it outgrows the budget: lookups take over. */
  private synchronized void dropLicensees() {
    if (licenseesComplete) {
      LOG.info("The licensee index passed {} entries; looking licensees up one by one", budget);
      licenseesComplete = false;
      licenseesByNaturalId.clear();
      licenseesByEmail.clear();
    }
  }

  private synchronized void dropConsumers() {
    if (consumersComplete) {
      LOG.info("The consumer index passed {} entries; looking consumers up one by one", budget);
      consumersComplete = false;
      consumersByRef.clear();
      consumersByEmail.clear();
    }
  }

  /** Forgets a consumer under an old external reference (it was taken over by another). */
  void forgetConsumerRef(String externalReference) {
    consumersByRef.remove(externalReference);
  }

  private static String lower(String email) {
    return email.toLowerCase(Locale.ROOT);
  }
}
