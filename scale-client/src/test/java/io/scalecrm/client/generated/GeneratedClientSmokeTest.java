package io.scalecrm.client.generated;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scalecrm.client.api.LicenseConsumersApi;
import io.scalecrm.client.api.LicenseContainersApi;
import io.scalecrm.client.api.LicenseesApi;
import io.scalecrm.client.api.LicensesApi;
import io.scalecrm.client.invoker.ApiClient;
import io.scalecrm.client.invoker.ApiException;
import io.scalecrm.client.model.Error;
import io.scalecrm.client.model.GrantAccessRequest;
import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.License;
import io.scalecrm.client.model.LicenseConsumer;
import io.scalecrm.client.model.LicenseConsumerType;
import io.scalecrm.client.model.Licensee;
import io.scalecrm.client.model.LicenseeType;
import io.scalecrm.client.model.QtyDimension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives generated operations over real HTTP against WireMock and checks the exact request (method,
 * path, query, headers, JSON body) and the parsed response, including an error body. Catches drift
 * between the spec, the generator options and the JSON mapping.
 */
class GeneratedClientSmokeTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final UUID LICENSEE = UUID.fromString("0b7c5e52-4f7e-4c07-a3f0-3c1bd1f1a001");
  static final UUID CONSUMER = UUID.fromString("0b7c5e52-4f7e-4c07-a3f0-3c1bd1f1a002");
  static final UUID CONFIG = UUID.fromString("0b7c5e52-4f7e-4c07-a3f0-3c1bd1f1a003");

  ApiClient client;

  @BeforeEach
  void setUp() {
    client = new ApiClient();
    client.updateBaseUri(wm.baseUrl());
    client.setRequestInterceptor(b -> b.header("Authorization", "ScaleJwt test-token"));
  }

  static String fixture(String name) {
    try (InputStream in = GeneratedClientSmokeTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void setupOrganizationSendsTheLicenseeAndParsesTheAnswer() throws Exception {
    wm.stubFor(
        post("/licensees/actions/setup-organization")
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json; charset=UTF-8")
                    .withBody(fixture("licensee_created.json"))));

    Licensee created =
        new LicenseesApi(client)
            .setupOrganization(
                new Licensee()
                    .name("Acme Müller GmbH")
                    .email("ops@acme.example")
                    .naturalId("hubspot:123")
                    .type(LicenseeType.ORGANIZATION));

    wm.verify(
        postRequestedFor(urlEqualTo("/licensees/actions/setup-organization"))
            .withHeader("Authorization", equalTo("ScaleJwt test-token"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"name\":\"Acme Müller GmbH\",\"email\":\"ops@acme.example\","
                        + "\"naturalId\":\"hubspot:123\",\"type\":\"ORGANIZATION\"}",
                    false,
                    false)));
    assertThat(created.getId()).isEqualTo(LICENSEE);
    assertThat(created.getName()).isEqualTo("Acme Müller GmbH");
    assertThat(created.getType()).isEqualTo(LicenseeType.ORGANIZATION);
    assertThat(created.getCreated()).isEqualTo(OffsetDateTime.parse("2026-11-27T10:15:30Z"));
  }

  @Test
  void listsPageWithRequestHeaders() throws Exception {
    wm.stubFor(
        get("/licensees")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("[" + fixture("licensee_created.json") + "]")));

    List<Licensee> page = new LicenseesApi(client).listLicensees(10, 20, "name", true);

    wm.verify(
        getRequestedFor(urlEqualTo("/licensees"))
            .withHeader("offset", equalTo("10"))
            .withHeader("limit", equalTo("20"))
            .withHeader("order-by", equalTo("name"))
            .withHeader("order-asc", equalTo("true")));
    assertThat(page).extracting(Licensee::getNaturalId).containsExactly("hubspot:123");
  }

  @Test
  void findEncodesTheQueryParameter() throws Exception {
    wm.stubFor(
        get(urlPathEqualTo("/license-consumers/actions/find-by-externalreference"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("consumer.json"))));

    LicenseConsumer found =
        new LicenseConsumersApi(client).findLicenseConsumerByExternalReference("sf:contact/1 +x");

    wm.verify(
        getRequestedFor(urlPathEqualTo("/license-consumers/actions/find-by-externalreference"))
            .withQueryParam("externalReference", equalTo("sf:contact/1 +x")));
    assertThat(found.getId()).isEqualTo(CONSUMER);
    assertThat(found.getType()).isEqualTo(LicenseConsumerType.PERSON);
  }

  @Test
  void grantAccessPostsConsumerIdsAndAcceptsNoContent() throws Exception {
    wm.stubFor(
        post("/licensees/" + LICENSEE + "/license-containers/default/actions/grant-access")
            .willReturn(aResponse().withStatus(204)));

    new LicenseContainersApi(client)
        .grantAccessToDefaultContainer(
            LICENSEE, new GrantAccessRequest().licenseConsumerIds(List.of(CONSUMER)));

    wm.verify(
        postRequestedFor(
                urlEqualTo(
                    "/licensees/" + LICENSEE + "/license-containers/default/actions/grant-access"))
            .withRequestBody(equalToJson("{\"licenseConsumerIds\":[\"" + CONSUMER + "\"]}")));
  }

  @Test
  void grantByProductConfigSendsReferencesAndParsesLicenses() throws Exception {
    wm.stubFor(
        post("/licensees/" + LICENSEE + "/licenses/actions/grant-by-product-config")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("licenses_issued.json"))));

    List<License> issued =
        new LicensesApi(client)
            .grantLicensesByProductConfig(
                LICENSEE,
                new GrantByProductConfigRequest()
                    .productConfigId(CONFIG)
                    .qty(25)
                    .validFrom(OffsetDateTime.parse("2027-01-01T00:00:00Z"))
                    .validUntil(OffsetDateTime.parse("2028-01-01T00:00:00Z"))
                    .orderReference("hubspot:D-9:L-1"));

    wm.verify(
        postRequestedFor(
                urlEqualTo("/licensees/" + LICENSEE + "/licenses/actions/grant-by-product-config"))
            .withRequestBody(
                equalToJson(
                    "{\"productConfigId\":\""
                        + CONFIG
                        + "\",\"qty\":25,\"validFrom\":\"2027-01-01T00:00:00Z\","
                        + "\"validUntil\":\"2028-01-01T00:00:00Z\",\"orderReference\":\"hubspot:D-9:L-1\"}")));
    assertThat(issued).hasSize(1);
    License license = issued.get(0);
    assertThat(license.getQty()).isEqualTo(25);
    assertThat(license.getQtyDimension()).isEqualTo(QtyDimension.SEATS);
    assertThat(license.getLicenseMetadata().getOrderReference()).isEqualTo("hubspot:D-9:L-1");
    assertThat(license.getLicenseMetadata().getProductConfigInfo().getProductConfigId())
        .isEqualTo(CONFIG);
  }

  @Test
  void putSendsFullReplacement() throws Exception {
    wm.stubFor(
        put("/licensees/" + LICENSEE)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("licensee_created.json"))));

    new LicenseesApi(client).updateLicensee(LICENSEE, new Licensee().name("Acme Müller GmbH"));

    wm.verify(
        putRequestedFor(urlEqualTo("/licensees/" + LICENSEE))
            .withRequestBody(equalToJson("{\"name\":\"Acme Müller GmbH\"}")));
  }

  @Test
  void errorBodyIsAvailableAndParses() throws Exception {
    wm.stubFor(
        get(urlPathEqualTo("/license-consumers/actions/find-by-email"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json; charset=UTF-8")
                    .withBody(fixture("error_not_found.json"))));

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> new LicenseConsumersApi(client).findLicenseConsumerByEmail("nobody@example.com"));

    assertThat(e.getCode()).isEqualTo(404);
    Error error = new ObjectMapper().readValue(e.getResponseBody(), Error.class);
    assertThat(error.getError()).isEqualTo("Not Found");
    assertThat(error.getCode()).isEqualTo(404);
    assertThat(error.getDescription()).isEqualTo("No license consumer has the email ä@example.com");
  }

  @Test
  void unknownEnumValuesAreTolerated() throws Exception {
    wm.stubFor(
        get("/licensees/" + LICENSEE)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\""
                            + LICENSEE
                            + "\",\"name\":\"Future\",\"type\":\"CONSORTIUM\",\"unknownField\":1}")));

    Licensee licensee = new LicenseesApi(client).getLicensee(LICENSEE);

    assertThat(licensee.getType()).isEqualTo(LicenseeType.UNKNOWN_DEFAULT_OPEN_API);
    assertThat(licensee.getName()).isEqualTo("Future");
  }
}
