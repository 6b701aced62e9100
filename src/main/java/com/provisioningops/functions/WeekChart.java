package com.provisioningops.functions;

import com.provisioningops.monitoring.FleetHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page's picture of the last days as inline SVG (no script, nothing from elsewhere):
 * jobs by health state per day as stacked bars, and the alerts opened each day. Every bar carries a
 * {@code <title>}, so hovering it reads the numbers.
 */
final class WeekChart {
  /** Healthy at the bottom of each stack, trouble on top; states it does not know in grey. */
  private static final Map<String, String> COLOURS = new LinkedHashMap<>();

  static {
    COLOURS.put("healthy", "#107c10");
    COLOURS.put("notRun", "#c8c6c4");
    COLOURS.put("notConfigured", "#8a8886");
    COLOURS.put("paused", "#605e5c");
    COLOURS.put("degraded", "#ca5010");
    COLOURS.put("fallingBehind", "#c19c00");
    COLOURS.put("stale", "#8a5300");
    COLOURS.put("failing", "#d13438");
    COLOURS.put("disabled", "#323130");
    COLOURS.put("quarantined", "#a4262c");
  }

  private static final int BAR = 36;
  private static final int GAP = 14;
  private static final int HEIGHT = 120;
  private static final int TOP = 10;
  private static final int LABELS = 18;

  private WeekChart() {}

  /** Two charts side by side: the fleet by health state, and alerts opened. */
  static String svg(List<FleetHistory.Day> days) {
    int width = days.size() * (BAR + GAP) + GAP;
    int maxJobs = 1;
    int maxAlerts = 1;
    for (FleetHistory.Day d : days) {
      maxJobs = Math.max(maxJobs, d.byState().values().stream().mapToInt(Integer::intValue).sum());
      maxAlerts = Math.max(maxAlerts, d.alertsOpened());
    }
    StringBuilder out = new StringBuilder("<div id=\"week\">");
    out.append(chart("fleet-week", "Jobs by health, last 7 days", width, days, maxJobs, true));
    out.append(chart("alerts-week", "Alerts opened, last 7 days", width, days, maxAlerts, false));
    out.append("<p class=\"legend\">");
    for (var e : COLOURS.entrySet()) {
      out.append("<span style=\"color:")
          .append(e.getValue())
          .append("\">&#9632;</span> ")
          .append(e.getKey())
          .append(" ");
    }
    return out.append("</p></div>").toString();
  }

  private static String chart(
      String id, String caption, int width, List<FleetHistory.Day> days, int max, boolean fleet) {
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><figcaption>")
        .append(caption)
        .append("</figcaption><svg id=\"")
        .append(id)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(TOP + HEIGHT + LABELS)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(TOP + HEIGHT + LABELS)
        .append("\"><title>")
        .append(caption)
        .append("</title>");
    int x = GAP;
    for (FleetHistory.Day d : days) {
      String date = d.date().toString().substring(5);
      if (!d.recorded()) {
        svg.append(bar(x, TOP + HEIGHT - 2, 2, "#e1dfdd", d.date() + ": not recorded"));
      } else if (fleet) {
        int y = TOP + HEIGHT;
        for (var state : ordered(d.byState()).entrySet()) {
          int h = Math.max(1, Math.round((float) state.getValue() * HEIGHT / max));
          y -= h;
          svg.append(
              bar(
                  x,
                  y,
                  h,
                  COLOURS.getOrDefault(state.getKey(), "#e1dfdd"),
                  d.date() + ": " + state.getValue() + " " + state.getKey()));
        }
      } else {
        int h = Math.round((float) d.alertsOpened() * HEIGHT / max);
        svg.append(
            bar(
                x,
                TOP + HEIGHT - Math.max(h, 1),
                Math.max(h, 1),
                "#005a9e",
                d.date() + ": " + d.alertsOpened() + " alerts opened"));
      }
      svg.append("<text x=\"")
          .append(x + BAR / 2)
          .append("\" y=\"")
          .append(TOP + HEIGHT + 14)
          .append("\" font-size=\"11\" text-anchor=\"middle\">")
          .append(date)
          .append("</text>");
      x += BAR + GAP;
    }
    return svg.append("</svg></figure>").toString();
  }

  /** The day's states in the legend's order; states the legend does not know go last. */
  private static Map<String, Integer> ordered(Map<String, Integer> byState) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String state : COLOURS.keySet()) {
      if (byState.getOrDefault(state, 0) > 0) {
        out.put(state, byState.get(state));
      }
    }
    byState.forEach((state, n) -> out.putIfAbsent(state, n));
    return out;
  }

  private static String bar(int x, int y, int h, String colour, String title) {
    return "<rect x=\""
        + x
        + "\" y=\""
        + y
        + "\" width=\""
        + BAR
        + "\" height=\""
        + h
        + "\" fill=\""
        + colour
        + "\"><title>"
        + StatusHtml.escape(title)
        + "</title></rect>";
  }
}
