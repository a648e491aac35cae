package io.scalecrm.examples.salesforce;

import static io.scalecrm.examples.salesforce.SalesforceTestSupport.CLOCK;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.examples.salesforce.SalesforceTestSupport.RecordingSleeper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceRetryTest {

  private FakeSalesforce fake;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private SalesforceAdapter adapter;

  @BeforeEach
  void start() {
    fake = FakeSalesforce.start(CLOCK);
    fake.account("001A00000000001AAA", "Acme", T0);
    adapter =
        SalesforceAdapter.create(
            SalesforceTestSupport.config(fake, sleeper)
                .maxRetries(3)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(300))
                .build());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private CrmPage<CrmAccount> read() {
    return adapter.accounts(CrmQuery.first(null, 10));
  }

  @Test
  void theConcurrentRequestLimitIsRetriedWithExponentialBackoff() {
    fake.concurrentLimitExceeded(3);

    CrmPage<CrmAccount> page = read();

    assertThat(page.records()).hasSize(1);
    assertThat(fake.apiRequests()).hasSize(4);
    assertThat(sleeper.delays).hasSize(3);
    // the n-th retry waits between half and all of 100 ms * 2^n, capped at 300 ms
    assertThat(sleeper.delays.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(sleeper.delays.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(sleeper.delays.get(2)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
  }

  @Test
  void theConcurrentRequestLimitBeyondMaxRetriesIsRetryable() {
    fake.concurrentLimitExceeded(10);

    CrmAdapterException e = catchThrowableOfType(CrmAdapterException.class, this::read);

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED", "4 attempts", "query Account");
    assertThat(fake.apiRequests()).hasSize(4);
    assertThat(sleeper.delays).hasSize(3);
  }

  @Test
  void theDailyRequestLimitFailsTheReadAtOnceWithoutRetrying() {
    fake.requestLimitExceeded(1);

    CrmAdapterException e = catchThrowableOfType(CrmAdapterException.class, this::read);

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains(
            "API request limit for this org is used up",
            "REQUEST_LIMIT_EXCEEDED",
            "query Account",
            "TotalRequests Limit exceeded",
            "not retrying")
        .doesNotContain(FakeSalesforce.CLIENT_SECRET);
    assertThat(fake.apiRequests()).hasSize(1);
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void serviceUnavailableIsRetriedToo() {
    fake.failNext(2, 503, "SERVER_UNAVAILABLE");

    assertThat(read().records()).hasSize(1);
    assertThat(sleeper.delays).hasSize(2);
  }

  @Test
  void retryAfterWinsOverTheBackoff() {
    fake.unavailableWithRetryAfter(7);

    assertThat(read().records()).hasSize(1);
    assertThat(sleeper.delays).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void persistentServerErrorsAreRetryable() {
    fake.serverErrorAlways(true);

    CrmAdapterException e = catchThrowableOfType(CrmAdapterException.class, this::read);

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 500", "token request");
    assertThat(sleeper.delays).hasSize(3);
  }

  @Test
  void otherClientErrorsFailAtOnceNotRetryableWithTheErrorCode() {
    fake.failNext(1, 400, "INVALID_FIELD");

    CrmAdapterException e = catchThrowableOfType(CrmAdapterException.class, this::read);

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("HTTP 400", "INVALID_FIELD", "query Account");
    assertThat(sleeper.delays).isEmpty();
    assertThat(fake.apiRequests()).hasSize(1);
  }

  @Test
  void forbiddenWithoutLimitCodeIsNotRetried() {
    fake.failNext(1, 403, "INSUFFICIENT_ACCESS");

    CrmAdapterException e = catchThrowableOfType(CrmAdapterException.class, this::read);

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("INSUFFICIENT_ACCESS");
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void unreachableSalesforceIsRetryable() {
    fake.close(); // nothing listens any more

    CrmAdapterException e = catchThrowableOfType(CrmAdapterException.class, this::read);

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("network error");
    assertThat(sleeper.delays).hasSize(3);
  }

  @Test
  void interruptedBackoffStopsRetryingAndKeepsTheFlag() {
    fake.concurrentLimitExceeded(5);
    SalesforceAdapter interrupted =
        SalesforceAdapter.create(
            SalesforceTestSupport.config(
                    fake,
                    d -> {
                      throw new InterruptedException();
                    })
                .build());

    CrmAdapterException e =
        catchThrowableOfType(
            CrmAdapterException.class, () -> interrupted.accounts(CrmQuery.first(null, 10)));

    assertThat(e.retryable()).isTrue();
    assertThat(Thread.interrupted()).isTrue(); // also clears the flag for the next test
  }
}
