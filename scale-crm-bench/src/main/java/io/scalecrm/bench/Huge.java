package io.scalecrm.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The large run: the file CLI ({@code FileSyncCli}, or the runnable jar) in a JVM of its own with a
 * small heap and GC logging, syncing a generated export into the sandbox in another process ({@link
 * SandboxServer}). The peak heap comes from the CLI's GC log.
 */
final class Huge {
  private static final Pattern GC =
      Pattern.compile(
          "(\\d+(?:\\.\\d+)?)([KMG])->(\\d+(?:\\.\\d+)?)([KMG])\\((\\d+(?:\\.\\d+)?)([KMG])\\)");

  private Huge() {}

  /**
   * What the large run measured.
   *
   * @param size the export's label
   * @param records accounts + contacts + order lines
   * @param concurrency the CLI's {@code --concurrency}
   * @param heapLimit the CLI JVM's {@code -Xmx}
   * @param calls calls the sandbox received
   * @param reportedCalls {@code apiCallsTotal} of the CLI's report, -1 when there is none
   * @param writes calls of writing operations
   * @param seconds wall-clock time of the CLI process, JVM start included
   * @param exitCode the CLI's exit code
   * @param complete whether the CLI's report says {@code successful}
   * @param peakHeapMb the most heap in use before a collection, from the GC log
   * @param peakLiveMb the most heap in use after a collection
   * @param gcs collections in the log
   * @param callsByOperation calls per operation
   * @param problem the end of the CLI's error output when it failed, else empty
   */
  record Figures(
      String size,
      long records,
      int concurrency,
      String heapLimit,
      long calls,
      long reportedCalls,
      long writes,
      double seconds,
      int exitCode,
      boolean complete,
      double peakHeapMb,
      double peakLiveMb,
      int gcs,
      Map<String, Long> callsByOperation,
      String problem) {
    double heapLimitMb() {
      return megabytes(heapLimit.replaceAll("[^0-9]", ""), heapLimit.replaceAll("[0-9]", ""));
    }
  }

