package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance tests every {@link CrmAdapter} must pass: a JUnit 5 base class that integrators
 * extend, implementing {@link #adapterFor(ContractData)} to load {@link ContractData} into their
 * CRM (usually a fake of its HTTP API) and return an adapter reading it.
 *
 * <pre>{@code
 * class HubSpotAdapterContractTest extends CrmAdapterContract {
 *   @RegisterExtension static WireMockExtension crm = ...;
 *
 *   @Override
 *   protected CrmAdapter adapterFor(ContractData data) {
 *     FakeHubSpot.load(crm, data);
 *     return new HubSpotAdapter(crm.baseUrl(), "test-token");
 *   }
 *
 *   @Override
 *   protected void failNextRequestWithAuthError() { FakeHubSpot.answerNextWith(crm, 401); }
 * }
 * }</pre>
 *
 * <p>What is checked (see {@link CrmAdapter} for the contract itself): every account, contact and
 * order is read exactly once across pages, and data without removals yields no tombstones; records
 * come in ascending {@link ChangeCursor} order; resuming from the cursor of any record returns
 * exactly the records after it, and resuming from {@link ChangeCursor#justBefore()} a record's
 * cursor returns every record changed at its time or later; ids are stable; field values (order
 * line status included) survive the round trip; reading after the last record returns an empty last
 * page; {@link CrmAdapter#system()} is a lower-case slug; an authentication failure is a
 * non-retryable {@link CrmAdapterException} and a persistent server error a retryable one, neither
 * carrying a token; no method returns null.
 *
 * <p>Adapters that report removals override {@link #supportsRemovals()} to return {@code true};
 * then the removal tests load {@link ContractData#withRemovals()} and check that every {@link
 * CrmTombstone} is read exactly once, merged with the live records of its kind in ascending cursor
 * order; that resuming from the cursor of any record or tombstone (or from just before it) returns
 * exactly what follows; that tombstones carry their record's account, removal kind and time; that
 * cancelled order lines come back cancelled with their end time; and that a removed record never
 * also comes back live. The kit does not count tombstones against {@link CrmQuery#pageSize()}.
 *
 * <p>The two failure tests are aborted (reported as skipped) unless the subclass overrides {@link
 * #failNextRequestWithAuthError()} and {@link #failAllRequestsWithServerError()}; the removal tests
 * are aborted unless {@link #supportsRemovals()} returns {@code true}.
 *
 * <p>Each test calls {@link #adapterFor(ContractData)} once and closes the adapter at its end. Test
 * methods are final so that a subclass cannot weaken the contract.
 */
public abstract class CrmAdapterContract {

  private static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]+");
  private static final Pattern BEARER = Pattern.compile("\\bbearer\\b", Pattern.CASE_INSENSITIVE);

  /** Creates the contract; subclasses are JUnit test classes. */
  protected CrmAdapterContract() {}

  /**
   * Loads exactly these records into the CRM (or its fake) behind the adapter, replacing whatever
   * was there, and returns an adapter reading it. Called once per test.
   *
   * @param data the records to load
   * @return an adapter reading the loaded records; closed by the test
   */
  protected abstract CrmAdapter adapterFor(ContractData data);

  /**
   * The page size the tests ask for; small, to force many pages. The default is 5.
   *
   * @return the page size, 1 to 1000
   */
  protected int pageSize() {
    return 5;
  }

  /**
   * The records the tests load. The default is {@link ContractData#standard()}; override only to
   * adapt to a CRM that cannot hold some of them, and keep at least 3 pages' worth of each kind.
   *
   * @return the data set
   */
  protected ContractData contractData() {
    return ContractData.standard();
  }

  /**
   * Whether the adapter reports removals as {@link CrmTombstone}s in {@link CrmPage#tombstones()}
   * (and cancelled order lines through {@link CrmOrderLine#status()}). The default is {@code
   * false}: the removal tests are aborted (reported as skipped). Return {@code true} to run them
   * against {@link #removalData()}.
   *
   * @return {@code true} when the adapter reports removals
   */
  protected boolean supportsRemovals() {
    return false;
  }

  /**
   * The records the removal tests load. The default is {@link ContractData#withRemovals()};
   * override only to adapt to a CRM that cannot hold some of them, and keep tombstones of every
   * kind, some sharing a time with live records.
   *
   * @return the data set with tombstones
   */
  protected ContractData removalData() {
    return ContractData.withRemovals();
  }

  /**
   * Secrets (API tokens, passwords) that the adapter under test was configured with; no exception
   * message may contain one. The default is none; the word {@code Bearer} is always checked.
   *
   * @return the secrets
   */
  protected Set<String> secrets() {
    return Set.of();
  }

  /**
   * Makes the CRM refuse the adapter's credentials: its next request gets an authentication failure
   * (HTTP 401, or the CRM's equivalent), and so does any attempt to renew them (an adapter may
   * re-acquire an expired session once; the contract expects a non-retryable failure when that
   * fails too). Called after {@link #adapterFor(ContractData)}. The default aborts the test as not
   * supported.
   */
  protected void failNextRequestWithAuthError() {
    Assumptions.abort("failNextRequestWithAuthError() is not implemented by " + getClass());
  }

  /**
   * Makes the CRM answer every following request with a server error or throttling (HTTP 5xx or
   * 429) until the test ends. Called after {@link #adapterFor(ContractData)}. The default aborts
   * the test as not supported.
   */
  protected void failAllRequestsWithServerError() {
    Assumptions.abort("failAllRequestsWithServerError() is not implemented by " + getClass());
  }

  // ---------------------------------------------------------------------------------------------
  // Tests

  /**
   * Every account is read exactly once across the pages of a full read, and no tombstone is
   * reported: nothing was removed.
   */
  @Test
  @DisplayName("reads every account exactly once across pages")
  public final void readsEveryAccountExactlyOnce() {
    withAdapter(
        (adapter, data) -> {
          PagedRead<?> read = readPages(adapter::accounts, null);
          checkExactlyOnce("account", read.records(), data.accounts());
          checkNoTombstones("account", read);
        });
  }

  /** Every contact is read exactly once across the pages of a full read, and no tombstone. */
  @Test
  @DisplayName("reads every contact exactly once across pages")
  public final void readsEveryContactExactlyOnce() {
    withAdapter(
        (adapter, data) -> {
          PagedRead<?> read = readPages(adapter::contacts, null);
          checkExactlyOnce("contact", read.records(), data.contacts());
          checkNoTombstones("contact", read);
        });
  }

  /** Every order is read exactly once across the pages of a full read, and no tombstone. */
  @Test
  @DisplayName("reads every order exactly once across pages")
  public final void readsEveryOrderExactlyOnce() {
    withAdapter(
        (adapter, data) -> {
          PagedRead<?> read = readPages(adapter::orders, null);
          checkExactlyOnce("order", read.records(), data.orders());
          checkNoTombstones("order", read);
        });
  }

  /** Records of each kind come in ascending change-cursor order, across page boundaries. */
  @Test
  @DisplayName("returns records in ascending ChangeCursor order")
  public final void returnsRecordsInAscendingCursorOrder() {
    withAdapter(
        (adapter, data) -> {
          checkAscending("account", readAll(adapter::accounts, null));
          checkAscending("contact", readAll(adapter::contacts, null));
          checkAscending("order", readAll(adapter::orders, null));
        });
  }

  /** Reading after the cursor of the k-th record returns exactly the records after it. */
  @Test
  @DisplayName("resuming from the cursor of a record returns exactly the records after it")
  public final void resumesAfterTheCursorOfAnyRecord() {
    withAdapter(
        (adapter, data) -> {
          checkResume("account", adapter::accounts);
          checkResume("contact", adapter::contacts);
          checkResume("order", adapter::orders);
        });
  }

  /**
   * Reading after {@link ChangeCursor#justBefore()} the cursor of a record returns every record
   * changed at that record's time or later, the records sharing its time included.
   */
  @Test
  @DisplayName("since = cursor.justBefore() returns every record at that time or later")
  public final void sinceJustBeforeReturnsEveryRecordAtThatTimeOrLater() {
    withAdapter(
        (adapter, data) -> {
          checkJustBefore("account", adapter::accounts);
          checkJustBefore("contact", adapter::contacts);
          checkJustBefore("order", adapter::orders);
        });
  }

  /** Two full reads return the same ids in the same order. */
  @Test
  @DisplayName("ids are stable across two full reads")
  public final void idsAreStableAcrossTwoReads() {
    withAdapter(
        (adapter, data) -> {
          checkSameIds(
              "account", readAll(adapter::accounts, null), readAll(adapter::accounts, null));
          checkSameIds(
              "contact", readAll(adapter::contacts, null), readAll(adapter::contacts, null));
          checkSameIds("order", readAll(adapter::orders, null), readAll(adapter::orders, null));
        });
  }

  /** Names, emails, account links, modification times and order lines survive the round trip. */
  @Test
  @DisplayName("field values survive the round trip (non-ASCII included)")
  public final void fieldsSurviveTheRoundTrip() {
    withAdapter(
        (adapter, data) -> {
          checkAccountFields(data.accounts(), readAll(adapter::accounts, null));
          checkContactFields(data.contacts(), readAll(adapter::contacts, null));
          checkOrderFields(data.orders(), readAll(adapter::orders, null));
        });
  }

  /** Reading after the last record returns one empty, last page. */
  @Test
  @DisplayName("since after the last record returns an empty last page")
  public final void sinceAfterLastRecordReturnsEmptyLastPage() {
    withAdapter(
        (adapter, data) -> {
          checkEmptyAfterLast("account", adapter::accounts);
          checkEmptyAfterLast("contact", adapter::contacts);
          checkEmptyAfterLast("order", adapter::orders);
        });
  }

  /** {@link CrmAdapter#system()} is a non-blank lower-case slug. */
  @Test
  @DisplayName("system() is a lower-case slug [a-z0-9-]+")
  public final void systemIsALowerCaseSlug() {
    withAdapter((adapter, data) -> checkSystem(adapter.system()));
  }

  /** An authentication failure surfaces as a non-retryable {@link CrmAdapterException}. */
  @Test
  @DisplayName("an auth failure is a non-retryable CrmAdapterException")
  public final void authFailureIsNotRetryable() {
    withAdapter(
        (adapter, data) -> {
          failNextRequestWithAuthError();
          CrmAdapterException e = expectAdapterException("auth failure", adapter);
          assertThat(e.retryable())
              .as("retryable() of the CrmAdapterException for an authentication failure")
              .isFalse();
          checkNoSecrets(e);
        });
  }

  /**
   * A persistent server error surfaces, after the adapter's own retries, as a retryable {@link
   * CrmAdapterException} without tokens in any message.
   */
  @Test
  @DisplayName("a persistent server error is a retryable CrmAdapterException without secrets")
  public final void persistentServerErrorIsRetryable() {
    withAdapter(
        (adapter, data) -> {
          failAllRequestsWithServerError();
          CrmAdapterException e = expectAdapterException("persistent server error", adapter);
          assertThat(e.retryable())
              .as("retryable() of the CrmAdapterException for a persistent server error")
              .isTrue();
          checkNoSecrets(e);
        });
  }

  /** No method returns null: pages, their lists, and {@link CrmAdapter#account(String)}. */
  @Test
  @DisplayName("no method returns null")
  public final void noMethodReturnsNull() {
    withAdapter(
        (adapter, data) -> {
          assertThat(adapter.system()).as("system()").isNotNull();
          readAll(adapter::accounts, null);
          readAll(adapter::contacts, null);
          readAll(adapter::orders, null);
          for (CrmAccount account : data.accounts().subList(0, 3)) {
            Optional<CrmAccount> found = adapter.account(account.crmId());
            assertThat(found).as("account(\"%s\")", account.crmId()).isNotNull();
            found.ifPresent(
                a ->
                    assertThat(a.crmId())
                        .as("crmId of account(\"%s\")", account.crmId())
                        .isEqualTo(account.crmId()));
          }
          assertThat(adapter.account("no-such-account-0"))
              .as("account(\"no-such-account-0\") for an unknown id")
              .isNotNull()
              .isEmpty();
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Removal tests (run only when supportsRemovals())

  /**
   * Every tombstone of {@link #removalData()} is read exactly once, by the read of its kind, and
   * pages carry live records and tombstones of one kind merged in ascending cursor order: the
   * concatenation of the pages, each page's records and tombstones merged by cursor, is strictly
   * ascending. Every live record is read exactly once too.
   */
  @Test
  @DisplayName("removals: every tombstone is read exactly once, merged in cursor order")
  public final void readsEveryTombstoneExactlyOnceInCursorOrder() {
    withRemovalAdapter(
        (adapter, data) -> {
          checkTombstoneRead(
              CrmRecordType.ACCOUNT, readPages(adapter::accounts, null), data.accounts(), data);
          checkTombstoneRead(
              CrmRecordType.CONTACT, readPages(adapter::contacts, null), data.contacts(), data);
          checkTombstoneRead(
              CrmRecordType.ORDER, readPages(adapter::orders, null), data.orders(), data);
        });
  }

  /**
   * Resuming from the cursor of any record or tombstone returns exactly the records and tombstones
   * after it, and resuming from {@link ChangeCursor#justBefore()} that cursor returns everything
   * changed at its time or later.
   */
  @Test
  @DisplayName("removals: resuming from any record or tombstone returns exactly what follows")
  public final void resumesAfterAnyRecordOrTombstone() {
    withRemovalAdapter(
        (adapter, data) -> {
          checkMergedResume("account", adapter::accounts);
          checkMergedResume("contact", adapter::contacts);
          checkMergedResume("order", adapter::orders);
        });
  }

  /**
   * Tombstones carry what the sync acts on: the removed record's kind and id, its account (for
   * contacts and orders), the kind of removal, its change time, its effective time and its lines.
   */
  @Test
  @DisplayName("removals: tombstones carry their account, removal kind and time")
  public final void tombstonesCarryTheirAccountAndRemoval() {
    withRemovalAdapter(
        (adapter, data) -> {
          checkTombstoneFields(
              CrmRecordType.ACCOUNT, data, readPages(adapter::accounts, null).tombstones());
          checkTombstoneFields(
              CrmRecordType.CONTACT, data, readPages(adapter::contacts, null).tombstones());
          checkTombstoneFields(
              CrmRecordType.ORDER, data, readPages(adapter::orders, null).tombstones());
        });
  }

  /** Cancelled order lines come back cancelled, with the end time the CRM gives or none. */
  @Test
  @DisplayName("removals: cancelled order lines come back CANCELLED with their cancelledAt")
  public final void cancelledLinesComeBackCancelled() {
    withRemovalAdapter(
        (adapter, data) -> {
          assertThat(
                  data.orders().stream()
                      .flatMap(o -> o.lines().stream())
                      .filter(CrmOrderLine::cancelled)
                      .count())
              .as("cancelled lines in the removal data")
              .isPositive();
          checkOrderFields(data.orders(), readAll(adapter::orders, null));
        });
  }

  /**
   * A removed record never also comes back as a live record: neither in a full read nor when
   * reading from just before its removal.
   */
  @Test
  @DisplayName("removals: a removed record never also comes back live")
  public final void aRemovedRecordNeverComesBackLive() {
    withRemovalAdapter(
        (adapter, data) -> {
          checkNotLive(CrmRecordType.ACCOUNT, adapter::accounts, data);
          checkNotLive(CrmRecordType.CONTACT, adapter::contacts, data);
          checkNotLive(CrmRecordType.ORDER, adapter::orders, data);
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Checks, package-private so that the kit's own tests can aim them at broken adapters

  /** A test body that receives the adapter and the data loaded behind it. */
  @FunctionalInterface
  interface AdapterCheck {
    void check(CrmAdapter adapter, ContractData data);
  }

  private void withAdapter(AdapterCheck check) {
    run(contractData(), check);
  }

  private void withRemovalAdapter(AdapterCheck check) {
    if (!supportsRemovals()) {
      Assumptions.abort("supportsRemovals() is false for " + getClass());
    }
    ContractData data = removalData();
    assertThat(data.tombstones()).as("tombstones of removalData()").isNotEmpty();
    run(data, check);
  }

  private void run(ContractData data, AdapterCheck check) {
    CrmAdapter adapter = adapterFor(data);
    assertThat(adapter).as("adapterFor(data)").isNotNull();
    try (adapter) {
      check.check(adapter, data);
    }
  }

  /**
   * What one read (all pages after one cursor) returned.
   *
   * @param records the live records, in the order read
   * @param tombstones the tombstones, in the order read
   * @param merged the records and tombstones: page by page, each page's two lists merged by cursor
   */
  record PagedRead<T extends CrmRecord>(
      List<T> records, List<CrmTombstone> tombstones, List<CrmRecord> merged) {}

  /**
   * Reads every page after {@code since}, checking each page's shape.
   *
   * @return the records in the order read
   */
  <T extends CrmRecord> List<T> readAll(
      Function<CrmQuery, CrmPage<T>> reader, @Nullable ChangeCursor since) {
    return readPages(reader, since).records();
  }

  /**
   * Reads every page after {@code since}, checking each page's shape, keeping live records and
   * tombstones apart and merged.
   */
  <T extends CrmRecord> PagedRead<T> readPages(
      Function<CrmQuery, CrmPage<T>> reader, @Nullable ChangeCursor since) {
    int size = pageSize();
    List<T> all = new ArrayList<>();
    List<CrmTombstone> tombstones = new ArrayList<>();
    List<CrmRecord> merged = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    CrmQuery query = CrmQuery.first(since, size);
    for (int pageNo = 1; ; pageNo++) {
      CrmPage<T> page = reader.apply(query);
      assertThat(page).as("page %d (since %s)", pageNo, since).isNotNull();
      assertThat(page.records()).as("records of page %d", pageNo).isNotNull().doesNotContainNull();
      assertThat(page.rejected())
          .as("rejected records of page %d: the contract data is valid", pageNo)
          .isEmpty();
      assertThat(page.records().size())
          .as("number of records on page %d with page size %d", pageNo, size)
          .isLessThanOrEqualTo(size);
      assertThat(page.tombstones())
          .as("tombstones of page %d", pageNo)
          .isNotNull()
          .doesNotContainNull();
      all.addAll(page.records());
      tombstones.addAll(page.tombstones());
      merged.addAll(mergeByCursor(page.records(), page.tombstones()));
      if (page.last()) {
        return new PagedRead<>(all, tombstones, merged);
      }
      if (!tokens.add(page.nextPageToken())) {
        fail("page %d repeats an earlier next page token: the read would never end", pageNo);
      }
      if (pageNo > 10_000) {
        fail("more than 10000 pages: the read does not end");
      }
      query = query.next(page);
    }
  }

  static void checkExactlyOnce(
      String kind, List<? extends CrmRecord> read, List<? extends CrmRecord> expected) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (CrmRecord r : read) {
      counts.merge(r.crmId(), 1, Integer::sum);
    }
    List<String> repeated =
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
    if (!repeated.isEmpty()) {
      fail("%s ids read more than once across pages: %s", kind, repeated);
    }
    Set<String> want = ids(expected);
    Set<String> got = ids(read);
    Set<String> missing = new TreeSet<>(want);
    missing.removeAll(got);
    Set<String> extra = new TreeSet<>(got);
    extra.removeAll(want);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      fail("%s ids differ from the data set: missing %s, unexpected %s", kind, missing, extra);
    }
  }

  static void checkAscending(String kind, List<? extends CrmRecord> read) {
    for (int i = 1; i < read.size(); i++) {
      ChangeCursor prev = read.get(i - 1).cursor();
      ChangeCursor cur = read.get(i).cursor();
      if (!prev.isBefore(cur)) {
        fail(
            "%s records are not in ascending ChangeCursor order: record %d (%s) comes after"
                + " record %d (%s)",
            kind, i + 1, cur.asString(), i, prev.asString());
      }
    }
  }

  /** The positions resumed from: first, page edges, middle, last but one, last. */
  List<Integer> resumePositions(int n) {
    int size = pageSize();
    Set<Integer> ks = new TreeSet<>(List.of(0, 1, size - 1, size, size + 1, n / 2, n - 2, n - 1));
    ks.removeIf(k -> k < 0 || k >= n);
    return new ArrayList<>(ks);
  }

  <T extends CrmRecord> void checkResume(String kind, Function<CrmQuery, CrmPage<T>> reader) {
    List<T> all = readAll(reader, null);
    checkAscending(kind, all);
    assertThat(all).as("%s records to resume from", kind).hasSizeGreaterThan(2);
    for (int k : resumePositions(all.size())) {
      ChangeCursor cursor = all.get(k).cursor();
      List<String> want = idList(all.subList(k + 1, all.size()));
      List<String> got = idList(readAll(reader, cursor));
      if (!got.equals(want)) {
        fail(
            "resuming %s records after record %d of %d (cursor %s) returned %s, expected %s",
            kind, k + 1, all.size(), cursor.asString(), got, want);
      }
    }
  }

  /**
   * Reads from just before the records at {@link #resumePositions(int)} and at every record that
   * shares its time with a neighbour.
   */
  <T extends CrmRecord> void checkJustBefore(String kind, Function<CrmQuery, CrmPage<T>> reader) {
    List<T> all = readAll(reader, null);
    checkAscending(kind, all);
    assertThat(all).as("%s records to resume from", kind).hasSizeGreaterThan(2);
    Set<Integer> ks = new TreeSet<>(resumePositions(all.size()));
    for (int k = 1; k < all.size(); k++) {
      if (all.get(k).modifiedAt().equals(all.get(k - 1).modifiedAt())) {
        ks.add(k - 1);
        ks.add(k);
      }
    }
    for (int k : ks) {
      ChangeCursor since = all.get(k).cursor().justBefore();
      List<String> want =
          all.stream()
              .filter(r -> !r.modifiedAt().isBefore(since.modifiedAt()))
              .map(CrmRecord::crmId)
              .collect(Collectors.toList());
      List<String> got = idList(readAll(reader, since));
      if (!got.equals(want)) {
        fail(
            "reading %s records after the cursor just before record %d of %d (%s, empty record id)"
                + " returned %s, expected every record at that time or later: %s",
            kind, k + 1, all.size(), since.modifiedAt(), got, want);
      }
    }
  }

  static void checkNoTombstones(String kind, PagedRead<?> read) {
    if (!read.tombstones().isEmpty()) {
      fail(
          "%s read returned tombstones %s for data without removals: a record that is merely"
              + " missing is never a removal",
          kind, labels(read.tombstones()));
    }
  }

  static void checkTombstoneRead(
      CrmRecordType type, PagedRead<?> read, List<? extends CrmRecord> live, ContractData data) {
    String kind = type.name().toLowerCase(java.util.Locale.ROOT);
    List<CrmTombstone> want = data.tombstones(type);
    for (CrmTombstone t : read.tombstones()) {
      if (t.recordType() != type) {
        fail("the %s read returned a tombstone of a %s: %s", kind, t.recordType(), label(t));
      }
    }
    checkNotBoth(kind, read);
    checkExactlyOnce(kind + " tombstone", read.tombstones(), want);
    checkExactlyOnce(kind, read.records(), live);
    checkAscending(kind, read.records());
    checkAscending(kind + " tombstone", read.tombstones());
    checkAscending(kind + " record and tombstone", read.merged());
  }

  static void checkNotBoth(String kind, PagedRead<?> read) {
    Set<String> removed =
        read.tombstones().stream().map(CrmRecord::crmId).collect(Collectors.toSet());
    List<String> both =
        read.records().stream()
            .map(CrmRecord::crmId)
            .filter(removed::contains)
            .distinct()
            .collect(Collectors.toList());
    if (!both.isEmpty()) {
      fail("%s ids read both as live records and as tombstones: %s", kind, both);
    }
  }

  <T extends CrmRecord> void checkMergedResume(String kind, Function<CrmQuery, CrmPage<T>> reader) {
    List<CrmRecord> all = readPages(reader, null).merged();
    checkAscending(kind + " record and tombstone", all);
    assertThat(all).as("%s records and tombstones to resume from", kind).hasSizeGreaterThan(2);
    Set<Integer> ks = new TreeSet<>(resumePositions(all.size()));
    for (int k = 0; k < all.size(); k++) {
      if (all.get(k) instanceof CrmTombstone) {
        ks.add(k);
      }
    }
    for (int k : ks) {
      ChangeCursor cursor = all.get(k).cursor();
      List<String> want = labels(all.subList(k + 1, all.size()));
      List<String> got = labels(readPages(reader, cursor).merged());
      if (!got.equals(want)) {
        fail(
            "resuming %s records after %s (%d of %d, cursor %s) returned %s, expected %s",
            kind, label(all.get(k)), k + 1, all.size(), cursor.asString(), got, want);
      }
      ChangeCursor before = cursor.justBefore();
      want =
          labels(
              all.stream()
                  .filter(r -> !r.modifiedAt().isBefore(before.modifiedAt()))
                  .collect(Collectors.toList()));
      got = labels(readPages(reader, before).merged());
      if (!got.equals(want)) {
        fail(
            "resuming %s records just before %s (%d of %d, cursor %s) returned %s, expected every"
                + " record and tombstone at that time or later: %s",
            kind, label(all.get(k)), k + 1, all.size(), before.asString(), got, want);
      }
    }
  }

  static void checkTombstoneFields(CrmRecordType type, ContractData data, List<CrmTombstone> read) {
    Map<String, CrmTombstone> byId = byId(read);
    for (CrmTombstone want : data.tombstones(type)) {
      CrmTombstone got = byId.get(want.crmId());
      String what = type.name().toLowerCase(java.util.Locale.ROOT) + " tombstone " + want.crmId();
      assertThat(got).as(what).isNotNull();
      assertThat(got.recordType()).as(what + " recordType").isEqualTo(want.recordType());
      assertThat(got.accountCrmId()).as(what + " accountCrmId").isEqualTo(want.accountCrmId());
      assertThat(got.removal()).as(what + " removal").isEqualTo(want.removal());
      assertThat(got.modifiedAt()).as(what + " modifiedAt").isEqualTo(want.modifiedAt());
      assertThat(got.effectiveAt()).as(what + " effectiveAt").isEqualTo(want.effectiveAt());
      assertThat(got.lineIds())
          .as(what + " lineIds")
          .containsExactlyInAnyOrderElementsOf(want.lineIds());
    }
  }

  <T extends CrmRecord> void checkNotLive(
      CrmRecordType type, Function<CrmQuery, CrmPage<T>> reader, ContractData data) {
    String kind = type.name().toLowerCase(java.util.Locale.ROOT);
    checkNotBoth(kind, readPages(reader, null));
    Set<String> removed =
        data.tombstones(type).stream().map(CrmRecord::crmId).collect(Collectors.toSet());
    for (CrmTombstone t : data.tombstones(type)) {
      List<String> live =
          readAll(reader, t.cursor().justBefore()).stream()
              .map(CrmRecord::crmId)
              .filter(removed::contains)
              .collect(Collectors.toList());
      if (!live.isEmpty()) {
        fail(
            "reading %s records from just before the removal of %s returned removed records live:"
                + " %s",
            kind, t.crmId(), live);
      }
    }
  }

  /** Merges two cursor-ordered lists by cursor; live records first on equal cursors. */
  static List<CrmRecord> mergeByCursor(
      List<? extends CrmRecord> records, List<? extends CrmRecord> tombstones) {
    List<CrmRecord> merged = new ArrayList<>(records.size() + tombstones.size());
    int i = 0;
    int j = 0;
    while (i < records.size() || j < tombstones.size()) {
      if (j == tombstones.size()
          || (i < records.size()
              && records.get(i).cursor().compareTo(tombstones.get(j).cursor()) <= 0)) {
        merged.add(records.get(i++));
      } else {
        merged.add(tombstones.get(j++));
      }
    }
    return merged;
  }

  static String label(CrmRecord r) {
    return r instanceof CrmTombstone t ? t.crmId() + " (" + t.removal() + ")" : r.crmId();
  }

  static List<String> labels(List<? extends CrmRecord> records) {
    return records.stream().map(CrmAdapterContract::label).collect(Collectors.toList());
  }

  static void checkSameIds(String kind, List<? extends CrmRecord> a, List<? extends CrmRecord> b) {
    assertThat(idList(b))
        .as("%s ids of the second full read compared with the first", kind)
        .isEqualTo(idList(a));
  }

  static void checkAccountFields(List<CrmAccount> expected, List<CrmAccount> read) {
    Map<String, CrmAccount> byId = byId(read);
    for (CrmAccount want : expected) {
      CrmAccount got = byId.get(want.crmId());
      assertThat(got).as("account %s", want.crmId()).isNotNull();
      String what = "account " + want.crmId() + " ";
      assertThat(got.name()).as(what + "name").isEqualTo(want.name());
      assertThat(got.email()).as(what + "email").isEqualTo(want.email());
      assertThat(got.type()).as(what + "type").isEqualTo(want.type());
      assertThat(got.modifiedAt()).as(what + "modifiedAt").isEqualTo(want.modifiedAt());
    }
  }

  static void checkContactFields(List<CrmContact> expected, List<CrmContact> read) {
    Map<String, CrmContact> byId = byId(read);
    for (CrmContact want : expected) {
      CrmContact got = byId.get(want.crmId());
      assertThat(got).as("contact %s", want.crmId()).isNotNull();
      String what = "contact " + want.crmId() + " ";
      assertThat(got.name()).as(what + "name").isEqualTo(want.name());
      assertThat(got.email()).as(what + "email").isEqualTo(want.email());
      assertThat(got.accountCrmId()).as(what + "accountCrmId").isEqualTo(want.accountCrmId());
      assertThat(got.modifiedAt()).as(what + "modifiedAt").isEqualTo(want.modifiedAt());
    }
  }

  static void checkOrderFields(List<CrmOrder> expected, List<CrmOrder> read) {
    Map<String, CrmOrder> byId = byId(read);
    for (CrmOrder want : expected) {
      CrmOrder got = byId.get(want.crmId());
      assertThat(got).as("order %s", want.crmId()).isNotNull();
      String what = "order " + want.crmId() + " ";
      assertThat(got.accountCrmId()).as(what + "accountCrmId").isEqualTo(want.accountCrmId());
      assertThat(got.modifiedAt()).as(what + "modifiedAt").isEqualTo(want.modifiedAt());
      assertThat(got.invalidLines()).as(what + "invalidLines").isEmpty();
      assertThat(lineKeys(got.lines()))
          .as(what + "lines (lineId, sku, quantity, status, cancelledAt)")
          .containsExactlyInAnyOrderElementsOf(lineKeys(want.lines()));
    }
  }

  <T extends CrmRecord> void checkEmptyAfterLast(
      String kind, Function<CrmQuery, CrmPage<T>> reader) {
    List<T> all = readAll(reader, null);
    assertThat(all).as("%s records", kind).isNotEmpty();
    ChangeCursor last = all.stream().map(CrmRecord::cursor).max(Comparator.naturalOrder()).get();
    CrmPage<T> page = reader.apply(CrmQuery.first(last, pageSize()));
    assertThat(page).as("%s page after the last record", kind).isNotNull();
    assertThat(page.records())
        .as("%s records after the last record (cursor %s)", kind, last.asString())
        .isEmpty();
    assertThat(page.last()).as("%s page after the last record is the last page", kind).isTrue();
  }

  static void checkSystem(@Nullable String system) {
    assertThat(system).as("system()").isNotNull().isNotBlank();
    if (!SYSTEM.matcher(system).matches()) {
      fail("system() must be lower-case letters, digits and dashes, was \"%s\"", system);
    }
  }

  CrmAdapterException expectAdapterException(String what, CrmAdapter adapter) {
    try {
      CrmPage<CrmAccount> page = adapter.accounts(CrmQuery.first(null, pageSize()));
      throw new AssertionError(
          "expected a CrmAdapterException after a "
              + what
              + " but accounts() returned a page of "
              + (page == null ? "null" : page.records().size() + " records"));
    } catch (CrmAdapterException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError(
          "expected a CrmAdapterException after a " + what + " but got " + e.getClass().getName(),
          e);
    }
  }

  void checkNoSecrets(Throwable e) {
    Set<String> forbidden = new HashSet<>(secrets());
    forbidden.removeIf(s -> s == null || s.isBlank());
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      for (String text : new String[] {t.getMessage(), t.toString()}) {
        if (text == null) {
          continue;
        }
        if (BEARER.matcher(text).find()) {
          fail("an exception message (%s) contains the word 'Bearer'", t.getClass().getName());
        }
        for (String secret : forbidden) {
          if (text.contains(secret)) {
            fail("an exception message (%s) contains a configured secret", t.getClass().getName());
          }
        }
      }
      for (Throwable s : t.getSuppressed()) {
        checkNoSecrets(s);
      }
    }
  }

  private static Set<String> ids(List<? extends CrmRecord> records) {
    return records.stream().map(CrmRecord::crmId).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> idList(List<? extends CrmRecord> records) {
    return records.stream().map(CrmRecord::crmId).collect(Collectors.toList());
  }

  private static <T extends CrmRecord> Map<String, T> byId(List<T> records) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T r : records) {
      map.put(r.crmId(), r);
    }
    return map;
  }

  private static List<String> lineKeys(List<CrmOrderLine> lines) {
    return lines.stream()
        .map(
            l ->
                l.lineId()
                    + " / "
                    + l.sku()
                    + " / "
                    + l.quantity()
                    + " / "
                    + l.status()
                    + (l.cancelledAt() == null ? "" : " at " + l.cancelledAt()))
        .collect(Collectors.toList());
  }
}
