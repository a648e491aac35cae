package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates the sandbox's real answers (every operation, every status it produces) against the
 * spec's schemas with the Atlassian OpenAPI validator, driving it with raw HTTP requests so the
 * validator sees the exact JSON. The coverage must equal the spec's declared responses (403 aside,
 * which the sandbox never answers), so a new operation or status cannot be added without a test.
 */
class SpecConformanceTest {

  static final Path SPEC = Path.of("..", "openapi", "scale-license-management.yaml");
  static final ObjectMapper JSON = new ObjectMapper();
  static final SandboxProduct PRO = SandboxProduct.of("conformance-pro", "Pro", "export", "sso");

  static OpenApiInteractionValidator validator;
  static OpenAPI spec;
  static ScaleSandbox sandbox;
  static HttpClient http;
  static TestJwt jwt;

  /** operationId to the response keys ("200", "404", "5XX"…) seen and validated. */
  final Map<String, Set<String>> covered = new TreeMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    String text = Files.readString(SPEC);
    spec = new OpenAPIV3Parser().readContents(text, null, null).getOpenAPI();
    assertThat(spec).as("parsed spec").isNotNull();
    validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(text)
            .withBasePathOverride("/")
            // The validator treats schemas as closed (no undeclared properties), which is what we
            // want for the sandbox's answers; for requests, a closed allOf (SetupUserRequest) can
            // never match, so request-side closedness is left to the sandbox's own tests.
            .withLevelResolver(
                LevelResolver.create()
                    .withLevel(
                        "validation.request.body.schema.allOf", ValidationReport.Level.IGNORE)
                    .withLevel(
                        "validation.request.body.schema.additionalProperties",
                        ValidationReport.Level.IGNORE)
                    .build())
            .build();
    sandbox = ScaleSandbox.startWithGeneratedKey();
    sandbox.seedProductConfiguration(PRO);
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    jwt = TestJwt.forSandbox(sandbox);
  }

  @AfterAll
  static void tearDown() {
    sandbox.close();
  }

  /** One raw request. */
  record Req(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      @Nullable String body) {
    Req with(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(header, value);
      return new Req(method, path, query, h, body);
    }

    Req query(String name, String value) {
      Map<String, String> q = new LinkedHashMap<>(query);
      q.put(name, value);
      return new Req(method, path, q, headers, body);
    }

    Req body(@Nullable String newBody) {
      return new Req(method, path, query, headers, newBody);
    }
  }

  static Req req(String method, String path) {
    return new Req(method, path, Map.of(), Map.of(), null);
  }

  static Req req(String method, String path, String body) {
    return new Req(method, path, Map.of(), Map.of(), body);
  }

  record Answer(int status, String body, HttpResponse<String> raw) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String id() throws Exception {
      JsonNode j = json();
      return (j.isArray() ? j.get(0) : j).get("id").asText();
    }
  }

  Answer send(Req r, boolean authorize) throws Exception {
    StringBuilder uri = new StringBuilder(sandbox.baseUrl().toString()).append(r.path());
    String sep = "?";
    for (Map.Entry<String, String> q : r.query().entrySet()) {
      uri.append(sep)
          .append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8).replace("+", "%20"))
          .append('=')
          .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      sep = "&";
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()));
    b.timeout(Duration.ofSeconds(10));
    r.headers().forEach(b::header);
    if (authorize) {
      b.header("Authorization", jwt.header());
    }
    if (r.body() != null) {
      b.header("Content-Type", "application/json");
      b.method(r.method(), HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8));
    } else {
      b.method(r.method(), HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> resp =
        http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(resp.statusCode(), resp.body(), resp);
  }

  /** Sends, checks the status, validates the answer (and for 2xx the request) against the spec. */
  Answer expect(int status, Req r) throws Exception {
    return expect(status, r, true);
  }

  Answer expect(int status, Req r, boolean authorize) throws Exception {
    Answer a = send(r, authorize);
    String op = operationId(r.method(), r.path());
    assertThat(a.status())
        .as("%s %s (%s) answered %s", r.method(), r.path(), op, a.body())
        .isEqualTo(status);
    SimpleResponse.Builder resp = SimpleResponse.Builder.status(a.status());
    a.raw().headers().firstValue("Content-Type").ifPresent(resp::withContentType);
    a.raw().headers().firstValue("Retry-After").ifPresent(v -> resp.withHeader("Retry-After", v));
    if (!a.body().isEmpty()) {
      resp.withBody(a.body());
    }
    Request.Method method = Request.Method.valueOf(r.method());
    ValidationReport report;
    if (status < 300) {
      SimpleRequest.Builder q = new SimpleRequest.Builder(method, r.path());
      r.query().forEach(q::withQueryParam);
      r.headers().forEach(q::withHeader);
      q.withHeader("Authorization", "ScaleJwt x.y.z");
      if (r.body() != null) {
        q.withContentType("application/json").withBody(r.body());
      }
      report = validator.validate(q.build(), resp.build());
    } else {
      report = validator.validateResponse(r.path(), method, resp.build());
      JsonNode error = a.json();
      assertThat(error.path("code").asInt()).as("error body code").isEqualTo(status);
    }
    assertThat(
            report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .collect(Collectors.toList()))
        .as("spec violations of %s %s (%s) -> %d %s", r.method(), r.path(), op, status, a.body())
        .isEmpty();
    covered
        .computeIfAbsent(op, k -> new TreeSet<>())
        .add(status >= 500 ? "5XX" : String.valueOf(status));
    return a;
  }

  /** 401 without a token, then 429 and 503 from faults; none is applied. */
  void faults(Req r) throws Exception {
    String op = operationId(r.method(), r.path());
    expect(401, r, false);
    sandbox.faults().throttleNext(1, "2");
    Answer throttled = expect(429, r);
    assertThat(throttled.raw().headers().firstValue("Retry-After")).hasValue("2");
    sandbox.faults().failNth(op, 1, 503);
    expect(503, r);
    sandbox.faults().failNth(op, 1, 500);
    expect(500, r);
  }

  /** The spec operationId of a concrete request, matching the spec's own path templates. */
  static String operationId(String method, String path) {
    List<String> segs = segments(path);
    String best = null;
    int bestLiterals = -1;
    for (Map.Entry<String, PathItem> e : spec.getPaths().entrySet()) {
      List<String> t = segments(e.getKey());
      if (t.size() != segs.size()) {
        continue;
      }
      int literals = 0;
      boolean ok = true;
      for (int i = 0; i < t.size() && ok; i++) {
        if (t.get(i).startsWith("{")) {
          continue;
        }
        literals++;
        ok = t.get(i).equals(segs.get(i));
      }
      Operation o = e.getValue().readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
      if (ok && o != null && literals > bestLiterals) {
        best = o.getOperationId();
        bestLiterals = literals;
      }
    }
    if (best == null) {
      throw new AssertionError("No spec operation for " + method + " " + path);
    }
    return best;
  }

  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /** What the spec declares: operationId to response keys, 403 left out (never produced). */
  static Map<String, Set<String>> declared() {
    Map<String, Set<String>> out = new TreeMap<>();
    spec.getPaths()
        .values()
        .forEach(
            item ->
                item.readOperations()
                    .forEach(
                        o ->
                            out.put(
                                o.getOperationId(),
                                o.getResponses().keySet().stream()
                                    .filter(k -> !k.equals("403"))
                                    .collect(Collectors.toCollection(TreeSet::new)))));
    return out;
  }

  @Test
  void theSandboxServesExactlyTheSpecsOperations() {
    assertThat(SandboxRoutes.OPERATION_IDS).isEqualTo(declared().keySet());
    for (SandboxRoutes.Route r : SandboxRoutes.ROUTES) {
      PathItem item = spec.getPaths().get(r.template());
      assertThat(item).as("spec path %s", r.template()).isNotNull();
      assertThat(
              item.readOperationsMap()
                  .get(PathItem.HttpMethod.valueOf(r.method()))
                  .getOperationId())
          .as("%s %s", r.method(), r.template())
          .isEqualTo(r.operationId());
    }
  }

  @Test
  void theValidatorRejectsNonConformingAnswers() {
    SimpleResponse bad =
        SimpleResponse.Builder.ok()
            .withContentType("application/json")
            .withBody("{\"id\":\"not-a-uuid\",\"type\":\"ALIEN\"}")
            .build();
    assertThat(
            validator
                .validateResponse("/licensees/" + UUID.randomUUID(), Request.Method.GET, bad)
                .hasErrors())
        .isTrue();
    SimpleResponse undeclared =
        SimpleResponse.Builder.status(418)
            .withContentType("application/json")
            .withBody("{}")
            .build();
    assertThat(validator.validateResponse("/licensees", Request.Method.GET, undeclared).hasErrors())
        .isTrue();
    SimpleResponse errorWithoutCode =
        SimpleResponse.Builder.status(404)
            .withContentType("application/json")
            .withBody("{\"error\":\"Not Found\",\"code\":\"404\"}")
            .build();
    assertThat(
            validator
                .validateResponse(
                    "/licensees/" + UUID.randomUUID(), Request.Method.GET, errorWithoutCode)
                .hasErrors())
        .isTrue();
  }

  @Test
  void everyOperationAndStatusConformsToTheSpec() throws Exception {
    sandbox.reset();
    String bad = "not-a-uuid";
    String unknown = UUID.randomUUID().toString();

    // --- licensees
    Req setupOrg =
        req(
            "POST",
            "/licensees/actions/setup-organization",
            "{\"name\":\"Acme Müller GmbH\",\"displayName\":\"Acme\",\"email\":\"billing@acme.example\","
                + "\"naturalId\":\"crm:1001\",\"externalReference\":\"1001\",\"contactInfo\":\"Straße 1\","
                + "\"description\":\"B2B\"}");
    faults(setupOrg);
    String org = expect(201, setupOrg).id();
    expect(409, setupOrg);
    expect(400, setupOrg.body("{}"));
    expect(400, setupOrg.body("{\"name\":"));

    Req setupUser =
        req(
            "POST",
            "/licensees/actions/setup-user",
            "{\"name\":\"Zoë Brontë\",\"email\":\"zoe@example.co.uk\",\"naturalId\":\"crm:1002\","
                + "\"externalReference\":\"1002\",\"connectedIdentityId\":\"idp|zoe\"}");
    faults(setupUser);
    String person = expect(201, setupUser).id();
    expect(409, setupUser);
    expect(400, setupUser.body("[1,2]"));

    Req list = req("GET", "/licensees");
    faults(list);
    expect(200, list);
    expect(
        200,
        list.with("offset", "1")
            .with("limit", "1")
            .with("order-by", "name")
            .with("order-asc", "true"));
    expect(400, list.with("limit", "0"));

    Req byEmail =
        req("GET", "/licensees/actions/find-by-email").query("email", "BILLING@acme.example");
    faults(byEmail);
    expect(200, byEmail);
    expect(404, byEmail.query("email", "nobody@acme.example"));
    expect(400, byEmail.query("email", "x"));

    Req byNaturalId =
        req("GET", "/licensees/actions/find-by-naturalid").query("naturalId", "crm:1001");
    faults(byNaturalId);
    expect(200, byNaturalId);
    expect(404, byNaturalId.query("naturalId", "crm:9999"));
    expect(400, req("GET", "/licensees/actions/find-by-naturalid"));

    Req get = req("GET", "/licensees/" + org);
    faults(get);
    expect(200, get);
    expect(404, req("GET", "/licensees/" + unknown));
    expect(400, req("GET", "/licensees/" + bad));

    Req update =
        req("PUT", "/licensees/" + org, "{\"name\":\"Acme AG\",\"naturalId\":\"crm:1001\"}");
    faults(update);
    expect(200, update);
    expect(409, update.body("{\"name\":\"Acme AG\",\"naturalId\":\"crm:1002\"}"));
    expect(404, req("PUT", "/licensees/" + unknown, "{\"name\":\"x\"}"));
    expect(400, update.body("{\"name\":\"\"}"));

    // --- consumers
    Req create =
        req(
            "POST",
            "/license-consumers",
            "{\"name\":\"Łukasz Żak\",\"type\":\"PERSON\",\"email\":\"lukasz@example.pl\","
                + "\"externalReference\":\"2001\",\"displayLabel\":\"ŁŻ\",\"connectedIdentityId\":\"idp|l\"}");
    faults(create);
    String consumer = expect(201, create).id();
    expect(409, create);
    expect(400, create.body("{\"name\":\"no type\"}"));

    Req consumers = req("GET", "/license-consumers");
    faults(consumers);
    expect(200, consumers.with("order-by", "email"));
    expect(400, consumers.with("offset", "-1"));

    Req cByEmail =
        req("GET", "/license-consumers/actions/find-by-email").query("email", "lukasz@EXAMPLE.pl");
    faults(cByEmail);
    expect(200, cByEmail);
    expect(404, cByEmail.query("email", "nobody@example.pl"));
    expect(400, req("GET", "/license-consumers/actions/find-by-email"));

    Req cByRef =
        req("GET", "/license-consumers/actions/find-by-externalreference")
            .query("externalReference", "2001");
    faults(cByRef);
    expect(200, cByRef);
    expect(404, cByRef.query("externalReference", "9999"));
    expect(400, cByRef.query("externalReference", "r".repeat(256)));

    Req cGet = req("GET", "/license-consumers/" + consumer);
    faults(cGet);
    expect(200, cGet);
    expect(404, req("GET", "/license-consumers/" + unknown));
    expect(400, req("GET", "/license-consumers/" + bad));

    Req cUpdate =
        req(
            "PUT",
            "/license-consumers/" + consumer,
            "{\"name\":\"Kiosk\",\"type\":\"DEVICE\",\"externalReference\":\"2001\"}");
    faults(cUpdate);
    expect(200, cUpdate);
    expect(
        409,
        cUpdate.body("{\"name\":\"Kiosk\",\"type\":\"DEVICE\",\"email\":\"ZOE@example.co.uk\"}"));
    expect(
        404, req("PUT", "/license-consumers/" + unknown, "{\"name\":\"x\",\"type\":\"PERSON\"}"));
    expect(400, cUpdate.body("{\"name\":\"Kiosk\",\"type\":\"LICENSE_KEY\"}"));

    // --- containers and access
    Req containers = req("GET", "/licensees/" + org + "/license-containers");
    faults(containers);
    String container = expect(200, containers).json().get(0).get("id").asText();
    expect(404, req("GET", "/licensees/" + unknown + "/license-containers"));
    expect(400, containers.with("order-by", "colour"));

    Req cont = req("GET", "/licensees/" + org + "/license-containers/" + container);
    faults(cont);
    expect(200, cont);
    expect(404, req("GET", "/licensees/" + person + "/license-containers/" + container));
    expect(400, req("GET", "/licensees/" + org + "/license-containers/" + bad));

    Req grantAccess =
        req(
            "POST",
            "/licensees/" + org + "/license-containers/default/actions/grant-access",
            "{\"licenseConsumerIds\":[\"" + consumer + "\"]}");
    faults(grantAccess);
    expect(204, grantAccess);
    expect(204, grantAccess); // granting again is a no-op
    expect(404, grantAccess.body("{\"licenseConsumerIds\":[\"" + unknown + "\"]}"));
    expect(400, grantAccess.body("{\"licenseConsumerIds\":[]}"));

    Req defaultConsumers =
        req("GET", "/licensees/" + org + "/license-containers/default/license-consumers");
    faults(defaultConsumers);
    assertThat(expect(200, defaultConsumers).json()).hasSize(1);
    expect(
        404, req("GET", "/licensees/" + unknown + "/license-containers/default/license-consumers"));
    expect(400, defaultConsumers.with("limit", "abc"));

    Req licenseeConsumers = req("GET", "/licensees/" + person + "/license-consumers");
    faults(licenseeConsumers);
    assertThat(expect(200, licenseeConsumers).json()).hasSize(1);
    expect(404, req("GET", "/licensees/" + unknown + "/license-consumers"));
    expect(400, licenseeConsumers.with("order-asc", "maybe"));

    // --- named containers, access to them, and revoking access
    String named = containerLifecycle(org, person, container, consumer, unknown);

    Req revokeDefault =
        req(
            "POST",
            "/licensees/" + org + "/license-containers/default/actions/revoke-access",
            "{\"licenseConsumerIds\":[\"" + consumer + "\"]}");
    faults(revokeDefault);
    expect(204, revokeDefault);
    expect(204, revokeDefault); // revoking access the consumer no longer has is a no-op
    assertThat(expect(200, defaultConsumers).json()).isEmpty();
    expect(404, revokeDefault.body("{\"licenseConsumerIds\":[\"" + unknown + "\"]}"));
    expect(400, revokeDefault.body("{\"licenseConsumerIds\":[\"" + bad + "\"]}"));

    Req deleteContainer = req("DELETE", "/licensees/" + org + "/license-containers/" + named);
    faults(deleteContainer);
    expect(204, deleteContainer);
    expect(404, deleteContainer);
    expect(400, req("DELETE", "/licensees/" + org + "/license-containers/" + container));

    // --- products
    Req products = req("GET", "/products");
    faults(products);
    JsonNode catalogue =
        expect(200, products.with("order-by", "name").with("order-asc", "true")).json();
    assertThat(catalogue).hasSize(1);
    assertThat(catalogue.get(0).path("configurations").get(0).path("id").asText())
        .isEqualTo(PRO.productConfigId().toString());
    expect(400, products.with("order-by", "colour"));

    // --- licenses
    Req grant =
        req(
            "POST",
            "/licensees/" + org + "/licenses/actions/grant-by-product-config",
            "{\"productConfigId\":\""
                + PRO.productConfigId()
                + "\",\"qty\":5,"
                + "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00+01:00\","
                + "\"licenseContainerId\":\""
                + container
                + "\",\"orderReference\":\"crm:3001:1\","
                + "\"productReference\":\"SKU-PRO\",\"subscriptionReference\":\"SUB-1\","
                + "\"contractReference\":\"CT-1\"}");
    faults(grant);
    String license = expect(200, grant).id();
    expect(200, grant.body("{\"productConfigId\":\"" + PRO.productConfigId() + "\"}"));
    expect(404, grant.body("{\"productConfigId\":\"" + unknown + "\"}"));
    expect(400, grant.body("{\"productConfigId\":\"" + PRO.productConfigId() + "\",\"qty\":0}"));

    Req licenses = req("GET", "/licensees/" + org + "/licenses").query("withMetadata", "true");
    faults(licenses);
    JsonNode withMeta = expect(200, licenses).json();
    assertThat(withMeta).hasSize(2);
    assertThat(withMeta.get(0).has("licenseMetadata")).isTrue();
    assertThat(
            expect(200, req("GET", "/licensees/" + org + "/licenses"))
                .json()
                .get(0)
                .has("licenseMetadata"))
        .isFalse();
    expect(404, req("GET", "/licensees/" + unknown + "/licenses"));
    expect(400, licenses.query("withMetadata", "maybe"));

    Req getLicense =
        req("GET", "/licensees/" + org + "/licenses/" + license).query("withMetadata", "true");
    faults(getLicense);
    assertThat(
            expect(200, getLicense).json().path("licenseMetadata").path("orderReference").asText())
        .isEqualTo("crm:3001:1");
    expect(404, req("GET", "/licensees/" + person + "/licenses/" + license));
    expect(400, req("GET", "/licensees/" + org + "/licenses/" + bad));

    Req editValidity =
        req(
            "PUT",
            "/licensees/" + org + "/licenses/actions/edit-validity",
            "{\"licenseIds\":[\"" + license + "\"],\"validUntil\":\"2028-01-01T00:00:00Z\"}");
    faults(editValidity);
    JsonNode edited = expect(200, editValidity).json().get(0);
    assertThat(edited.path("validUntil").asText()).isEqualTo("2028-01-01T00:00:00Z");
    assertThat(edited.path("validFrom").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(edited.path("qty").asInt()).isEqualTo(5);
    expect(
        404,
        editValidity.body(
            "{\"licenseIds\":[\"" + unknown + "\"],\"validUntil\":\"2028-01-01T00:00:00Z\"}"));
    expect(
        400,
        editValidity.body(
            "{\"licenseIds\":[\"" + license + "\"],\"validUntil\":\"2025-01-01T00:00:00Z\"}"));

    Req revoke =
        req(
            "PUT",
            "/licensees/" + org + "/licenses/actions/revoke",
            "{\"licenseIds\":[\"" + license + "\"],\"validUntil\":\"2026-06-30T00:00:00Z\"}");
    faults(revoke);
    expect(200, revoke);
    expect(
        404,
        revoke.body(
            "{\"licenseIds\":[\"" + unknown + "\"],\"validUntil\":\"2026-06-30T00:00:00Z\"}"));
    expect(400, revoke.body("{\"licenseIds\":[\"" + license + "\"]}"));

    Req deleteLicense = req("DELETE", "/licensees/" + org + "/licenses/" + license);
    faults(deleteLicense);
    expect(204, deleteLicense);
    expect(404, deleteLicense);
    expect(400, req("DELETE", "/licensees/" + org + "/licenses/" + bad));

    Req describe =
        req("GET", "/licensing/actions/describe-license-consumer-licensees")
            .query("licenseConsumerId", consumer);
    faults(describe);
    expect(200, describe);
    expect(404, describe.query("licenseConsumerId", unknown));
    expect(400, describe.query("licenseConsumerId", bad));

    // --- deletes last
    Req deleteConsumer = req("DELETE", "/license-consumers/" + consumer);
    faults(deleteConsumer);
    expect(204, deleteConsumer);
    expect(404, deleteConsumer);
    expect(400, req("DELETE", "/license-consumers/" + bad));

    Req deleteUser = req("DELETE", "/licensees/actions/delete-user").query("licenseeId", person);
    faults(deleteUser);
    expect(400, deleteUser.query("licenseeId", org)); // an organization: DELETE /licensees/{id}
    expect(400, req("DELETE", "/licensees/" + person)); // a person: delete-user
    expect(204, deleteUser);
    expect(404, deleteUser);
    expect(400, deleteUser.query("licenseeId", bad));

    Req deleteLicensee = req("DELETE", "/licensees/" + org);
    faults(deleteLicensee);
    expect(204, deleteLicensee);
    expect(404, deleteLicensee);
    expect(400, req("DELETE", "/licensees/" + bad));

    assertThat(covered).as("operationId -> statuses validated").isEqualTo(declared());
  }

  /** Creates, edits and lists a named container and grants and revokes access to it. */
  private String containerLifecycle(
      String org, String person, String defaultContainer, String consumer, String unknown)
      throws Exception {
    Req create =
        req("POST", "/licensees/" + org + "/license-containers", "{\"name\":\"Team Nord\"}");
    faults(create);
    String named = expect(201, create).id();
    expect(404, req("POST", "/licensees/" + unknown + "/license-containers", "{\"name\":\"x\"}"));
    expect(400, create.body("{\"usedAsDefault\":true}"));

    Req update =
        req("PUT", "/licensees/" + org + "/license-containers/" + named, "{\"name\":\"Team Süd\"}");
    faults(update);
    assertThat(expect(200, update).json().path("name").asText()).isEqualTo("Team Süd");
    expect(
        400,
        req(
            "PUT",
            "/licensees/" + org + "/license-containers/" + defaultContainer,
            "{\"name\":\"default\",\"usedAsDefault\":false}"));
    expect(
        404,
        req("PUT", "/licensees/" + person + "/license-containers/" + named, "{\"name\":\"x\"}"));

    String ids = "{\"licenseConsumerIds\":[\"" + consumer + "\"]}";
    String unknownIds = "{\"licenseConsumerIds\":[\"" + unknown + "\"]}";
    Req grant =
        req(
            "POST",
            "/licensees/" + org + "/license-containers/" + named + "/actions/grant-access",
            ids);
    faults(grant);
    expect(204, grant);
    expect(404, grant.body(unknownIds));
    expect(400, grant.body("{\"licenseConsumerIds\":[]}"));

    Req consumers =
        req("GET", "/licensees/" + org + "/license-containers/" + named + "/license-consumers");
    faults(consumers);
    assertThat(expect(200, consumers).json()).hasSize(1);
    expect(
        404,
        req("GET", "/licensees/" + person + "/license-containers/" + named + "/license-consumers"));
    expect(400, consumers.with("limit", "101"));

    Req revoke =
        req(
            "POST",
            "/licensees/" + org + "/license-containers/" + named + "/actions/revoke-access",
            ids);
    faults(revoke);
    expect(204, revoke);
    expect(204, revoke);
    assertThat(expect(200, consumers).json()).isEmpty();
    expect(404, revoke.body(unknownIds));
    expect(400, revoke.body("{}"));
    return named;
  }
}