  static Figures run(
      Export export,
      Path work,
      String cliHeap,
      String sandboxHeap,
      int concurrency,
      @Nullable Path cliJar,
      PrintStream log) {
    try {
      Path dir = work.resolve("export-" + export.label());
      log.printf("  writing the %s export to %s%n", export.label(), dir);
      export.write(dir, false);
      Path key = work.resolve("sandbox-key.pem");
      Path report = work.resolve("huge-report.json");
      Path gcLog = work.resolve("huge-gc.log");
      Files.deleteIfExists(report);
      Files.deleteIfExists(gcLog);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classPath = System.getProperty("java.class.path");
      Process sandbox =
          new ProcessBuilder(
                  java,
                  "-Xmx" + sandboxHeap,
                  "-Dsun.net.httpserver.nodelay=true",
                  "-cp",
                  classPath,
                  SandboxServer.class.getName(),
                  "--threads",
                  Integer.toString(Math.max(16, concurrency * 2)),
                  "--key-out",
                  key.toString())
              .redirectError(work.resolve("sandbox.err").toFile())
              .start();
      try {
        BufferedReader sandboxOut =
            new BufferedReader(
                new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter sandboxIn =
            new PrintWriter(sandbox.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = sandboxOut.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
          throw new IllegalStateException(
              "The sandbox process did not start: "
                  + ready
                  + " "
                  + Files.readString(work.resolve("sandbox.err")));
        }
        String url = ready.substring("READY ".length()).strip();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx" + cliHeap);
        command.add("-Xlog:gc:file=" + gcLog);
        command.add("-Dsun.net.httpserver.nodelay=true");
        if (cliJar != null) {
          command.add("-jar");
          command.add(cliJar.toString());
        } else {
          command.add("-cp");
          command.add(classPath);
          command.add("io.scalecrm.examples.file.FileSyncCli");
        }
        command.addAll(
            List.of(
                "sync",
                "--input",
                dir.toString(),
                "--sku-map",
                dir.resolve("sku-map.csv").toString(),
                "--system",
                Export.SYSTEM,
                "--scale-url",
                url,
                "--key-id",
                ScaleSandbox.GENERATED_KEY_ID,
                "--issuer",
                Target.PRINCIPAL,
                "--subject",
                Target.PRINCIPAL,
                "--private-key",
                key.toString(),
                "--report",
                report.toString(),
                "--concurrency",
                Integer.toString(concurrency),
                "--quiet"));
        log.printf(
            "  running the CLI with -Xmx%s against the sandbox process at %s%n", cliHeap, url);
        long t0 = System.nanoTime();
        Process cli =
            new ProcessBuilder(command)
                .redirectOutput(work.resolve("cli.out").toFile())
                .redirectError(work.resolve("cli.err").toFile())
                .start();
        ObjectMapper json = new ObjectMapper();
        String hung = null;
        long last = -1;
        long lastChange = System.nanoTime();
        while (!cli.waitFor(15, TimeUnit.SECONDS)) {
          sandboxIn.println("journal");
          long now =
              json
                  .readValue(sandboxOut.readLine(), new TypeReference<Map<String, Long>>() {})
                  .values()
                  .stream()
                  .mapToLong(Long::longValue)
                  .sum();
          if (now != last) {
            last = now;
            lastChange = System.nanoTime();
          } else if (System.nanoTime() - lastChange > Watchdog.stallSeconds * 1_000_000_000L) {
            hung =
                "hung: no Scale call for "
                    + Watchdog.stallSeconds
                    + " s after "
                    + now
                    + " calls; "
                    + threadDump(java, cli.pid(), work.resolve("cli-threads.txt"));
            cli.destroyForcibly();
            cli.waitFor();
            break;
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        sandboxIn.println("journal");
        String journal = sandboxOut.readLine();
        sandboxIn.println("quit");
        Map<String, Long> calls =
            new TreeMap<>(json.readValue(journal, new TypeReference<Map<String, Long>>() {}));
        long reported = -1;
        boolean complete = false;
        if (Files.exists(report)) {
          JsonNode r = json.readTree(report.toFile());
          reported = r.path("apiCallsTotal").asLong(-1);
          complete = r.path("successful").asBoolean(false);
        }
        double[] heap = heap(gcLog);
        String problem = "";
        if (hung != null) {
          problem = hung;
        } else if (cli.exitValue() != 0) {
          String err = Files.readString(work.resolve("cli.err"));
          String out = Files.readString(work.resolve("cli.out"));
          problem = head(err.isBlank() ? out : err, 600);
        }
        return new Figures(
            export.label(),
            export.records(),
            concurrency,
            cliHeap,
            calls.values().stream().mapToLong(Long::longValue).sum(),
            reported,
            Run.writes(calls),
            seconds,
            cli.exitValue(),
            complete,
            heap[0],
            heap[1],
            (int) heap[2],
            calls,
            problem);
      } finally {
        sandbox.getOutputStream().close();
        if (!sandbox.waitFor(30, TimeUnit.SECONDS)) {
          sandbox.destroyForcibly();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  /**
   * Saves a thread dump of a hung process (with the JDK's jcmd) and says where its SDK threads
   * wait.
   */
  static String threadDump(String java, long pid, Path file) {
    Path jcmd = Path.of(java).resolveSibling("jcmd");
    if (!Files.isExecutable(jcmd)) {
      return "no jcmd to take a thread dump";
    }
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(file.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "jcmd did not answer";
      }
      Map<String, Integer> where = new TreeMap<>();
      boolean parked = false;
      boolean counted = false;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (t.startsWith("\"")) {
          parked = false;
          counted = false;
        } else if (t.startsWith("at jdk.internal.misc.Unsafe.park")) {
          parked = true;
        } else if (parked && !counted && t.startsWith("at io.scalecrm.crm.")) {
          String frame = t.substring("at io.scalecrm.crm.".length());
          where.merge(
              frame.replaceAll("\\([A-Za-z0-9_$]+\\.java:", ":").replace(")", ""), 1, Integer::sum);
          counted = true;
        }
      }
      StringBuilder sb = new StringBuilder("threads waiting in: ");
      where.forEach((f, n) -> sb.append(n).append(" × ").append(f).append("; "));
      return sb.toString().strip() + " (dump: " + file.getFileName() + ")";
    } catch (IOException e) {
      return "no thread dump: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Peak heap before a collection, peak after one (MB), and the number of collections. */
  static double[] heap(Path gcLog) throws IOException {
    double peak = 0;
    double live = 0;
    int gcs = 0;
    if (!Files.exists(gcLog)) {
      return new double[] {Double.NaN, Double.NaN, 0};
    }
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher m = GC.matcher(line);
      if (m.find()) {
        gcs++;
        peak = Math.max(peak, megabytes(m.group(1), m.group(2)));
        live = Math.max(live, megabytes(m.group(3), m.group(4)));
      }
    }
    return new double[] {peak, live, gcs};
  }

  static double megabytes(String value, String unit) {
    double v = Double.parseDouble(value);
    switch (unit.toUpperCase(java.util.Locale.ROOT)) {
      case "K":
        return v / 1024;
      case "G":
        return v * 1024;
      default:
        return v;
    }
  }

  private static String head(String text, int max) {
    String t = text.strip();
    return t.length() <= max ? t : t.substring(0, max) + "...";
  }
}
