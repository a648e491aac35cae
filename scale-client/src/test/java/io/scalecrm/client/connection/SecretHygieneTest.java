package io.scalecrm.client.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scalecrm.client.Idempotency;
import io.scalecrm.client.ScaleCallListener;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.client.model.Licensee;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Runs a mix of successes, retries, authentication failures and transport failures with every log
 * level captured, then checks that no log line, exception text or toString contains a JWT, the
 * {@code ScaleJwt} header value or any part of the private key.
 */
class SecretHygieneTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final UUID ID = UUID.fromString("6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b7c1a00");

  @Test
  void noSecretInLogsExceptionsOrToString() {
    assertThat(LoggerFactory.getILoggerFactory())
        .as("the capturing SLF4J provider must be the one in use")
        .isInstanceOf(CapturingSlf4jProvider.CapturingLoggerFactory.class);
    LogCapture.clear();

    String pem = TestKeys.pem(TestKeys.main().getPrivate());
    MutableClock clock = new MutableClock();
    RecordingSleeper sleeper = new RecordingSleeper(clock);
    Map<String, String> env = new HashMap<>();
    env.put("SCALE_API_URL", wm.baseUrl());
    env.put("SCALE_JWT_KEY_ID", Fixtures.KEY_ID);
    env.put("SCALE_JWT_ISSUER", Fixtures.ISSUER);
    env.put("SCALE_JWT_SUBJECT", Fixtures.SUBJECT);
    env.put("SCALE_PRIVATE_KEY", pem);
    List<Object> seen = new ArrayList<>();
    ScaleConnection c =
        ScaleConnection.builder()
            .fromEnvironment(env)
            .clock(clock)
            .sleeper(sleeper)
            .retryPolicy(Fixtures.FAST_RETRIES)
            .readTimeout(Duration.ofMillis(300))
            .listener(
                new ScaleCallListener() {
                  @Override
                  public void onRetry(
                      String operation,
                      int failedAttempt,
                      Duration delay,
                      io.scalecrm.client.ScaleException cause) {
                    throw new IllegalStateException("listener failure for " + operation);
                  }
                })
            .build();
    ScaleJwtCredentials credentials =
        ScaleJwtCredentials.builder()
            .keyId(Fixtures.KEY_ID)
            .issuer(Fixtures.ISSUER)
            .subject(Fixtures.SUBJECT)
            .privateKeyPem(pem)
            .build();
    seen.add(c);
    seen.add(credentials);
    seen.add(c.withListener(new RecordingListener()));

    // success
    wm.stubFor(
        get(urlPathEqualTo("/licensees")).willReturn(aResponse().withStatus(200).withBody("[]")));
    c.call(
        "listLicensees",
        Idempotency.IDEMPOTENT,
        () -> c.licensees().listLicensees(null, null, null, null));
    // retries, then success
    wm.stubFor(
        get(urlPathMatching("/licensees/[0-9a-f-]+"))
            .inScenario("s")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlPathMatching("/licensees/[0-9a-f-]+"))
            .inScenario("s")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(Fixtures.LICENSEE_JSON)));
    c.call("getLicensee", Idempotency.IDEMPOTENT, () -> c.licensees().getLicensee(ID));
    // a new token after the clock moved on
    clock.advance(Duration.ofMinutes(10));
    // 401 (whose body echoes the header, as a misbehaving proxy might)
    wm.stubFor(
        post(urlPathEqualTo("/licensees/actions/setup-organization"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\":\"Unauthorized\",\"code\":401,\"description\":\"rejected"
                            + " {{request.headers.Authorization}}\"}")
                    .withTransformers("response-template")));
    seen.add(
        caught(
            () ->
                c.call(
                    "setupOrganization",
                    Idempotency.NON_IDEMPOTENT,
                    () -> c.licensees().setupOrganization(new Licensee().name("Acme")))));
    // retried 502s to exhaustion
    wm.stubFor(
        get(urlPathEqualTo("/licensees/actions/find-by-email"))
            .willReturn(aResponse().withStatus(502)));
    seen.add(
        caught(
            () ->
                c.call(
                    "findLicenseeByEmail",
                    Idempotency.IDEMPOTENT,
                    () -> c.licensees().findLicenseeByEmail("a@b.example"))));
    // read timeout
    wm.stubFor(
        get(urlPathEqualTo("/licensees/actions/find-by-naturalid"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(1000)));
    seen.add(
        caught(
            () ->
                c.call(
                    "findLicenseeByNaturalId",
                    Idempotency.NON_IDEMPOTENT,
                    () -> c.licensees().findLicenseeByNaturalId("N-1"))));
    // connection refused
    ScaleConnection refused =
        ScaleConnection.builder()
            .baseUrl("http://127.0.0.1:" + Fixtures.closedPort())
            .credentials(credentials)
            .clock(clock)
            .sleeper(sleeper)
            .retryPolicy(Fixtures.FAST_RETRIES)
            .build();
    seen.add(
        caught(
            () ->
                refused.call(
                    "listLicensees",
                    Idempotency.IDEMPOTENT,
                    () -> refused.licensees().listLicensees(null, null, null, null))));
    // bad key material
    seen.add(
        caught(
            () ->
                ScaleJwtCredentials.builder()
                    .keyId("k")
                    .issuer("i")
                    .subject("s")
                    .privateKeyPem(pem.replace("MII", "MIX"))
                    .build()));

    // what must never show up
    Set<String> secrets = new LinkedHashSet<>();
    for (LoggedRequest r : wm.findAll(anyRequestedFor(anyUrl()))) {
      String auth = r.getHeader("Authorization");
      assertThat(auth).startsWith("ScaleJwt ");
      secrets.add(auth);
      String jwt = auth.substring("ScaleJwt ".length());
      secrets.add(jwt);
      for (String part : jwt.split("\\.")) {
        secrets.add(part);
      }
    }
    assertThat(secrets).as("distinct tokens were sent").hasSizeGreaterThan(4);
    for (String line : pem.split("\n")) {
      if (!line.startsWith("-----")) {
        secrets.add(line);
      }
    }
    secrets.add(Base64.getEncoder().encodeToString(TestKeys.main().getPrivate().getEncoded()));
    secrets.add("ScaleJwt ey");

    List<String> texts = new ArrayList<>(LogCapture.lines());
    assertThat(texts)
        .as("retries, the listener failure and the give-ups were logged")
        .anyMatch(l -> l.contains("getLicensee") && l.contains("Retrying"))
        .anyMatch(l -> l.contains("listener failure"))
        .anyMatch(l -> l.contains("findLicenseeByEmail"));
    for (Object o : seen) {
      texts.add(String.valueOf(o));
      if (o instanceof Throwable) {
        StringWriter w = new StringWriter();
        ((Throwable) o).printStackTrace(new PrintWriter(w));
        texts.add(w.toString());
        for (Throwable t : ErrorMappingTest.chain((Throwable) o)) {
          texts.add(String.valueOf(t.getMessage()));
        }
      }
    }
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("text must not contain a secret").doesNotContain(secret);
      }
    }
  }

  private static Throwable caught(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
