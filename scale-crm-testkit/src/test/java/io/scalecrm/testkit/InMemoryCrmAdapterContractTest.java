package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.testkit.InMemoryCrmAdapter.Crm;
import io.scalecrm.testkit.InMemoryCrmAdapter.Defect;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.TestAbortedException;

/** The contract passes for a correct in-memory adapter (the inherited tests). */
class InMemoryCrmAdapterContractTest extends CrmAdapterContract {

  private @org.jspecify.annotations.Nullable Crm crm;

  @Override
  protected CrmAdapter adapterFor(ContractData data) {
    crm = new Crm(data);
    return new InMemoryCrmAdapter(crm, Defect.NONE);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(InMemoryCrmAdapter.TOKEN);
  }

  @Override
  protected boolean supportsRemovals() {
    return true;
  }

  @Override
  protected void failNextRequestWithAuthError() {
    current().failNextWithAuth = true;
  }

  @Override
  protected void failAllRequestsWithServerError() {
    current().failAll = true;
  }

  private Crm current() {
    if (crm == null) {
      throw new IllegalStateException("adapterFor() was not called");
    }
    return crm;
  }

  /** A contract subclass around one broken adapter, whose test methods are called directly. */
  static class Broken extends CrmAdapterContract {
    private final Defect defect;
    private @org.jspecify.annotations.Nullable Crm crm;
    private final boolean faults;
    private boolean removals = true;

    Broken(Defect defect, boolean faults) {
      this.defect = defect;
      this.faults = faults;
    }

    Broken withoutRemovals() {
      removals = false;
      return this;
    }

    @Override
    protected boolean supportsRemovals() {
      return removals;
    }

    @Override
    protected CrmAdapter adapterFor(ContractData data) {
      crm = new Crm(data);
      return new InMemoryCrmAdapter(crm, defect);
    }

    @Override
    protected Set<String> secrets() {
      return Set.of(InMemoryCrmAdapter.TOKEN);
    }

    @Override
    protected void failNextRequestWithAuthError() {
      if (!faults) {
        super.failNextRequestWithAuthError();
      }
      if (crm != null) {
        crm.failNextWithAuth = true;
      }
    }

    @Override
    protected void failAllRequestsWithServerError() {
      if (!faults) {
        super.failAllRequestsWithServerError();
      }
      if (crm != null) {
        crm.failAll = true;
      }
    }
  }

  @Nested
  class TheContractFailsForABrokenAdapter {

    private void fails(Executable test, String messagePart) {
      assertThatThrownBy(test::execute)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(messagePart);
    }

    @Test
    void thatRepeatsTheLastRecordOfEachPage() {
      Broken c = new Broken(Defect.REPEAT_LAST_OF_PAGE, true);
      fails(c::readsEveryAccountExactlyOnce, "account ids read more than once across pages");
      fails(c::readsEveryContactExactlyOnce, "contact ids read more than once");
      fails(c::readsEveryOrderExactlyOnce, "order ids read more than once");
    }

    @Test
    void thatLosesPages() {
      Broken c = new Broken(Defect.STOPS_AFTER_TWO_PAGES, true);
      fails(c::readsEveryAccountExactlyOnce, "account ids differ from the data set: missing [");
    }

    @Test
    void thatReturnsNewestFirst() {
      Broken c = new Broken(Defect.DESCENDING, true);
      fails(c::returnsRecordsInAscendingCursorOrder, "not in ascending ChangeCursor order");
      fails(c::resumesAfterTheCursorOfAnyRecord, "not in ascending ChangeCursor order");
    }

    @Test
    void thatComparesSinceByTimeOnly() {
      Broken c = new Broken(Defect.TIME_ONLY_SINCE, true);
      // full reads are fine; only resuming inside a group of equal times loses records
      c.readsEveryAccountExactlyOnce();
      c.returnsRecordsInAscendingCursorOrder();
      fails(c::resumesAfterTheCursorOfAnyRecord, "resuming account records after record");
    }

