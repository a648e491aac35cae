package io.scalecrm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The two charts of BENCHMARKS.md. */
final class Charts {
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

  private Charts() {}

  /** Calls per record against the export's size, per scenario, and the naive flow's. */
  static String callsPerRecord(Results r) {
    List<Double> ticks = new ArrayList<>();
    List<Svg.Series> series = new ArrayList<>();
    Scenario[] shown = {
      Scenario.FIRST_SYNC, Scenario.FULL_RESYNC, Scenario.CHECKPOINTED_RESYNC, Scenario.CHANGED
    };
    String[] colors = {COLORS[0], COLORS[4], COLORS[2], COLORS[3]};
    for (int i = 0; i < shown.length; i++) {
      List<double[]> points = new ArrayList<>();
      for (String size : r.sizes()) {
        Optional<Run> run = r.run(shown[i], size);
        run.ifPresent(x -> points.add(new double[] {x.records(), x.callsPerRecord()}));
      }
      series.add(new Svg.Series(shown[i].title(), colors[i], false, points));
    }
    List<double[]> naive = new ArrayList<>();
    for (String size : r.latencySizes()) {
      r.latencyRun(Scenario.NAIVE_FIRST_SYNC, size, 1)
          .ifPresent(x -> naive.add(new double[] {x.records(), x.callsPerRecord()}));
    }
    series.add(new Svg.Series("naive flow, first sync", COLORS[1], false, naive));
    for (Run run : r.runs()) {
      if (!ticks.contains((double) run.records())) {
        ticks.add((double) run.records());
      }
    }
    for (Run run : r.latencyRuns()) {
      if (!ticks.contains((double) run.records())) {
        ticks.add((double) run.records());
      }
    }
    ticks.sort(Double::compare);
    if (ticks.isEmpty()) {
      ticks.add(1.0);
    }
    return Svg.chart(
        "Scale API calls per CRM record",
        "records in the export (accounts + contacts + order lines)",
        "calls per record",
        ticks,
        x -> Export.label((long) x),
        series);
  }

  /** Records per second against concurrency with the latency bound, per export size. */
  static String throughput(Results r) {
    List<Double> ticks = new ArrayList<>();
    List<Svg.Series> series = new ArrayList<>();
    int color = 0;
    for (String size : r.latencySizes()) {
      List<double[]> measured = new ArrayList<>();
      List<double[]> bound = new ArrayList<>();
      for (Run run : r.latencyRuns()) {
        if (run.size().equals(size) && run.scenario() == Scenario.FIRST_SYNC) {
          measured.add(new double[] {run.concurrency(), run.recordsPerSecond()});
          bound.add(new double[] {run.concurrency(), run.records() / run.boundSeconds()});
          if (!ticks.contains((double) run.concurrency())) {
            ticks.add((double) run.concurrency());
          }
        }
      }
      String c = COLORS[color++ % COLORS.length];
      series.add(new Svg.Series(size + ": first sync", c, false, measured));
      series.add(new Svg.Series(size + ": latency bound", c, true, bound));
      Optional<Run> naive = r.latencyRun(Scenario.NAIVE_FIRST_SYNC, size, 1);
      if (naive.isPresent() && !measured.isEmpty()) {
        double rate = naive.get().recordsPerSecond();
        List<double[]> flat = new ArrayList<>();
        measured.forEach(p -> flat.add(new double[] {p[0], rate}));
        series.add(new Svg.Series(size + ": naive flow (sequential)", "#7f7f7f", true, flat));
      }
    }
    ticks.sort(Double::compare);
    if (ticks.isEmpty()) {
      ticks.add(1.0);
    }
    return Svg.chart(
        "First-sync throughput, " + r.latencyMs() + " ms per call",
        "concurrency",
        "records per second",
        ticks,
        x -> Integer.toString((int) x),
        series);
  }
}
