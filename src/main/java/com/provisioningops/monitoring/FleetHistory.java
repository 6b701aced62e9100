package com.provisioningops.monitoring;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertStore;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.Checkpoints;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last days of the fleet, for the status page's picture: how many jobs were in each health
 * state and how many alerts opened, one checkpoint per UTC day ({@code fleet-day:<date>}), written
 * by every discovery run so that the day's last run wins. Reading it costs one read per day shown,
 * however large the fleet or the alert table.
 */
public final class FleetHistory {
  /** Days the picture shows, today included. */
  public static final int DAYS = 7;

  private static final String PREFIX = "fleet-day:";
  private static final String ALERTS = "alertsOpened";

  private final Checkpoints checkpoints;
  private final FleetView fleet;
  private final AlertStore alerts;
  private final Clock clock;

  public FleetHistory(Checkpoints checkpoints, FleetView fleet, AlertStore alerts, Clock clock) {
    this.checkpoints = checkpoints;
    this.fleet = fleet;
    this.alerts = alerts;
    this.clock = clock;
  }

  /**
   * One day: jobs by health state as last recorded that day, and alerts opened that day.
   *
   * @param recorded false for a day nothing was recorded (before the app ran, or storage failed)
   */
  public record Day(
      LocalDate date, Map<String, Integer> byState, int alertsOpened, boolean recorded) {}

  /**
   * Records today's counts.
   *
   * @throws com.provisioningops.failure.Failure.Unavailable when storage cannot be reached
   */
  public String record() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant();
    int opened = 0;
    for (Alert a : alerts.changedSince(midnight)) {
      opened += a.firstSeenAt().isBefore(midnight) ? 0 : 1;
    }
    StringBuilder detail = new StringBuilder(ALERTS).append('=').append(opened);
    for (FleetView.Count c : fleet.jobs("1", null, null).byState()) {
      detail.append(' ').append(c.name()).append('=').append(c.count());
    }
    checkpoints.save(new Checkpoint(PREFIX + today, now, detail.toString()));
    return "fleet history of " + today + " recorded";
  }

  /**
   * The last {@link #DAYS} days, oldest first.
   *
   * @throws com.provisioningops.failure.Failure.Unavailable when storage cannot be reached
   */
  public List<Day> lastDays() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<Day> days = new ArrayList<>();
    for (int back = DAYS - 1; back >= 0; back--) {
      LocalDate date = today.minusDays(back);
      days.add(
          checkpoints
              .find(PREFIX + date)
              .map(c -> parse(date, c.detail()))
              .orElseGet(() -> new Day(date, Map.of(), 0, false)));
    }
    return days;
  }

  private static Day parse(LocalDate date, String detail) {
    Map<String, Integer> byState = new LinkedHashMap<>();
    int opened = 0;
    for (String pair : detail.split(" ")) {
      int eq = pair.indexOf('=');
      if (eq < 1) {
        continue;
      }
      int n;
      try {
        n = Integer.parseInt(pair.substring(eq + 1));
      } catch (NumberFormatException ignored) {
        continue; // a damaged entry shows as zero rather than break the page
      }
      if (pair.startsWith(ALERTS + "=")) {
        opened = n;
      } else {
        byState.put(pair.substring(0, eq), n);
      }
    }
    return new Day(date, byState, opened, true);
  }
}
