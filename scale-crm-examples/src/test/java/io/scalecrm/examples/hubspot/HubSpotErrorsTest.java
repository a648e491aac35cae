package io.scalecrm.examples.hubspot;

import static io.scalecrm.examples.hubspot.HubSpotTestSupport.at;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.config;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.ids;
import static io.scalecrm.examples.hubspot.HubSpotTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmQuery;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Throttling, bad credentials, server errors and unreachable HubSpot. */
class HubSpotErrorsTest {
  private final FakeHubSpot fake = FakeHubSpot.start();
  private final HubSpotTestSupport.RecordingSleeper sleeper =
      new HubSpotTestSupport.RecordingSleeper();

  @BeforeEach
  void seed() {
    fake.company("101", "Acme", at(1));
    fake.company("102", "Globex", at(2));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private HubSpotAdapter adapter(int maxRetries) {
    return new HubSpotAdapter(config(fake, sleeper).maxRetries(maxRetries).build());
  }

  @Test
  void throttledRequestsWaitRetryAfterThenSucceed() {
    fake.throttle(2, 7);

    assertThat(ids(readAll(adapter(5)::accounts, null, 10))).containsExactly("101", "102");

    assertThat(sleeper.delays).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    assertThat(fake.requests())
        .filteredOn(r -> r.path().endsWith("/search"))
        .extracting(FakeHubSpot.Request::status)
        .containsExactly(429, 429, 200);
  }

  @Test
  void throttlingBeyondMaxRetriesIsRetryable() {
    fake.throttle(10, 1);

    assertThatThrownBy(() -> adapter(3).accounts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("429", "search companies");
            });
    assertThat(fake.requests()).hasSize(4);
    assertThat(sleeper.delays).hasSize(3).containsOnly(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aDailyLimitIsNotRetriedButFailsTheReadAtOnce(boolean policyInBody) {
    fake.throttleDaily(1, policyInBody);

    assertThatThrownBy(() -> adapter(5).accounts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage())
                  .contains("daily API limit", "search companies", "not retrying")
                  .doesNotContain(FakeHubSpot.TOKEN);
            });
    assertThat(sleeper.delays).isEmpty();
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void aTenSecondLimitIsStillRetried() {
    fake.throttle(1, 2);

    assertThat(ids(readAll(adapter(5)::accounts, null, 10))).containsExactly("101", "102");
    assertThat(sleeper.delays).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aVeryLongRetryAfterFailsAtOnceAsRetryable() {
    fake.throttle(1, 3600);

    assertThatThrownBy(() -> adapter(5).accounts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(CrmAdapterException.class, e -> assertThat(e.retryable()).isTrue());
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void rejectedTokenIsNotRetriedAndNotShown() {
    fake.rejectToken(1);

    assertThatThrownBy(() -> adapter(5).accounts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("HubSpot rejected the private-app token (401)")
                  .doesNotContain(FakeHubSpot.TOKEN);
            });
    assertThat(fake.requests()).hasSize(1);
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void wrongTokenIsRejected() {
    HubSpotAdapter adapter =
        new HubSpotAdapter(
            config(fake, sleeper).privateAppToken("pat-na1-wrong-token-0000").build());

    assertThatThrownBy(() -> adapter.account("101"))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).doesNotContain("pat-na1-wrong-token-0000");
            });
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() {
    fake.failNext(2);
    HubSpotAdapter adapter =
        new HubSpotAdapter(config(fake, sleeper).retryBackoff(Duration.ofMillis(100)).build());

    assertThat(ids(readAll(adapter::accounts, null, 10))).containsExactly("101", "102");
    assertThat(sleeper.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void persistentServerErrorsEndInARetryableException() {
    fake.failAlways(true);

    assertThatThrownBy(() -> adapter(2).contacts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("500", "INTERNAL_ERROR");
            });
    assertThat(fake.requests()).hasSize(3);
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    fake.resultCap(1); // the adapter still thinks it may page to 10,000: HubSpot answers 400

    assertThatThrownBy(() -> readAll(adapter(5)::accounts, null, 1))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("400", "VALIDATION_ERROR");
            });
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void unreachableHubSpotIsRetryable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HubSpotAdapter adapter =
        new HubSpotAdapter(
            config(fake, sleeper)
                .baseUrl(URI.create("http://127.0.0.1:" + port))
                .maxRetries(2)
                .build());

    assertThatThrownBy(() -> adapter.accounts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("cannot reach HubSpot");
            });
    assertThat(sleeper.delays).hasSize(2);
  }

  @Test
  void aFailureAfterTheSearchFailsThePage() {
    fake.contact("501", "Ada", "Lovelace", "ada@example.com", at(1));
    fake.linkContactToCompany("501", "101", true);
    fake.throttle(1, 4, "/associations/");

    // the search and the archived list succeed, the association read is throttled beyond
    // maxRetries: no partial page
    assertThatThrownBy(() -> adapter(0).contacts(CrmQuery.first(null, 10)))
        .isInstanceOfSatisfying(
            CrmAdapterException.class,
            e -> assertThat(e.getMessage()).contains("contacts to companies associations"));
    assertThat(fake.requests())
        .extracting(r -> r.method() + " " + r.status())
        .containsExactly("POST 200", "GET 200", "POST 429");
  }
}