    @Test
    void thatTreatsSinceAsInclusive() {
      Broken c = new Broken(Defect.INCLUSIVE_SINCE, true);
      fails(c::resumesAfterTheCursorOfAnyRecord, "resuming account records after record 1 of");
      fails(c::sinceAfterLastRecordReturnsEmptyLastPage, "records after the last record");
    }

    @Test
    void thatMangles_nonAsciiNames() {
      Broken c = new Broken(Defect.ASCII_ONLY, true);
      fails(c::fieldsSurviveTheRoundTrip, "account 1001 name");
    }

    @Test
    void thatDropsOrderLines() {
      Broken c = new Broken(Defect.DROPS_LINES, true);
      fails(c::fieldsSurviveTheRoundTrip, "lines (lineId, sku, quantity, status, cancelledAt)");
    }

    @Test
    void thatSkipsTheRecordsAtTheTimeOfAJustBeforeCursor() {
      Broken c = new Broken(Defect.JUST_BEFORE_EXCLUSIVE, true);
      // resuming after real cursors works; only just-before cursors lose records
      c.resumesAfterTheCursorOfAnyRecord();
      fails(
          c::sinceJustBeforeReturnsEveryRecordAtThatTimeOrLater,
          "expected every record at that time or later");
      fails(c::resumesAfterAnyRecordOrTombstone, "at that time or later");
    }

    @Test
    void thatComparesSinceByTimeOnly_losesTheGroupOfAJustBeforeCursor() {
      fails(
          new Broken(Defect.TIME_ONLY_SINCE, true)
              ::sinceJustBeforeReturnsEveryRecordAtThatTimeOrLater,
          "reading account records after the cursor just before record");
    }

    @Test
    void thatPutsTombstonesOnTheFirstPage() {
      Broken c = new Broken(Defect.TOMBSTONES_ON_FIRST_PAGE, true);
      fails(
          c::readsEveryTombstoneExactlyOnceInCursorOrder,
          "record and tombstone records are not in ascending ChangeCursor order");
    }

    @Test
    void thatRepeatsTombstonesOnEveryPage() {
      fails(
          new Broken(Defect.TOMBSTONES_ON_EVERY_PAGE, true)
              ::readsEveryTombstoneExactlyOnceInCursorOrder,
          "account tombstone ids read more than once across pages");
    }

    @Test
    void whoseTombstonesIgnoreSince() {
      Broken c = new Broken(Defect.TOMBSTONES_IGNORE_SINCE, true);
      c.readsEveryTombstoneExactlyOnceInCursorOrder();
      fails(c::resumesAfterAnyRecordOrTombstone, "resuming account records after");
    }

    @Test
    void whoseTombstonesNameTheWrongAccount() {
      fails(
          new Broken(Defect.TOMBSTONES_WRONG_ACCOUNT, true)::tombstonesCarryTheirAccountAndRemoval,
          "contact tombstone 2020 accountCrmId");
    }

    @Test
    void thatReportsInactiveContactsAsDeleted() {
      fails(
          new Broken(Defect.INACTIVE_AS_DELETED, true)::tombstonesCarryTheirAccountAndRemoval,
          "contact tombstone 2020 removal");
    }

    @Test
    void thatLosesTheLineStatus() {
      fails(
          new Broken(Defect.LINES_ALWAYS_ACTIVE, true)::cancelledLinesComeBackCancelled,
          "order 3005 lines");
    }

    @Test
    void thatLosesTheCancellationTime() {
      fails(
          new Broken(Defect.DROPS_CANCELLED_AT, true)::cancelledLinesComeBackCancelled,
          "order 3005 lines");
    }

    @Test
    void thatReturnsRemovedRecordsLive() {
      Broken c = new Broken(Defect.RESURRECTS_REMOVED, true);
      fails(c::aRemovedRecordNeverComesBackLive, "account ids read both as live records and");
      fails(c::readsEveryTombstoneExactlyOnceInCursorOrder, "read both as live records");
    }

    @Test
    void withUnstableIds() {
      Broken c = new Broken(Defect.UNSTABLE_IDS, true);
      fails(c::idsAreStableAcrossTwoReads, "ids of the second full read");
    }

    @Test
    void withABadSystemName() {
      fails(new Broken(Defect.BAD_SYSTEM, true)::systemIsALowerCaseSlug, "\"HubSpot\"");
    }

