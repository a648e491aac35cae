package io.scalecrm.examples.runner;

import io.scalecrm.crm.OutcomeCounts;
import io.scalecrm.crm.RunStop;
import io.scalecrm.crm.StopReason;
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
import java.util.Set;

/** The human-readable summary of a sync report, the same for every app. */
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
   * One failure as {@code <type> <crmId> (<location>) field <field>: <reason>}, in the user's terms
   * (the source's row and column names), marked when the record stays pending.
   */
  static String failure(SyncFailure f, RunSource source) {
    String field = source.field(f);
    return label(f.recordType())
        + " "
        + f.crmId()
        + source.location(f).map(where -> " (" + where + ")").orElse("")
        + (field == null ? "" : " field " + field)
        + ": "
        + f.reason()
        + (f.pending() ? " (pending: retried by the next run)" : "");
  }

  /** Prints the summary of one run. */
  static void print(PrintStream out, String title, SyncReport report, RunSource source) {
    out.println(
        title
            + " ("
            + (report.dryRun() ? "dry run, nothing written, " : "")
            + seconds(report)
            + " s):");
    out.printf(
        Locale.ROOT,
        "  %-12s %8s %8s %10s %8s %7s%n",
        "",
        "created",
        "updated",
        "unchanged",
        "removed",
        "failed");
    Set<CrmRecordType> types =
        EnumSet.of(CrmRecordType.ACCOUNT, CrmRecordType.CONTACT, CrmRecordType.ORDER_LINE);
    types.addAll(report.counts().keySet());
    for (CrmRecordType type : types) {
      OutcomeCounts c = report.countsOf(type);
      out.printf(
          Locale.ROOT,
          "  %-12s %8d %8d %10d %8d %7d%n",
          plural(type),
          c.created(),
          c.updated(),
          c.unchanged(),
          c.removed(),
          c.failed());
    }
    out.println(
        "  "
            + (report.dryRun()
                ? "planned writes: " + plannedWrites(report)
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
        out.println("    " + failure(f, source));
      }
    }
    report.stopped().ifPresent(stop -> out.println("  " + stopped(stop)));
    if (!report.complete()) {
      long pending = report.pendingRecords();
      out.println(
          "  incomplete: "
              + (pending == 0
                  ? "the run did not handle everything it read"
                  : pending + (pending == 1 ? " record" : " records") + " pending")
              + ": "
              + (pending == 0 ? "the next run reads it again" : "they are retried by the next run")
              + (report.stopped().isPresent() ? "" : " (see the failures above)"));
    }
  }

  /** The line for an early stop, with what to do. */
  static String stopped(RunStop stop) {
    return "stopped early ("
        + stop.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + "): "
        + stop.message()
        + (stop.reason() == StopReason.REMOVAL_GUARD
            ? " Raise --max-removals if these removals are intended."
            : "");
  }

  /** Prints the plan of a dry run: every write the real run would make (as far as kept). */
  static void printPlan(PrintStream out, SyncReport report) {
    long planned = plannedWrites(report);
    out.println("Plan (" + planned + " writes):");
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
    if (planned > report.actions().size()) {
      out.println(
          "  ... and "
              + (planned - report.actions().size())
              + " more (--report FILE lists every one)");
    }
  }

  private static long plannedWrites(SyncReport report) {
    long counted = report.actionCounts().values().stream().mapToLong(Long::longValue).sum();
    return Math.max(counted, report.actions().size());
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
