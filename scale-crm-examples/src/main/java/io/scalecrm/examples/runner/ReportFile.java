package io.scalecrm.examples.runner;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.ActionType;
import io.scalecrm.crm.OutcomeCounts;
import io.scalecrm.crm.SyncAction;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncListener;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --report} file: a single JSON object with {@code dryRun}, {@code complete}, {@code
 * successful}, {@code stop}, {@code pendingRecords}, {@code elapsed}, {@code elapsedMillis}, {@code
 * writes}, {@code apiCallsTotal}, {@code counts}, {@code actionCounts}, {@code apiCalls}, {@code
 * failures} and {@code actions}.
 *
 * <p>The report a sync returns keeps a bounded number of actions, so this listener streams every
 * action ({@link SyncListener#onAction}) to a spool file beside the report while the run goes on;
 * {@link #finish} then writes the report around them and moves it into place at once, so a reader
 * never sees half a report.
 */
final class ReportFile implements SyncListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path target;
  private final Path spool;
  private final BufferedWriter actions;
  private @Nullable IOException failure;

  private ReportFile(Path target, Path spool, BufferedWriter actions) {
    this.target = target;
    this.spool = spool;
    this.actions = actions;
  }

  /**
   * Starts a report: creates the spool file for the actions beside the target.
   *
   * @param target the report file
   * @return the report, to be {@linkplain #finish finished} and closed
   * @throws UsageException when the directory is not writable
   */
  static ReportFile open(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    try {
      Path spool = Files.createTempFile(dir, "." + target.getFileName() + ".", ".actions");
      return new ReportFile(target, spool, Files.newBufferedWriter(spool, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UsageException("--report " + target + ": cannot write in " + dir + ": " + e);
    }
  }

  @Override
  public synchronized void onAction(SyncAction a) {
    if (failure != null) {
      return;
    }
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("type", a.type().name());
    one.put("recordType", key(a.recordType()));
    one.put("crmId", a.crmId());
    one.put("detail", a.detail());
    try {
      actions.write(JSON.writeValueAsString(one));
      actions.newLine();
    } catch (IOException e) {
      failure = e;
    }
  }

  /**
   * Writes the report of a finished run.
   *
   * @param report the run's report
   * @param source names the failures in the user's terms
   * @throws UsageException when the report cannot be written
   */
  synchronized void finish(SyncReport report, RunSource source) {
    Path tmp = null;
    try {
      actions.flush();
      if (failure != null) {
        throw failure;
      }
      tmp = Files.createTempFile(spool.getParent(), "." + target.getFileName() + ".", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp);
          JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter();
        pretty.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        g.setPrettyPrinter(pretty);
        write(g, report, source);
        g.writeRaw('\n');
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UsageException("cannot write the report " + target + ": " + e.getMessage());
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  private void write(JsonGenerator g, SyncReport report, RunSource source) throws IOException {
    g.writeStartObject();
    g.writeBooleanField("dryRun", report.dryRun());
    g.writeBooleanField("complete", report.complete());
    g.writeBooleanField("successful", report.successful());
    if (report.stop() == null) {
      g.writeNullField("stop");
    } else {
      g.writeObjectFieldStart("stop");
      g.writeStringField("reason", report.stop().reason().name());
      g.writeStringField("message", report.stop().message());
      g.writeEndObject();
    }
    g.writeNumberField("pendingRecords", report.pendingRecords());
    g.writeStringField("elapsed", report.elapsed().toString());
    g.writeNumberField("elapsedMillis", report.elapsed().toMillis());
    g.writeNumberField("writes", report.writes());
    g.writeNumberField("apiCallsTotal", report.apiCallsTotal());
    g.writeObjectFieldStart("counts");
    for (Map.Entry<CrmRecordType, OutcomeCounts> e : report.counts().entrySet()) {
      OutcomeCounts c = e.getValue();
      g.writeObjectFieldStart(key(e.getKey()));
      g.writeNumberField("created", c.created());
      g.writeNumberField("updated", c.updated());
      g.writeNumberField("unchanged", c.unchanged());
      g.writeNumberField("removed", c.removed());
      g.writeNumberField("failed", c.failed());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeObjectFieldStart("actionCounts");
    for (Map.Entry<ActionType, Long> e : report.actionCounts().entrySet()) {
      g.writeNumberField(e.getKey().name(), e.getValue());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("apiCalls");
    for (Map.Entry<String, Long> e : report.apiCalls().entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("failures");
    for (SyncFailure f : report.failures()) {
      g.writeStartObject();
      g.writeStringField("recordType", key(f.recordType()));
      g.writeStringField("crmId", f.crmId());
      g.writeStringField("location", source.location(f).orElse(null));
      g.writeStringField("field", source.field(f));
      g.writeStringField("reason", f.reason());
      g.writeStringField("kind", f.kind().name());
      g.writeBooleanField("pending", f.pending());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("actions");
    try (BufferedReader in = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        g.writeRawValue(line);
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Deletes the spool file. */
  @Override
  public synchronized void close() {
    try {
      actions.close();
    } catch (IOException e) {
      // the spool is deleted next
    }
    deleteQuietly(spool);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file
    }
  }

  private static String key(CrmRecordType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
