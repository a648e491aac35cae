package io.scalecrm.examples.hubspot;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Shared helpers of the HubSpot adapter tests. */
final class HubSpotTestSupport {
  /** A base time for seeded records. */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** The adapter's clock in tests: well after every seeded record. */
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private HubSpotTestSupport() {}

  /** A sleeper that records the delays instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      delays.add(duration);
    }
  }

  /** A config builder pointing at the fake, with a fixed clock and the given sleeper. */
  static HubSpotConfig.Builder config(FakeHubSpot fake, Sleeper sleeper) {
    return HubSpotConfig.builder()
        .baseUrl(fake.baseUrl())
        .privateAppToken(FakeHubSpot.TOKEN)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .sleeper(sleeper);
  }

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** Follows the page tokens of one read and returns every page. */
  static <T extends CrmRecord> List<CrmPage<T>> readPages(
      Function<CrmQuery, CrmPage<T>> read, @Nullable ChangeCursor since, int pageSize) {
    List<CrmPage<T>> pages = new ArrayList<>();
    CrmQuery query = CrmQuery.first(since, pageSize);
    while (true) {
      CrmPage<T> page = read.apply(query);
      pages.add(page);
      if (page.last()) {
        return pages;
      }
      if (pages.size() > 100_000) {
        throw new AssertionError("The read does not end");
      }
      query = query.next(page);
    }
  }

  /** Follows the page tokens of one read and returns every record. */
  static <T extends CrmRecord> List<T> readAll(
      Function<CrmQuery, CrmPage<T>> read, @Nullable ChangeCursor since, int pageSize) {
    List<T> all = new ArrayList<>();
    readPages(read, since, pageSize).forEach(p -> all.addAll(p.records()));
    return all;
  }

  static List<String> ids(List<? extends CrmRecord> records) {
    List<String> ids = new ArrayList<>();
    records.forEach(r -> ids.add(r.crmId()));
    return ids;
  }
}
