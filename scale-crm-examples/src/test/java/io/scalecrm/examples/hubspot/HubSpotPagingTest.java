package io.scalecrm.examples.hubspot;

import static io.scalecrm.examples.hubspot.HubSpotTestSupport.at;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.config;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.ids;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.readAll;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.readPages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Change order, paging, ties, resuming and the search result cap, against the fake HubSpot over
 * real HTTP.
 */
class HubSpotPagingTest {
  private final FakeHubSpot fake = FakeHubSpot.start();
  private final HubSpotTestSupport.RecordingSleeper sleeper =
      new HubSpotTestSupport.RecordingSleeper();

  /** The records seeded, to compute the expected order independently of the adapter. */
  private final List<ChangeCursor> seeded = new ArrayList<>();

  @AfterEach
  void stop() {
    fake.close();
  }

  private void company(String id, Instant modified) {
    fake.company(id, "Company " + id, modified);
    seeded.add(new ChangeCursor(modified, id));
  }

  private List<String> expected(ChangeCursor after) {
    List<ChangeCursor> sorted = new ArrayList<>(seeded);
    Collections.sort(sorted);
    List<String> ids = new ArrayList<>();
    for (ChangeCursor c : sorted) {
      if (after == null || after.isBefore(c)) {
        ids.add(c.recordId());
      }
    }
    return ids;
  }

  private HubSpotAdapter adapter(int cap) {
    HubSpotConfig.Builder b = config(fake, sleeper);
    if (cap != 10_000) {
      fake.resultCap(cap);
      b.searchResultCap(cap);
    }
    return new HubSpotAdapter(b.build());
  }

  /** Seeds companies in shuffled order, with ids of varying length and groups of equal times. */
  private void seedShuffled(int count, int perTimestamp, long seed) {
    Random random = new Random(seed);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    Set<String> used = new HashSet<>();
    for (int i : order) {
      String id;
      do {
        id = Integer.toString(1 + random.nextInt(random.nextBoolean() ? 100 : 100_000));
      } while (!used.add(id));
      company(id, at(i / perTimestamp).plusMillis(7));
    }
  }

