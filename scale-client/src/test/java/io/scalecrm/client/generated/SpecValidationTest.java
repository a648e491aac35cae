package io.scalecrm.client.generated;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The spec parses without any message and holds exactly the operations the SDK relies on. */
class SpecValidationTest {
  static final Path SPEC = Path.of("..", "openapi", "scale-license-management.yaml");
  static OpenAPI api;
  static SwaggerParseResult result;

  @BeforeAll
  static void parse() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    assertThat(SPEC).exists();
    result = new OpenAPIV3Parser().readLocation(SPEC.toString(), null, options);
    api = result.getOpenAPI();
  }

  @Test
  void parsesWithoutErrorsOrWarnings() {
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    assertThat(api).isNotNull();
    assertThat(api.getOpenapi()).isEqualTo("3.0.3");
  }

  @Test
  void containsExactlyTheDocumentedOperations() {
    List<String> expected =
        List.of(
            "GET /licensees",
            "GET /licensees/actions/find-by-email",
            "GET /licensees/actions/find-by-naturalid",
            "POST /licensees/actions/setup-organization",
            "POST /licensees/actions/setup-user",
            "PUT /licensees/{licenseeId}",
            "GET /license-consumers",
            "GET /license-consumers/actions/find-by-email",
            "GET /license-consumers/actions/find-by-externalreference",
            "GET /licensees/{licenseeId}/license-consumers",
            "POST /license-consumers",
            "PUT /license-consumers/{licenseConsumerId}",
            "POST /licensees/{licenseeId}/license-containers/default/actions/grant-access",
            "POST /licensees/{licenseeId}/licenses/actions/grant-by-product-config",
            "GET /licensees/{licenseeId}",
            "DELETE /licensees/{licenseeId}",
            "GET /license-consumers/{licenseConsumerId}",
            "DELETE /license-consumers/{licenseConsumerId}",
            "GET /licensees/{licenseeId}/license-containers",
            "GET /licensees/{licenseeId}/license-containers/{licenseContainerId}",
            "GET /licensees/{licenseeId}/license-containers/default/license-consumers",
            "GET /licensees/{licenseeId}/licenses",
            "GET /licensees/{licenseeId}/licenses/{licenseId}",
            "PUT /licensees/{licenseeId}/licenses/actions/revoke",
            "DELETE /licensees/{licenseeId}/licenses/{licenseId}",
            // lifecycle (issue 12) and the SKU-map check
            "DELETE /licensees/actions/delete-user",
            "POST /licensees/{licenseeId}/license-containers",
            "PUT /licensees/{licenseeId}/license-containers/{licenseContainerId}",
            "DELETE /licensees/{licenseeId}/license-containers/{licenseContainerId}",
            "GET /licensees/{licenseeId}/license-containers/{licenseContainerId}/license-consumers",
            "POST /licensees/{licenseeId}/license-containers/{licenseContainerId}/actions/grant-access",
            "POST /licensees/{licenseeId}/license-containers/default/actions/revoke-access",
            "POST /licensees/{licenseeId}/license-containers/{licenseContainerId}/actions/revoke-access",
            "PUT /licensees/{licenseeId}/licenses/actions/edit-validity",
            "GET /products",
            // does a departed contact's consumer still have access elsewhere?
            "GET /licensing/actions/describe-license-consumer-licensees");
    assertThat(operations().keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theLifecycleOperationsHaveTheirAgreedOperationIds() {
    Map<String, String> ids = new java.util.TreeMap<>();
    operations().forEach((key, op) -> ids.put(op.getOperationId(), key));
    assertThat(ids)
        .containsEntry("deleteUser", "DELETE /licensees/actions/delete-user")
        .containsEntry("createLicenseContainer", "POST /licensees/{licenseeId}/license-containers")
        .containsEntry(
            "updateLicenseContainer",
            "PUT /licensees/{licenseeId}/license-containers/{licenseContainerId}")
        .containsEntry(
            "deleteLicenseContainer",
            "DELETE /licensees/{licenseeId}/license-containers/{licenseContainerId}")
        .containsEntry(
            "listLicenseContainerLicenseConsumers",
            "GET /licensees/{licenseeId}/license-containers/{licenseContainerId}/license-consumers")
        .containsEntry(
            "grantAccessToLicenseContainer",
            "POST /licensees/{licenseeId}/license-containers/{licenseContainerId}/actions/grant-access")
        .containsEntry(
            "revokeAccessToDefaultContainer",
            "POST /licensees/{licenseeId}/license-containers/default/actions/revoke-access")
        .containsEntry(
            "revokeAccessToLicenseContainer",
            "POST /licensees/{licenseeId}/license-containers/{licenseContainerId}/actions/revoke-access")
        .containsEntry(
            "editLicenseValidity", "PUT /licensees/{licenseeId}/licenses/actions/edit-validity")
        .containsEntry("listProducts", "GET /products")
        .containsEntry(
            "describeLicenseConsumerLicensees",
            "GET /licensing/actions/describe-license-consumer-licensees");
    // each undocumented detail of the new operations is explained where it is assumed
    for (String id :
        List.of(
            "deleteUser",
            "createLicenseContainer",
            "updateLicenseContainer",
            "deleteLicenseContainer",
            "listLicenseContainerLicenseConsumers",
            "grantAccessToLicenseContainer",
            "revokeAccessToDefaultContainer",
            "revokeAccessToLicenseContainer",
            "editLicenseValidity",
            "listProducts",
            "describeLicenseConsumerLicensees")) {
      Operation op = operations().get(ids.get(id));
      assertThat(op.getExtensions()).as(id).containsKey("x-assumption");
    }
  }

  @Test
  void accessAndValidityBodiesTakeOneToOneHundredIds() {
    for (String schema :
        List.of("GrantAccessRequest", "RevokeAccessRequest", "EditLicenseValidityRequest")) {
      io.swagger.v3.oas.models.media.Schema<?> s = api.getComponents().getSchemas().get(schema);
      String ids = schema.startsWith("Edit") ? "licenseIds" : "licenseConsumerIds";
      io.swagger.v3.oas.models.media.Schema<?> list =
          (io.swagger.v3.oas.models.media.Schema<?>) s.getProperties().get(ids);
      assertThat(s.getRequired()).as(schema).containsExactly(ids);
      assertThat(list.getMinItems()).as(schema).isEqualTo(1);
      assertThat(list.getMaxItems()).as(schema).isEqualTo(100);
    }
  }

  @Test
  void everyOperationIsSecuredAndDocumentsTheStandardErrors() {
    assertThat(api.getSecurity()).hasSize(1);
    assertThat(api.getSecurity().get(0)).containsOnlyKeys("ScaleJwt");
    SecurityScheme scheme = api.getComponents().getSecuritySchemes().get("ScaleJwt");
    // an API key in the Authorization header whose value is "ScaleJwt <jwt>": generators know
    // apiKey, while an http scheme named ScaleJwt is not registered and makes them warn
    assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
    assertThat(scheme.getIn()).isEqualTo(SecurityScheme.In.HEADER);
    assertThat(scheme.getName()).isEqualTo("Authorization");
    assertThat(scheme.getDescription()).contains("`Authorization: ScaleJwt <jwt>`");
    assertThat(scheme.getExtensions()).containsKey("x-assumption");
    operations()
        .forEach(
            (key, op) -> {
              assertThat(op.getOperationId()).as(key).isNotBlank();
              assertThat(op.getResponses().keySet())
                  .as("responses of " + key)
                  .contains("400", "401", "403", "429", "5XX");
              boolean hasPathParam = key.contains("{");
              if (hasPathParam || key.contains("find-by")) {
                assertThat(op.getResponses()).as(key).containsKey("404");
              }
            });
  }

  @Test
  void listOperationsPageWithHeaders() {
    List<String> lists = new ArrayList<>();
    operations()
        .forEach(
            (key, op) -> {
              if (op.getOperationId().startsWith("list")) {
                lists.add(key);
                List<String> headers = new ArrayList<>();
                for (Parameter p : op.getParameters()) {
                  if ("header".equals(p.getIn())) {
                    headers.add(p.getName());
                  }
                }
                assertThat(headers).as(key).contains("offset", "limit", "order-by", "order-asc");
                assertThat(
                        op.getResponses()
                            .get("200")
                            .getContent()
                            .get("application/json")
                            .getSchema()
                            .getType())
                    .as(key + " answers a bare array")
                    .isEqualTo("array");
              }
            });
    assertThat(lists).hasSize(8);
  }

  @Test
  void everyAssumptionIsExplained() throws Exception {
    String text = Files.readString(SPEC);
    long notes = text.lines().filter(l -> l.contains("x-assumption:")).count();
    assertThat(notes).as("x-assumption notes").isGreaterThanOrEqualTo(25);
    text.lines()
        .filter(l -> l.strip().startsWith("x-assumption:"))
        .forEach(
            l -> {
              String value = l.substring(l.indexOf(':') + 1).strip();
              assertThat(value).as(l).isNotEmpty();
            });
  }

  private static Map<String, Operation> operations() {
    Map<String, Operation> ops = new java.util.TreeMap<>();
    for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
      e.getValue()
          .readOperationsMap()
          .forEach((method, op) -> ops.put(method.name() + " " + e.getKey(), op));
    }
    assertThat(new TreeSet<>(ops.keySet())).isNotEmpty();
    return ops;
  }
}
