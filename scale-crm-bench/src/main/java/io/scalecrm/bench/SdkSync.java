package io.scalecrm.bench;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.crm.CheckpointStore;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncOptions;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.examples.file.CsvExportAdapter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Syncs an export the way the file CLI does: {@link CsvExportAdapter} over the CSV files and {@link
 * CrmSync} with the CLI's mapping (system {@code file}, the SKU map), pages of 100.
 */
final class SdkSync {
  private SdkSync() {}

  static Run run(
      Target target,
      Scenario scenario,
      Export export,
      Path dir,
      CheckpointStore checkpoints,
      int concurrency,
      int latencyMs) {
    CrmMapping mapping =
        CrmMapping.builder(Export.SYSTEM).skus(SkuTable.load(dir.resolve("sku-map.csv"))).build();
    try (ScaleConnection connection = target.connect()) {
      CrmSync sync = CrmSync.builder().connection(connection).mapping(mapping).build();
      SyncOptions options =
          SyncOptions.builder()
              .concurrency(concurrency)
              .pageSize(100)
              .checkpoints(checkpoints)
              .maxReportedActions(0)
              .build();
      target.sandbox.journal().reset();
      long t0 = System.nanoTime();
      AtomicReference<SyncReport> done = new AtomicReference<>();
      AtomicReference<RuntimeException> failed = new AtomicReference<>();
      Thread worker =
          new Thread(
              () -> {
                try (CsvExportAdapter adapter =
                    CsvExportAdapter.builder().directory(dir).system(Export.SYSTEM).build()) {
                  done.set(sync.sync(adapter, options));
                } catch (RuntimeException e) {
                  failed.set(e);
                }
              },
              "bench-sync");
      worker.setDaemon(true);
      worker.start();
      String hung = Watchdog.await(worker, () -> target.sandbox.journal().entries().size());
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Long> calls = target.calls();
      long total = calls.values().stream().mapToLong(Long::longValue).sum();
      SyncReport report = done.get();
      String problem;
      if (report == null) {
        problem = hung != null ? hung : "the sync threw " + failed.get();
      } else if (report.failures().isEmpty()) {
        problem = report.stopped().map(s -> s.reason() + ": " + s.message()).orElse("");
      } else {
        problem = describe(report.failures().get(0)) + " (" + report.failures().size() + " failed)";
      }
      return new Run(
          scenario,
          export.label(),
          export.records(),
          scenario == Scenario.CHANGED ? export.changedRecords() : 0,
          concurrency,
          latencyMs,
          total,
          report == null ? -1 : report.apiCallsTotal(),
          Run.writes(calls),
          seconds,
          calls,
          report != null && report.successful(),
          problem);
    }
  }

  private static String describe(SyncFailure f) {
    return f.recordType() + " " + f.crmId() + ": " + f.reason() + " [" + f.kind() + "]";
  }
}
