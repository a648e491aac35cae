package io.scalecrm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** A small line-chart writer: enough SVG for the two charts of BENCHMARKS.md. */
final class Svg {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 440;
  private static final int LEFT = 80;
  private static final int RIGHT = 230;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private Svg() {}

  /**
   * One line of a chart.
   *
   * @param name the legend's text
   * @param color a CSS color
   * @param dashed drawn dashed (for bounds and targets)
   * @param points x, y pairs
   */
  record Series(String name, String color, boolean dashed, List<double[]> points) {}

  /**
   * A chart with a logarithmic x axis (ticks at {@code xTicks}) and a linear y axis from 0.
   *
   * @return the SVG document
   */
  static String chart(
      String title,
      String xLabel,
      String yLabel,
      List<Double> xTicks,
      DoubleFunction<String> xTickLabel,
      List<Series> series) {
    double xMin = Math.log(xTicks.get(0));
    double xMax = Math.log(xTicks.get(xTicks.size() - 1));
    if (xMax <= xMin) {
      xMin -= 1;
      xMax += 1;
    }
    double yMax = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        if (Double.isFinite(p[1])) {
          yMax = Math.max(yMax, p[1]);
        }
      }
    }
    double step = niceStep(yMax <= 0 ? 1 : yMax * 1.1 / 5);
    double yTop = step * Math.max(1, Math.ceil((yMax <= 0 ? 1 : yMax * 1.05) / step));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    double fxMin = xMin;
    double fxMax = xMax;
    DoubleFunction<Double> px = x -> LEFT + (Math.log(x) - fxMin) / (fxMax - fxMin) * plotW;
    DoubleFunction<Double> py = y -> TOP + plotH - y / yTop * plotH;

    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT))
        .append(
            String.format(
                Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    text(svg, LEFT + plotW / 2.0, 24, "middle", 15, "bold", title);
    // grid and y ticks
    for (double y = 0; y <= yTop + step / 2; y += step) {
      double yy = py.apply(y);
      line(svg, LEFT, yy, LEFT + plotW, yy, "#dddddd", false, 1);
      text(svg, LEFT - 8, yy + 4, "end", 12, "normal", number(y, step));
    }
    for (double x : xTicks) {
      double xx = px.apply(x);
      line(svg, xx, TOP, xx, TOP + plotH, "#eeeeee", false, 1);
      text(svg, xx, TOP + plotH + 18, "middle", 12, "normal", xTickLabel.apply(x));
    }
    line(svg, LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#333333", false, 1);
    line(svg, LEFT, TOP, LEFT, TOP + plotH, "#333333", false, 1);
    text(svg, LEFT + plotW / 2.0, HEIGHT - 18, "middle", 13, "normal", xLabel);
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\""
                + " transform=\"rotate(-90 18 %.1f)\">%s</text>%n",
            TOP + plotH / 2.0,
            TOP + plotH / 2.0,
            escape(yLabel)));
    // series and legend
    int legendY = TOP + 10;
    for (Series s : series) {
      List<String> coords = new ArrayList<>();
      for (double[] p : s.points()) {
        if (Double.isFinite(p[1]) && p[0] > 0) {
          coords.add(String.format(Locale.ROOT, "%.1f,%.1f", px.apply(p[0]), py.apply(p[1])));
        }
      }
      if (!coords.isEmpty()) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                s.color(),
                s.dashed() ? " stroke-dasharray=\"6 4\"" : "",
                String.join(" ", coords)));
        if (!s.dashed()) {
          for (String c : coords) {
            String[] xy = c.split(",");
            svg.append(
                String.format(
                    Locale.ROOT,
                    "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\"/>%n",
                    xy[0],
                    xy[1],
                    s.color()));
          }
        }
      }
      int lx = WIDTH - RIGHT + 16;
      line(svg, lx, legendY, lx + 26, legendY, s.color(), s.dashed(), 2);
      text(svg, lx + 32, legendY + 4, "start", 12, "normal", s.name());
      legendY += 20;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static double niceStep(double raw) {
    double exp = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / exp;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * exp;
  }

  private static String number(double v, double step) {
    if (step >= 1) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    int decimals = (int) Math.max(1, Math.ceil(-Math.log10(step)));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static void line(
      StringBuilder svg,
      double x1,
      double y1,
      double x2,
      double y2,
      String color,
      boolean dashed,
      int width) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"%d\"%s/>%n",
            x1,
            y1,
            x2,
            y2,
            color,
            width,
            dashed ? " stroke-dasharray=\"6 4\"" : ""));
  }

  private static void text(
      StringBuilder svg,
      double x,
      double y,
      String anchor,
      int size,
      String weight,
      String content) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\""
                + " font-weight=\"%s\">%s</text>%n",
            x,
            y,
            anchor,
            size,
            weight,
            escape(content)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
