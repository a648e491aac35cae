package io.scalecrm.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link CallOverhead} and returns its two scores. */
final class Jmh {
  private Jmh() {}

  /**
   * The scores.
   *
   * @param sdkMicros mean time of one call through the SDK, µs
   * @param sdkError its 99.9 % confidence half-width
   * @param rawMicros mean time of one bare request, µs
   * @param rawError its 99.9 % confidence half-width
   * @param settings how JMH ran
   */
  record Overhead(
      double sdkMicros, double sdkError, double rawMicros, double rawError, String settings) {
    double ratio() {
      return sdkMicros / rawMicros;
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param quick one short iteration in this JVM (for the test), instead of a forked JVM with 6
   *     warm-up iterations of 5 s and 5 measured iterations of 3 s
   */
  static Overhead run(boolean quick) {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include("^" + CallOverhead.class.getName().replace(".", "\\.") + "\\.")
            .threads(1)
            .shouldFailOnError(true);
    String settings;
    if (quick) {
      b.forks(0)
          .warmupIterations(1)
          .warmupTime(TimeValue.milliseconds(100))
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200))
          .verbosity(VerboseMode.SILENT);
      settings = "in-process, 1 × 100 ms warm-up, 1 × 200 ms measured (a smoke run, not a figure)";
    } else {
      b.forks(1)
          .jvmArgsAppend("-Dsun.net.httpserver.nodelay=true")
          // the SDK path (Jackson, the generated client) is still getting faster after 3 × 2 s:
          // a short warm-up measured its JIT, not its calls
          .warmupIterations(6)
          .warmupTime(TimeValue.seconds(5))
          .measurementIterations(5)
          .measurementTime(TimeValue.seconds(3))
          .verbosity(VerboseMode.NORMAL);
      settings = "JMH 1.37, 1 fork, 6 × 5 s warm-up, 5 × 3 s measured, 1 thread, average time";
    }
    Collection<RunResult> results;
    try {
      results = new Runner(b.build()).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    }
    double sdk = Double.NaN;
    double sdkError = Double.NaN;
    double raw = Double.NaN;
    double rawError = Double.NaN;
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      double error = r.getPrimaryResult().getScoreError();
      if (name.endsWith(".sdk")) {
        sdk = score;
        sdkError = error;
      } else if (name.endsWith(".raw")) {
        raw = score;
        rawError = error;
      }
    }
    if (Double.isNaN(sdk) || Double.isNaN(raw)) {
      throw new IllegalStateException("JMH ran no benchmark of " + CallOverhead.class.getName());
    }
    return new Overhead(sdk, sdkError, raw, rawError, settings);
  }
}
