package io.scalecrm.client.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scalecrm.client.ScaleAuthenticationException;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VerifyTest {
  final MutableClock clock = new MutableClock();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void verifyMakesOneCheapAuthenticatedRead() {
    wm.stubFor(
        get("/licensees")
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
    try (ScaleConnection c =
        Fixtures.connection(wm.baseUrl(), clock, new RecordingSleeper(clock)).build()) {
      c.verify();
    }
    wm.verify(1, getRequestedFor(urlEqualTo("/licensees")).withHeader("limit", equalTo("1")));
  }

  @Test
  void verifyFailsOnRefusedCredentials() {
    wm.stubFor(
        get("/licensees")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"Unauthorized\",\"code\":401,\"description\":\"unknown kid\"}")));
    try (ScaleConnection c =
        Fixtures.connection(wm.baseUrl(), clock, new RecordingSleeper(clock)).build()) {
      ScaleAuthenticationException e =
          catchThrowableOfType(ScaleAuthenticationException.class, c::verify);
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.description()).isEqualTo("unknown kid");
    }
  }

  @Test
  void verifyFailsWhenScaleIsUnreachable() {
    try (ScaleConnection c =
        Fixtures.connection(
                "http://127.0.0.1:" + Fixtures.closedPort(), clock, new RecordingSleeper(clock))
            .build()) {
      ScaleConnectionException e = catchThrowableOfType(ScaleConnectionException.class, c::verify);
      assertThat(e.requestSent()).isFalse();
    }
  }
}
