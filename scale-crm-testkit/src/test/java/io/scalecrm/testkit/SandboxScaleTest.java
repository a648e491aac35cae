package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sandbox stays cheap with many entities (issue 10): 200,000 licensees and 20,000 consumers are
 * created through the store's real operations, then looked up and paged. With the former linear
 * scans every create checked every licensee (about 2 * 10^10 comparisons for the creates alone), so
 * this test could not finish within the test run; it asserts results, never time.
 */
class SandboxScaleTest {

  private static final int LICENSEES = 200_000;
  private static final int CONSUMERS = 20_000;

  private final ObjectMapper json = new ObjectMapper();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final SandboxStore store = new SandboxStore(clock, json);

  private SandboxStore.Reply call(
      String operationId, Map<String, String> path, Map<String, String> query, String body) {
    return call(operationId, path, query, Map.of(), body);
  }

  private SandboxStore.Reply call(
      String operationId,
      Map<String, String> path,
      Map<String, String> query,
      Map<String, String> headers,
      String body) {
    try {
      return store.handle(
          new SandboxStore.Call(
              operationId, path, query, headers, body.getBytes(StandardCharsets.UTF_8)));
    } catch (ApiError e) { // the HTTP handler turns these into error answers
      return new SandboxStore.Reply(e.status(), null);
    }
  }

  @Test
  void lookupsAndPagesStayCheapWithHundredsOfThousandsOfEntities() {
    List<UUID> ids = new ArrayList<>(LICENSEES);
    for (int i = 0; i < LICENSEES; i++) {
      clock.advance(Duration.ofMillis(1)); // distinct creation times: the page order is known
      SandboxStore.Reply r =
          call(
              "setupOrganization",
              Map.of(),
              Map.of(),
              "{\"name\":\"Org "
                  + i
                  + "\",\"naturalId\":\"crm:"
                  + i
                  + "\",\"externalReference\":\"acc-"
                  + i
                  + "\",\"email\":\"billing"
                  + i
                  + "@org.example\"}");
      assertThat(r.status()).isEqualTo(201);
      ids.add(UUID.fromString(r.body().get("id").asText()));
    }
    for (int i = 0; i < CONSUMERS; i++) {
      clock.advance(Duration.ofMillis(1));
      assertThat(
              call(
                      "createLicenseConsumer",
                      Map.of(),
                      Map.of(),
                      "{\"name\":\"P "
                          + i
                          + "\",\"type\":\"PERSON\",\"externalReference\":\"c-"
                          + i
                          + "\",\"email\":\"p"
                          + i
                          + "@people.example\"}")
                  .status())
          .isEqualTo(201);
    }

    // lookups by naturalId, email (any case) and externalReference
    assertThat(
            call("findLicenseeByNaturalId", Map.of(), Map.of("naturalId", "crm:123456"), "")
                .body()
                .get("name")
                .asText())
        .isEqualTo("Org 123456");
    assertThat(
            call("findLicenseeByEmail", Map.of(), Map.of("email", "BILLING199999@ORG.example"), "")
                .body()
                .get("id")
                .asText())
        .isEqualTo(ids.get(199_999).toString());
    assertThat(
            call(
                    "findLicenseConsumerByExternalReference",
                    Map.of(),
                    Map.of("externalReference", "c-19999"),
                    "")
                .body()
                .get("email")
                .asText())
        .isEqualTo("p19999@people.example");
    // a clash is still found without a scan
    assertThat(
            call(
                    "setupOrganization",
                    Map.of(),
                    Map.of(),
                    "{\"name\":\"Dup\",\"email\":\"P777@people.EXAMPLE\"}")
                .status())
        .isEqualTo(409);

    // a page deep into the default order (created ascending, as the SDK reads), and descending
    JsonNode page =
        call(
                "listLicensees",
                Map.of(),
                Map.of(),
                Map.of(
                    "offset", "150000", "limit", "100", "order-by", "created", "order-asc", "true"),
                "")
            .body();
    assertThat(page).hasSize(100);
    for (int k = 0; k < 100; k++) {
      assertThat(page.get(k).get("id").asText()).isEqualTo(ids.get(150_000 + k).toString());
    }
    JsonNode newest = call("listLicensees", Map.of(), Map.of(), Map.of("limit", "3"), "").body();
    assertThat(newest)
        .extracting(n -> n.get("name").asText())
        .containsExactly("Org 199999", "Org 199998", "Org 199997");
    JsonNode consumers =
        call(
                "listLicenseConsumers",
                Map.of(),
                Map.of(),
                Map.of("offset", "19998", "limit", "100", "order-asc", "true"),
                "")
            .body();
    assertThat(consumers)
        .extracting(n -> n.get("name").asText())
        .containsExactly("P 19998", "P 19999");

    // a licensee's own lists and a delete keep the indexes consistent
    String id = ids.get(42).toString();
    assertThat(call("deleteLicensee", Map.of("licenseeId", id), Map.of(), "").status())
        .isEqualTo(204);
    assertThat(
            call("findLicenseeByNaturalId", Map.of(), Map.of("naturalId", "crm:42"), "").status())
        .isEqualTo(404);
    JsonNode after =
        call(
                "listLicensees",
                Map.of(),
                Map.of(),
                Map.of("offset", "40", "limit", "4", "order-asc", "true"),
                "")
            .body();
    assertThat(after)
        .extracting(n -> n.get("name").asText())
        .containsExactly("Org 40", "Org 41", "Org 43", "Org 44");
  }
}
