package io.scalecrm.bench;

import io.scalecrm.client.Idempotency;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.model.Licensee;
import io.scalecrm.client.model.LicenseeType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the time of one Scale call through the SDK ({@link ScaleConnection#call} with its retry
 * policy and error translation, the generated client with its JSON decoding, and the cached JWT)
 * against the same request sent with a bare {@link HttpClient} and a JWT signed once, to the same
 * sandbox on loopback. Both find one licensee by natural id; the difference is the SDK's overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CallOverhead {
  private Target target;
  private ScaleConnection connection;
  private HttpClient raw;
  private HttpRequest request;
  private String naturalId;

  /** Creates the benchmark state (JMH calls {@link #start()}). */
  public CallOverhead() {}

  /** Starts a sandbox with one licensee, the SDK connection and the bare client. */
  @Setup(Level.Trial)
  public void start() {
    target = Target.start(4);
    connection = target.connect();
    naturalId = "file:overhead-1";
    Licensee body =
        new Licensee().name("Overhead GmbH").naturalId(naturalId).type(LicenseeType.ORGANIZATION);
    connection.call(
        "setupOrganization",
        Idempotency.NON_IDEMPOTENT,
        () -> connection.licensees().setupOrganization(body));
    raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String jwt =
        jwt(
            target.sandbox.generatedKeyPair().orElseThrow().getPrivate(),
            Instant.now().getEpochSecond());
    request =
        HttpRequest.newBuilder(
                URI.create(
                    target.sandbox.baseUrl()
                        + "/licensees/actions/find-by-naturalid?naturalId="
                        + URLEncoder.encode(naturalId, StandardCharsets.UTF_8)))
            .header("Authorization", "ScaleJwt " + jwt)
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
  }

  /** Stops the sandbox. */
  @TearDown(Level.Trial)
  public void stop() {
    connection.close();
    target.close();
  }

  /**
   * One call through the SDK.
   *
   * @return the licensee
   */
  @Benchmark
  public Licensee sdk() {
    return connection.call(
        "findLicenseeByNaturalId",
        Idempotency.IDEMPOTENT,
        () -> connection.licensees().findLicenseeByNaturalId(naturalId));
  }

  /**
   * The same request with a bare {@link HttpClient}; the body is read as a string.
   *
   * @return the body
   * @throws IOException when the request fails
   * @throws InterruptedException when interrupted
   */
  @Benchmark
  public String raw() throws IOException, InterruptedException {
    HttpResponse<String> response = raw.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("The raw request answered " + response.statusCode());
    }
    return response.body();
  }

  /** A Scale JWT signed once (RS256), valid for an hour. */
  static String jwt(PrivateKey key, long now) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + Target.PRINCIPAL_KEY_ID + "\"}";
    String claims =
        "{\"jti\":\""
            + UUID.randomUUID()
            + "\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 3600)
            + ",\"iss\":\""
            + Target.PRINCIPAL
            + "\",\"sub\":\""
            + Target.PRINCIPAL
            + "\",\"permissions\":[\"*.*\"]}";
    String input =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initSign(key);
      sig.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(sig.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign a JWT", e);
    }
  }
}
