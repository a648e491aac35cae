package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class CallJournalTest {
  @Test
  void countsEveryRequestAndWritesSeparately() throws Exception {
    try (ScaleSandbox sandbox = ScaleSandbox.startWithGeneratedKey()) {
      HttpClient http = HttpClient.newHttpClient();
      // unauthenticated: answered 401, still journaled
      http.send(
          HttpRequest.newBuilder(sandbox.baseUrl().resolve("/licensees")).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      http.send(
          HttpRequest.newBuilder(sandbox.baseUrl().resolve("/licensees/actions/setup-organization"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build(),
          HttpResponse.BodyHandlers.discarding());

      assertThat(sandbox.journal().counts())
          .containsEntry("listLicensees", 1)
          .containsEntry("setupOrganization", 1);
      assertThat(sandbox.journal().entries()).extracting(JournalEntry::status).containsOnly(401);
      assertThat(sandbox.journal().writes()).isEqualTo(1);
      sandbox.journal().reset();
      assertThat(sandbox.journal().writes()).isZero();
    }
  }
}