  private static void assertStrictlyAscending(List<CrmAccount> records) {
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i - 1).cursor().isBefore(records.get(i).cursor()))
          .as("record %d comes after record %d", i, i - 1)
          .isTrue();
    }
  }

  @Test
  void manyPagesDeliverEveryRecordOnceInOrder() {
    seedShuffled(250, 1, 1);
    HubSpotAdapter adapter = adapter(10_000);

    List<CrmPage<CrmAccount>> pages = readPages(adapter::accounts, null, 7);

    assertThat(pages).hasSize(36);
    assertThat(pages).allSatisfy(p -> assertThat(p.records().size()).isLessThanOrEqualTo(7));
    List<CrmAccount> all = new ArrayList<>();
    pages.forEach(p -> all.addAll(p.records()));
    assertThat(ids(all)).isEqualTo(expected(null)).doesNotHaveDuplicates().hasSize(250);
    assertStrictlyAscending(all);
    assertThat(searches())
        .allSatisfy(r -> assertThat(r.json().path("limit").asInt()).isBetween(1, 200));
    // the archived list is read once per read, on its first page
    assertThat(fake.requests()).filteredOn(r -> r.method().equals("GET")).hasSize(1);
  }

  private List<FakeHubSpot.Request> searches() {
    return fake.requests().stream().filter(r -> r.path().endsWith("/search")).toList();
  }

  @Test
  void largePagesUseFullSearchPages() {
    seedShuffled(450, 1, 2);

    List<CrmPage<CrmAccount>> pages = readPages(adapter(10_000)::accounts, null, 1000);

    assertThat(pages).hasSize(1);
    assertThat(ids(pages.get(0).records())).isEqualTo(expected(null));
    assertThat(searches()).hasSize(3);
    assertThat(searches().get(0).json().path("limit").asInt()).isEqualTo(200);
  }

  @Test
  void emptyCrmGivesOneLastPage() {
    CrmPage<CrmAccount> page = adapter(10_000).accounts(CrmQuery.first(null, 10));

    assertThat(page.records()).isEmpty();
    assertThat(page.last()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 7, 100})
  void sameTimestampTiesComeInIdOrderWhateverThePageSize(int pageSize) {
    company("500", at(1));
    // one group, inserted out of order; ordinal order is 10 < 100 < 11 < 2 < 9
    for (String id : List.of("9", "100", "2", "11", "10")) {
      company(id, at(5));
    }
    company("1", at(6));
    company("3", at(6));

    List<CrmAccount> all = readAll(adapter(10_000)::accounts, null, pageSize);

    assertThat(ids(all)).containsExactly("500", "10", "100", "11", "2", "9", "1", "3");
    assertStrictlyAscending(all);
  }

  @Test
  void resumingFromAnyCursorYieldsExactlyTheRecordsAfterIt() {
    seedShuffled(40, 4, 3);
    HubSpotAdapter adapter = adapter(10_000);
    List<CrmAccount> all = readAll(adapter::accounts, null, 1000);
    assertThat(ids(all)).isEqualTo(expected(null));

    for (int i = 0; i < all.size(); i++) {
      ChangeCursor since = all.get(i).cursor();
      assertThat(ids(readAll(adapter::accounts, since, 3)))
          .as("after record %d", i)
          .isEqualTo(ids(all.subList(i + 1, all.size())));
    }
  }

  @Test
  void resumingFromACursorThatIsNoRecord() {
    for (String id : List.of("104", "106", "103", "105")) {
      company(id, at(5));
    }
    company("1", at(5).plusMillis(1));

    // an id between the group's ids, and a sub-millisecond time
    assertThat(ids(readAll(adapter(10_000)::accounts, new ChangeCursor(at(5), "1045"), 2)))
        .containsExactly("105", "106", "1");
    assertThat(
            ids(readAll(adapter(10_000)::accounts, new ChangeCursor(at(5).plusNanos(1), "0"), 2)))
        .containsExactly("1");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 24, 25, 26, 100, 1000})
  void searchCapIsReAnchoredWithoutLosingOrRepeatingRecords(int pageSize) {
    seedShuffled(150, 3, 4);

    List<CrmAccount> all = readAll(adapter(25)::accounts, null, pageSize);

    assertThat(ids(all)).isEqualTo(expected(null));
    assertStrictlyAscending(all);
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(fake.requests())
        .allSatisfy(
            r -> {
              JsonNode body = r.json();
              int after = body.path("after").asInt(0);
              assertThat(after + body.path("limit").asInt()).isLessThanOrEqualTo(25);
            });
  }

  @Test
  void reAnchoringHappensWithinOneLargePage() {
    seedShuffled(150, 3, 5);

    CrmPage<CrmAccount> page = adapter(25).accounts(CrmQuery.first(null, 1000));

    assertThat(ids(page.records())).isEqualTo(expected(null));
    assertThat(page.last()).isTrue();
    // several searches from offset 0 with rising lower bounds
    List<Long> anchors = new ArrayList<>();
    for (FakeHubSpot.Request r : fake.requests()) {
      JsonNode body = r.json();
      if (body.path("after").asText().equals("0")) {
        anchors.add(body.at("/filterGroups/0/filters/0/value").asLong());
      }
    }
    assertThat(anchors.size()).isGreaterThan(5);
    assertThat(anchors).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 10, 25, 1000})
  void aTieGroupLargerThanTheCapIsReadById(int pageSize) {
    company("1", at(1));
    company("2", at(2));
    Random random = new Random(6);
    Set<String> used = new HashSet<>(Set.of("1", "2", "7", "8"));
    for (int i = 0; i < 60; i++) {
      String id;
      do {
        id = Integer.toString(3 + random.nextInt(random.nextBoolean() ? 97 : 9_000));
      } while (!used.add(id));
      company(id, at(5));
    }
    company("7", at(9));
    company("8", at(9));

    List<CrmAccount> all = readAll(adapter(25)::accounts, null, pageSize);

    assertThat(ids(all)).isEqualTo(expected(null)).hasSize(64);
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(fake.requests())
        .anySatisfy(
            r ->
                assertThat(r.json().at("/sorts/0/propertyName").asText())
                    .isEqualTo("hs_object_id"));
  }

  @Test
  void realCapReAnchorsAfterAHandledBulkGroup() {
    // 9,990 companies imported in one millisecond and already synced, then 600 later changes
    for (int i = 1; i <= 9_990; i++) {
      company(Integer.toString(i), at(100));
    }
    for (int i = 0; i < 600; i++) {
      company(Integer.toString(20_000 + i), at(200 + i));
    }
    ChangeCursor since = new ChangeCursor(at(100), "9999");

    List<CrmAccount> all = readAll(adapter(10_000)::accounts, since, 1000);

    assertThat(ids(all)).isEqualTo(expected(since)).hasSize(600);
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
  }

  @Test
  void realCapGroupScanWhenMoreThanTenThousandShareOneMillisecond() {
    for (int i = 1; i <= 10_050; i++) {
      company(Integer.toString(i), at(100));
    }
    for (int i = 0; i < 20; i++) {
      company(Integer.toString(20_000 + i), at(200 + i));
    }
    ChangeCursor since = new ChangeCursor(at(100), "9999");

    List<CrmAccount> all = readAll(adapter(10_000)::accounts, since, 1000);

    // in ordinal order every id 1..10050 is before "9999", so only the later 20 remain
    assertThat(ids(all)).isEqualTo(expected(since));
    assertThat(all).hasSize(20);
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
  }

  @Test
  void recordsInsideTheIndexLagAreLeftToTheNextRead() {
    MutableClock clock = new MutableClock(HubSpotTestSupport.NOW);
    company("1", HubSpotTestSupport.NOW.minusSeconds(60));
    company("2", HubSpotTestSupport.NOW.minusSeconds(10)); // may not be searchable yet
    HubSpotAdapter adapter =
        new HubSpotAdapter(
            config(fake, sleeper).clock(clock).searchIndexLag(Duration.ofSeconds(30)).build());

    List<CrmAccount> first = readAll(adapter::accounts, null, 10);
    assertThat(ids(first)).containsExactly("1");

    clock.now = HubSpotTestSupport.NOW.plusSeconds(60);
    assertThat(ids(readAll(adapter::accounts, first.get(0).cursor(), 10))).containsExactly("2");
  }

  @Test
  void aRecordChangedDuringAReadIsNotRepeatedByIt() {
    for (int i = 1; i <= 6; i++) {
      company(Integer.toString(i), at(i));
    }
    HubSpotAdapter adapter = adapter(10_000);

    CrmQuery query = CrmQuery.first(null, 2);
    CrmPage<CrmAccount> page1 = adapter.accounts(query);
    assertThat(ids(page1.records())).containsExactly("1", "2");
    fake.touch(FakeHubSpot.COMPANIES, "1", HubSpotTestSupport.NOW.plusSeconds(1)); // edited now

    List<String> rest = new ArrayList<>();
    CrmPage<CrmAccount> page = page1;
    while (!page.last()) {
      query = query.next(page);
      page = adapter.accounts(query);
      rest.addAll(ids(page.records()));
    }
    assertThat(rest).containsExactly("3", "4", "5", "6");

    HubSpotAdapter later =
        new HubSpotAdapter(
            config(fake, sleeper)
                .clock(Clock.fixed(HubSpotTestSupport.NOW.plusSeconds(120), ZoneOffset.UTC))
                .build());
    assertThat(ids(readAll(later::accounts, page.records().get(1).cursor(), 10)))
        .containsExactly("1");
  }

  @Test
  void sinceAfterTheUpperBoundReadsNothing() {
    company("1", at(1));

    CrmPage<CrmAccount> page =
        adapter(10_000)
            .accounts(
                CrmQuery.first(new ChangeCursor(HubSpotTestSupport.NOW.plusSeconds(5), "1"), 5));

    assertThat(page.records()).isEmpty();
    assertThat(page.last()).isTrue();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aForeignPageTokenIsRefused() {
    HubSpotAdapter adapter = adapter(10_000);

    assertThatThrownBy(() -> adapter.accounts(new CrmQuery(null, "bm90LWEtdG9rZW4", 5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pageTokensRoundTrip() {
    PageToken token =
        new PageToken(123L, new ChangeCursor(Instant.parse("2026-01-01T00:00:00.5Z"), "a~b|c"));

    assertThat(PageToken.decode(token.encode())).isEqualTo(token);
    assertThat(PageToken.decode(new PageToken(-1, null).encode()))
        .isEqualTo(new PageToken(-1, null));
  }

  @Test
  void contactsAndOrdersPageTheSameWay() {
    fake.company("100", "Acme", at(0));
    List<String> contacts = new ArrayList<>();
    List<String> deals = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String c = Integer.toString(500 + i);
      fake.contact(c, "First" + i, "Last", "c" + i + "@example.com", at(i / 4));
      fake.linkContactToCompany(c, "100", true);
      contacts.add(c);
      String d = Integer.toString(3000 + i);
      fake.deal(d, "Deal " + i, true, at(0), at(i / 5));
      fake.linkDealToCompany(d, "100", true);
      deals.add(d);
    }
    HubSpotAdapter adapter = adapter(25);

    assertThat(ids(readAll(adapter::contacts, null, 4))).isEqualTo(contacts);
    assertThat(ids(readAll(adapter::orders, null, 4))).isEqualTo(deals);
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
