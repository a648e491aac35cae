package io.scalecrm.examples.salesforce;

import static io.scalecrm.examples.salesforce.SalesforceTestSupport.CLOCK;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.T0;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.examples.salesforce.SalesforceTestSupport.RecordingSleeper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The change order does not depend on how Salesforce orders ids: the fake returns rows that share a
 * {@code SystemModstamp} in an order that is not Java's (shuffled anew for every query), and reads,
 * resumes and resumes from just before a time still come out exactly in (time, id) order.
 */
class SalesforceChangeOrderTest {

  private FakeSalesforce fake;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  /** The seeded cursors, to compute the expected order independently of the adapter. */
  private final List<ChangeCursor> seeded = new ArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeSalesforce.start(CLOCK);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private SalesforceAdapter adapter() {
    return SalesforceAdapter.create(SalesforceTestSupport.config(fake, sleeper).build());
  }

  private void account(String id, Instant modstamp) {
    fake.account(id, "Account " + id, modstamp);
    seeded.add(new ChangeCursor(modstamp, id));
  }

  private List<String> expectedAfter(ChangeCursor after) {
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

  /**
   * Accounts in 6 seconds (some at different milliseconds of one second), with ids whose Java order
   * differs from a case-insensitive one: upper and lower case letters in the same position.
   */
  private void seedTies(int count, long seed) {
    Random random = new Random(seed);
    String letters = "aAbBcCdDeEfFgGzZ0123456789";
    List<String> ids = new ArrayList<>();
    while (ids.size() < count) {
      StringBuilder id = new StringBuilder("001A0000000");
      for (int i = 0; i < 4; i++) {
        id.append(letters.charAt(random.nextInt(letters.length())));
      }
      id.append("AAA");
      if (!ids.contains(id.toString())) {
        ids.add(id.toString());
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      long second = i % 6;
      long millis = i % 4 == 0 ? 500 : 0;
      account(ids.get(i), T0.plusSeconds(second).plusMillis(millis));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 11, 250})
  void tiesInAnyOrderComeOutInCursorOrderAcrossPagesAndBatches(int pageSize) {
    seedTies(60, pageSize);
    fake.batchSize(4).shuffleTies(pageSize);

    List<CrmAccount> all = drain(adapter()::accounts, null, pageSize).records();

    assertThat(all).extracting(CrmAccount::crmId).containsExactlyElementsOf(expectedAfter(null));
  }

  @Test
  void everyCursorAndEveryJustBeforeResumesExactly() {
    seedTies(24, 42);
    fake.batchSize(5).shuffleTies(7);
    SalesforceAdapter adapter = adapter();
    List<CrmAccount> all = drain(adapter::accounts, null, 4).records();
    assertThat(all).hasSize(24);

    for (CrmAccount record : all) {
      ChangeCursor cursor = record.cursor();
      assertThat(drain(adapter::accounts, cursor, 3).ids())
          .as("after %s", cursor)
          .containsExactlyElementsOf(expectedAfter(cursor));
      ChangeCursor before = cursor.justBefore();
      assertThat(drain(adapter::accounts, before, 3).ids())
          .as("just before %s", cursor)
          .containsExactlyElementsOf(expectedAfter(before));
    }
  }

  @Test
  void aSecondLargerThanPagesAndBatchesIsHandedOutWholeAndOnce() {
    account("001A00000000000AAA", T0.minusSeconds(1));
    Random random = new Random(3);
    for (int i = 0; i < 25; i++) {
      account(String.format("001A%011dAAA", random.nextInt(1_000_000)), T0);
    }
    account("001A99999999999AAA", T0.plusSeconds(1));
    fake.batchSize(4).shuffleTies(5);

    for (int pageSize : new int[] {1, 3, 4, 10, 100}) {
      assertThat(drain(adapter()::accounts, null, pageSize).ids())
          .as("page size %d", pageSize)
          .containsExactlyElementsOf(expectedAfter(null));
    }
  }

  @Test
  void aRowOutOfSystemModstampOrderFailsTheReadNotRetryable() {
    for (int i = 0; i < 3; i++) {
      account("001A0000000000" + i + "AAA", T0.plusSeconds(i));
    }
    // a server that ignores ORDER BY SystemModstamp: the cursor must not pass unread records
    fake.reverseSystemModstampOrder(true);

    assertThatThrownBy(() -> adapter().accounts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("not in SystemModstamp order");
            });
  }

  @Test
  void anExpiredChildLocatorIsRecoveredByReadingTheOrdersLinesAgain() {
    fake.batchSize(1).childBatchSize(2);
    fake.order("801A00000000001AAA", "001A00000000001AAA", true, T0);
    fake.orderItem("801A00000000001AAA", "802A00000000009AAA", "1", "SKU-A");
    fake.order("801A00000000002AAA", "001A00000000001AAA", true, T0.plusSeconds(1));
    for (int i = 1; i <= 5; i++) {
      fake.orderItem("801A00000000002AAA", "802A0000000000" + i + "AAA", i + ".0", "SKU-" + i);
    }
    SalesforceAdapter adapter = adapter();
    CrmQuery first = CrmQuery.first(null, 1);
    var page1 = adapter.orders(first);
    assertThat(page1.records()).extracting(CrmOrder::crmId).containsExactly("801A00000000001AAA");
    // the second order's row has been read (it told the adapter that the first one's second was
    // complete); its child batches' locator expires before they are followed
    fake.expireChildQueryLocators();

    var page2 = adapter.orders(first.next(page1));

    assertThat(page2.records())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.crmId()).isEqualTo("801A00000000002AAA");
              assertThat(o.lines())
                  .extracting(CrmOrderLine::quantity)
                  .containsExactly(1, 2, 3, 4, 5);
              assertThat(o.invalidLines()).isEmpty();
            });
    assertThat(page2.last()).isTrue();
    assertThat(fake.apiRequests())
        .extracting(FakeSalesforce.Recorded::soql)
        .contains(
            "SELECT Id, Quantity, ServiceDate, EndDate, IsDeleted, Product2.ProductCode FROM"
                + " OrderItem WHERE OrderId = '801A00000000002AAA'");
  }

  @Test
  void childLinesAreInIdOrderWhateverOrderSalesforceSendsThem() {
    fake.order("801A00000000001AAA", "001A00000000001AAA", true, T0);
    fake.orderItem("801A00000000001AAA", "802A0000000000bAAA", "2", "SKU-B");
    fake.orderItem("801A00000000001AAA", "802A0000000000BAAA", "1", "SKU-A");

    CrmOrder order = adapter().orders(CrmQuery.first(null, 10)).records().get(0);

    assertThat(order.lines())
        .extracting(CrmOrderLine::lineId)
        .containsExactly("802A0000000000BAAA", "802A0000000000bAAA");
  }
}
