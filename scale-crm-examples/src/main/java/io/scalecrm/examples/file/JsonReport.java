package io.scalecrm.examples.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scalecrm.crm.OutcomeCounts;
import io.scalecrm.crm.SyncAction;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes a {@link SyncReport} as JSON: {@code dryRun}, {@code successful}, {@code elapsed}
 * (ISO-8601) and {@code elapsedMillis}, {@code writes}, {@code apiCallsTotal}, {@code counts} per
 * record type, {@code apiCalls} per operation, {@code failures} and {@code actions}. Record types
 * are written in lower case ({@code account}, {@code order_line}).
 */
final class JsonReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static void write(Path file, SyncReport report, Function<SyncFailure, Optional<String>> locate)
      throws IOException {
    Files.writeString(file, JSON.writeValueAsString(tree(report, locate)) + "\n");
  }

  static Map<String, Object> tree(
      SyncReport report, Function<SyncFailure, Optional<String>> locate) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dryRun", report.dryRun());
    root.put("successful", report.successful());
    root.put("elapsed", report.elapsed().toString());
    root.put("elapsedMillis", report.elapsed().toMillis());
    root.put("writes", report.writes());
    root.put("apiCallsTotal", report.apiCallsTotal());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Map.Entry<CrmRecordType, OutcomeCounts> e : report.counts().entrySet()) {
      OutcomeCounts c = e.getValue();
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("created", c.created());
      one.put("updated", c.updated());
      one.put("unchanged", c.unchanged());
      one.put("failed", c.failed());
      counts.put(key(e.getKey()), one);
    }
    root.put("counts", counts);
    root.put("apiCalls", new LinkedHashMap<>(report.apiCalls()));
    List<Object> failures = new ArrayList<>();
    for (SyncFailure f : report.failures()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("recordType", key(f.recordType()));
      one.put("crmId", f.crmId());
      one.put("location", locate.apply(f).orElse(null));
      one.put("field", f.field());
      one.put("reason", f.reason());
      one.put("kind", f.kind().name());
      one.put("pending", f.pending());
      failures.add(one);
    }
    root.put("failures", failures);
    List<Object> actions = new ArrayList<>();
    for (SyncAction a : report.actions()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("type", a.type().name());
      one.put("recordType", key(a.recordType()));
      one.put("crmId", a.crmId());
      one.put("detail", a.detail());
      actions.add(one);
    }
    root.put("actions", actions);
    return root;
  }

  private static String key(CrmRecordType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
