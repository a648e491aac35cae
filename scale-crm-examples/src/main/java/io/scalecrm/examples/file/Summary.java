package io.scalecrm.examples.file;

import io.scalecrm.crm.OutcomeCounts;
import io.scalecrm.crm.SyncAction;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The human-readable summary of a sync report. */
final class Summary {
  private Summary() {}

  /** Lower-case name of a record type: {@code account}, {@code order line}. */
  static String label(CrmRecordType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Lower-case plural name of a record type: {@code accounts}, {@code order lines}. */
  static String plural(CrmRecordType type) {
    return label(type) + "s";
  }

  /**
   * One failure as {@code <type> <crmId> field <field>: <reason>}; the crmId gets the failure's
   * file and row when the adapter knows them and the id does not already say.
   */
  static String failure(SyncFailure f, Function<SyncFailure, Optional<String>> locate) {
    return label(f.recordType())
        + " "
        + f.crmId()
        + locate.apply(f).map(where -> " (" + where + ")").orElse("")
        + (f.field() == null ? "" : " field " + f.field())
        + ": "
        + f.reason()
        + (f.pending() ? " (pending: retried by the next run)" : "");
  }

  /** Prints the summary of one run. */
  static void print(
      PrintStream out,
      String title,
      SyncReport report,
      Function<SyncFailure, Optional<String>> locate) {
    out.println(
        title
            + " ("
            + (report.dryRun() ? "dry run, nothing written, " : "")
            + seconds(report)
            + " s):");
    out.printf(
        Locale.ROOT, "  %-12s %8s %8s %10s %7s%n", "", "created", "updated", "unchanged", "failed");
    Set<CrmRecordType> types =
        EnumSet.of(CrmRecordType.ACCOUNT, CrmRecordType.CONTACT, CrmRecordType.ORDER_LINE);
    types.addAll(report.counts().keySet());
    for (CrmRecordType type : types) {
      OutcomeCounts c = report.countsOf(type);
      out.printf(
          Locale.ROOT,
          "  %-12s %8d %8d %10d %7d%n",
          plural(type),
          c.created(),
          c.updated(),
          c.unchanged(),
          c.failed());
    }
    out.println(
        "  "
            + (report.dryRun()
                ? "planned writes: " + report.actions().size()
                : "writes: " + report.writes())
            + ", API calls: "
            + report.apiCallsTotal());
    if (!report.apiCalls().isEmpty()) {
      out.println("    by operation: " + calls(report.apiCalls()));
    }
    if (report.failures().isEmpty()) {
      out.println("  failures: none");
    } else {
      out.println("  failures (" + report.failures().size() + "):");
      for (SyncFailure f : report.failures()) {
        out.println("    " + failure(f, locate));
      }
    }
  }

  /** Prints the plan of a dry run: every write the real run would make. */
  static void printPlan(PrintStream out, SyncReport report) {
    out.println("Plan (" + report.actions().size() + " writes):");
    for (SyncAction a : report.actions()) {
      out.println(
          "  "
              + a.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " for "
              + label(a.recordType())
              + " "
              + a.crmId()
              + ": "
              + a.detail());
    }
  }

  private static String calls(Map<String, Long> calls) {
    List<String> parts = new ArrayList<>();
    calls.forEach((op, n) -> parts.add(op + " " + n));
    return String.join(", ", parts);
  }

  private static String seconds(SyncReport report) {
    return String.format(Locale.ROOT, "%.1f", report.elapsed().toMillis() / 1000.0);
  }
}
