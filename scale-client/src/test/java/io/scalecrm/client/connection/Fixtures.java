package io.scalecrm.client.connection;

import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/** Shared set-up for the connection tests. */
final class Fixtures {
  static final String KEY_ID = "test-kid-1";
  static final String ISSUER = "crm-sync-tests";
  static final String SUBJECT = "sync@acme.example";

  /** 4 attempts, ceilings 100/200/400 ms, jitter pinned to the ceiling. */
  static final RetryPolicy FAST_RETRIES =
      RetryPolicy.exponential(4, Duration.ofMillis(100), Duration.ofSeconds(1))
          .withJitter(() -> 1.0);

  private Fixtures() {}

  static ScaleJwtCredentials credentials() {
    return ScaleJwtCredentials.builder()
        .keyId(KEY_ID)
        .issuer(ISSUER)
        .subject(SUBJECT)
        .privateKey(TestKeys.main().getPrivate())
        .build();
  }

  static ScaleConnection.Builder connection(
      String baseUrl, MutableClock clock, RecordingSleeper sleeper) {
    return ScaleConnection.builder()
        .baseUrl(baseUrl)
        .credentials(credentials())
        .clock(clock)
        .sleeper(sleeper)
        .retryPolicy(FAST_RETRIES)
        .readTimeout(Duration.ofSeconds(5));
  }

  /** A loopback port with nothing listening on it. */
  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String LICENSEE_JSON =
      "{\"id\":\"6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b7c1a00\",\"name\":\"Acme\"}";
}
