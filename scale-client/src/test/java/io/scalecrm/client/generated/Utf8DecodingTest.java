package io.scalecrm.client.generated;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scalecrm.client.api.LicenseesApi;
import io.scalecrm.client.invoker.ApiClient;
import io.scalecrm.client.invoker.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guards the patched {@code api.mustache}: the stock native template decodes bodies with the
 * platform charset, which garbles non-ASCII under {@code LANG=C} on JDK 17. Surefire runs this
 * module with {@code LANG=C} and {@code -Dfile.encoding=ANSI_X3.4-1968}; without the patch, both
 * tests fail on JDK 17.
 */
class Utf8DecodingTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String NAME = "Acme Müller GmbH — Ørsted Ünal 東京";

  ApiClient client() {
    ApiClient client = new ApiClient();
    client.updateBaseUri(wm.baseUrl());
    return client;
  }

  @Test
  void successBodiesAreDecodedAsUtf8() throws Exception {
    wm.stubFor(
        get(urlPathEqualTo("/licensees/actions/find-by-naturalid"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(("{\"name\":\"" + NAME + "\"}").getBytes(StandardCharsets.UTF_8))));

    assertThat(new LicenseesApi(client()).findLicenseeByNaturalId("x").getName()).isEqualTo(NAME);
  }

  @Test
  void errorBodiesAreDecodedAsUtf8() {
    wm.stubFor(
        get(urlPathEqualTo("/licensees/actions/find-by-email"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        ("{\"error\":\"Not Found\",\"code\":404,\"description\":\"" + NAME + "\"}")
                            .getBytes(StandardCharsets.UTF_8))));

    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> new LicenseesApi(client()).findLicenseeByEmail("a@b.c"));

    assertThat(e.getResponseBody()).contains(NAME);
  }
}
