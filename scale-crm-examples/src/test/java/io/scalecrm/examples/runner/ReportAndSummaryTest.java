package io.scalecrm.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.ActionType;
import io.scalecrm.crm.FailureKind;
import io.scalecrm.crm.OutcomeCounts;
import io.scalecrm.crm.RunStop;
import io.scalecrm.crm.StopReason;
import io.scalecrm.crm.SyncAction;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary and the JSON report of runs that are not complete, and of long runs. */
class ReportAndSummaryTest {
  @TempDir Path dir;

  /** Names failures as a file-based source would: a row, and a column for the field. */
  private static final RunSource SOURCE =
      new RunSource() {
        @Override
        public CrmAdapter adapter() {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> location(SyncFailure f) {
          return Optional.of("orders.csv row 7");
        }

        @Override
        public @Nullable String field(SyncFailure f) {
          return "validFrom".equals(f.field()) ? "valid_from" : f.field();
        }
      };

  private static SyncReport incomplete(List<SyncAction> keptActions) {
    return new SyncReport(
        false,
        Map.of(CrmRecordType.ORDER_LINE, new OutcomeCounts(2, 0, 0, 0, 1)),
        List.of(
            new SyncFailure(
                CrmRecordType.ORDER_LINE,
                "L-9",
                "validFrom",
                "Scale refused the license",
                FailureKind.ENVIRONMENT)),
        Map.of("grantLicensesByProductConfig", 3L),
        Map.of(ActionType.ISSUE_LICENSE, 3L),
        keptActions,
        3,
        new RunStop(StopReason.INTERRUPTED, "a stop was requested"),
        Duration.ofMillis(1500));
  }

  private static SyncAction action(int i) {
    return new SyncAction(ActionType.ISSUE_LICENSE, CrmRecordType.ORDER_LINE, "L-" + i, "qty=1");
  }

  @Test
  void summarySaysTheRunIsIncompleteWhyAndWhatIsPendingInTheUsersTerms() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Summary.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        "Summary",
        incomplete(List.of()),
        SOURCE);
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains(
            "order line L-9 (orders.csv row 7) field valid_from: Scale refused the license"
                + " (pending: retried by the next run)")
        .contains("stopped early (interrupted): a stop was requested")
        .contains("incomplete: 3 records pending: they are retried by the next run")
        .doesNotContain("validFrom");
  }

  @Test
  void reportStreamsEveryActionEvenThoseTheBoundedReportDropped() throws IOException {
    Path target = dir.resolve("report.json");
    SyncReport report = incomplete(List.of(action(1))); // the report kept only the first
    try (ReportFile file = ReportFile.open(target)) {
      for (int i = 1; i <= 3; i++) {
        file.onAction(action(i));
      }
      file.finish(report, SOURCE);
    }

    JsonNode r = new ObjectMapper().readTree(target.toFile());
    assertThat(r.get("actions")).hasSize(3);
    assertThat(r.at("/actions/2/crmId").asText()).isEqualTo("L-3");
    assertThat(r.get("complete").asBoolean()).isFalse();
    assertThat(r.get("successful").asBoolean()).isFalse();
    assertThat(r.at("/stop/reason").asText()).isEqualTo("INTERRUPTED");
    assertThat(r.get("pendingRecords").asLong()).isEqualTo(3);
    assertThat(r.at("/actionCounts/ISSUE_LICENSE").asLong()).isEqualTo(3);
    assertThat(r.at("/failures/0/field").asText()).isEqualTo("valid_from");
    assertThat(r.at("/failures/0/location").asText()).isEqualTo("orders.csv row 7");
    assertThat(r.at("/failures/0/kind").asText()).isEqualTo("ENVIRONMENT");
    assertThat(r.at("/failures/0/pending").asBoolean()).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the spool and temporary files are gone")
          .containsExactly("report.json");
    }
  }

  @Test
  void exitCodesFollowCompletenessNotJustFailures() {
    SyncReport done =
        new SyncReport(
            false, Map.of(), List.of(), Map.of(), Map.of(), List.of(), 0, null, Duration.ZERO);
    SyncReport pendingOnly =
        new SyncReport(
            false, Map.of(), List.of(), Map.of(), Map.of(), List.of(), 2, null, Duration.ZERO);
    SyncReport refused =
        new SyncReport(
            false,
            Map.of(),
            List.of(),
            Map.of(),
            Map.of(),
            List.of(),
            0,
            new RunStop(StopReason.AUTHENTICATION, "401"),
            Duration.ZERO);

    assertThat(ExitCodes.of(done)).isEqualTo(ExitCodes.OK);
    assertThat(ExitCodes.of(pendingOnly)).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(ExitCodes.of(incomplete(List.of()))).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(ExitCodes.of(refused)).isEqualTo(ExitCodes.UNREACHABLE);
  }
}