    @Test
    void thatCallsAuthFailuresRetryable() {
      fails(new Broken(Defect.AUTH_RETRYABLE, true)::authFailureIsNotRetryable, "retryable()");
    }

    @Test
    void thatCallsServerErrorsPermanent() {
      fails(
          new Broken(Defect.SERVER_ERROR_NOT_RETRYABLE, true)::persistentServerErrorIsRetryable,
          "retryable()");
    }

    @Test
    void thatLeaksTheToken() {
      Broken c = new Broken(Defect.LEAKS_TOKEN, true);
      fails(c::authFailureIsNotRetryable, "contains the word 'Bearer'");
      fails(c::persistentServerErrorIsRetryable, "contains the word 'Bearer'");
    }

    @Test
    void thatReturnsNullFromALookup() {
      fails(new Broken(Defect.NULL_LOOKUP, true)::noMethodReturnsNull, "account(\"1001\")");
    }

    @Test
    void thatFailsToThrowOnAuthErrors() {
      // the fault hook does nothing: the adapter reads happily, which the contract must notice
      CrmAdapterContract c =
          new Broken(Defect.NONE, true) {
            @Override
            protected void failNextRequestWithAuthError() {}
          };
      fails(c::authFailureIsNotRetryable, "expected a CrmAdapterException after a auth failure");
    }
  }

  @Nested
  class TheContract {

    @ParameterizedTest
    @EnumSource(
        value = Defect.class,
        names = {"NONE", "TIME_ONLY_SINCE"})
    void passesTheFullReadsOfACorrectOrNearlyCorrectAdapter(Defect defect) {
      Broken c = new Broken(defect, true);
      c.readsEveryAccountExactlyOnce();
      c.readsEveryContactExactlyOnce();
      c.readsEveryOrderExactlyOnce();
    }

    @Test
    void abortsTheFaultTestsWhenTheHooksAreNotImplemented() {
      Broken c = new Broken(Defect.NONE, false);
      assertThatThrownBy(c::authFailureIsNotRetryable)
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining("failNextRequestWithAuthError() is not implemented");
      assertThatThrownBy(c::persistentServerErrorIsRetryable)
          .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void abortsTheRemovalTestsWhenTheAdapterDoesNotSupportRemovals() {
      Broken c = new Broken(Defect.NONE, true).withoutRemovals();
      for (Executable test :
          List.<Executable>of(
              c::readsEveryTombstoneExactlyOnceInCursorOrder,
              c::resumesAfterAnyRecordOrTombstone,
              c::tombstonesCarryTheirAccountAndRemoval,
              c::cancelledLinesComeBackCancelled,
              c::aRemovedRecordNeverComesBackLive)) {
        assertThatThrownBy(test::execute)
            .isInstanceOf(TestAbortedException.class)
            .hasMessageContaining("supportsRemovals() is false");
      }
      // the test for every adapter still runs
      c.sinceJustBeforeReturnsEveryRecordAtThatTimeOrLater();
    }

    @Test
    void findsNoTombstonesInDataWithoutRemovals() {
      // an adapter that reports tombstones for the standard data fails the exactly-once tests
      CrmAdapterContract c =
          new Broken(Defect.NONE, true) {
            @Override
            protected CrmAdapter adapterFor(ContractData data) {
              ContractData removals = ContractData.withRemovals();
              return super.adapterFor(
                  new ContractData(
                      data.accounts(), data.contacts(), data.orders(), removals.tombstones()));
            }
          };
      assertThatThrownBy(c::readsEveryAccountExactlyOnce)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("returned tombstones [1017 (DELETED), 1019 (DELETED)]")
          .hasMessageContaining("merely missing is never a removal");
    }

    @Test
    void resumesFromFirstPageEdgesMiddleAndLast() {
      assertThat(new Broken(Defect.NONE, true).resumePositions(23))
          .containsExactly(0, 1, 4, 5, 6, 11, 21, 22);
      assertThat(new Broken(Defect.NONE, true).resumePositions(3)).containsExactly(0, 1, 2);
    }
  }
}
