package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edges the generated client cannot produce: raw paths, methods and malformed JSON. */
class RawHttpTest {

  @RegisterExtension static ScaleSandboxExtension ext = new ScaleSandboxExtension();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final ObjectMapper JSON = new ObjectMapper();

  ScaleSandbox sandbox;
  TestJwt jwt;

  @BeforeEach
  void setUp(ScaleSandbox s) {
    sandbox = s;
    jwt = TestJwt.forSandbox(s);
  }

  HttpResponse<String> send(String method, String path, @Nullable String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .header("Authorization", jwt.header());
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  JsonNode error(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("code").asInt()).isEqualTo(status);
    return body;
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    assertThat(error(send("GET", "/nothing-here", null), 404).path("error").asText())
        .isEqualTo("Not Found");
    HttpResponse<String> r = send("PATCH", "/licensees/" + UUID.randomUUID(), "{}");
    error(r, 405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
    assertThat(sandbox.journal().entries())
        .extracting(JournalEntry::operationId)
        .containsOnly("unknown");
  }

  @Test
  void malformedJsonIsABadRequest() throws Exception {
    String path = "/licensees/actions/setup-organization";
    error(send("POST", path, "{\"name\":\"a\",\"name\":\"b\"}"), 400); // duplicate key
    error(send("POST", path, "{\"name\":\"a\"} trailing"), 400);
    error(send("POST", path, "{\"name\":42}"), 400);
    error(send("POST", path, "{\"name\":\"a\",\"type\":\"ALIEN\"}"), 400);
    error(send("POST", path, null), 400);
    assertThat(sandbox.snapshot().licensees()).isEmpty();
    HttpResponse<String> ok =
        send("POST", path, "{\"name\":\"a\",\"email\":null,\"displayName\":\"\"}");
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(ok.body()).has("email")).isFalse();
    assertThat(JSON.readTree(ok.body()).has("displayName")).isFalse();
  }

  @Test
  void typesAreCheckedInLicenseRequests() throws Exception {
    SandboxProduct p = sandbox.seedProductConfiguration(SandboxProduct.of("raw-p", "P"));
    String id =
        JSON.readTree(
                send("POST", "/licensees/actions/setup-organization", "{\"name\":\"L\"}").body())
            .get("id")
            .asText();
    String grant = "/licensees/" + id + "/licenses/actions/grant-by-product-config";
    error(
        send("POST", grant, "{\"productConfigId\":\"" + p.productConfigId() + "\",\"qty\":\"3\"}"),
        400);
    error(
        send("POST", grant, "{\"productConfigId\":\"" + p.productConfigId() + "\",\"qty\":1.5}"),
        400);
    error(
        send(
            "POST",
            grant,
            "{\"productConfigId\":\"" + p.productConfigId() + "\",\"validFrom\":\"2026-01-01\"}"),
        400);
    error(send("POST", grant, "{\"productConfigId\":\"1-2-3-4-5\"}"), 400);
    // upper-case uuids in paths and bodies are accepted
    HttpResponse<String> ok =
        send(
            "POST",
            "/licensees/"
                + id.toUpperCase(Locale.ROOT)
                + "/licenses/actions/grant-by-product-config",
            "{\"productConfigId\":\""
                + p.productConfigId().toString().toUpperCase(Locale.ROOT)
                + "\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void percentEncodedQueryValuesAreDecoded() throws Exception {
    send(
        "POST",
        "/licensees/actions/setup-organization",
        "{\"name\":\"Q\",\"naturalId\":\"crm:ä b+c\"}");
    HttpResponse<String> r =
        send("GET", "/licensees/actions/find-by-naturalid?naturalId=crm%3A%C3%A4%20b%2Bc", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("name").asText()).isEqualTo("Q");
  }
}
