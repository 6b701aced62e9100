package com.provisioningops.monitoring;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertQuery;
import com.provisioningops.delivery.Subscription;
import com.provisioningops.delivery.Subscriptions;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.Readiness;
import com.provisioningops.readiness.ReadinessReport;
import com.provisioningops.readiness.TimerRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the status page shows, gathered in one pass: readiness, the fleet by health, the open alerts
 * (worst and oldest first, at most {@link #ALERTS_SHOWN}), each subscription's delivery health,
 * each timer's last run and the log monitor's lag. A part storage could not answer is empty, not a
 * failure of the whole report.
 *
 * @param readiness version, status and dependencies
 * @param fleet jobs in all and by health state; empty when storage did not answer
 * @param openAlerts the open alerts; empty when storage did not answer
 * @param subscriptions every subscription; empty when storage did not answer
 * @param timers each timer's last run, in the order given
 * @param logs where the log monitor stands; empty when storage did not answer
 * @param week the last {@link FleetHistory#DAYS} days, oldest first; empty when storage did not
 *     answer
 */
public record StatusReport(
    ReadinessReport readiness,
    Optional<FleetView.Fleet> fleet,
    Optional<List<Alert>> openAlerts,
    Optional<List<Subscription>> subscriptions,
    List<TimerRun> timers,
    Optional<LogProgress> logs,
    Optional<List<FleetHistory.Day>> week) {

  /** Open alerts the page lists at most; counts cover them all. */
  public static final int ALERTS_SHOWN = 50;

  /** Jobs the page lists at most, worst first; counts cover them all. */
  public static final int JOBS_SHOWN = 25;

  /**
   * One timer's last run.
   *
   * @param at when it last ran; empty when never, or when storage did not answer ({@code known})
   * @param did its summary line
   * @param known false when storage did not answer
   */
  public record TimerRun(String timer, Optional<Instant> at, String did, boolean known) {}

  /**
   * The log monitor's position.
   *
   * @param progress the watermark and lag; empty before the monitor read anything
   */
  public record LogProgress(Optional<LogMonitor.Progress> progress) {}

  /** Gathers the report from the app's own stores; Graph is never called. */
  public static StatusReport gather(
      Readiness readiness,
      FleetView fleet,
      Subscriptions subscriptions,
      TimerRuns timerRuns,
      List<String> timers,
      LogMonitor logMonitor,
      FleetHistory history) {
    List<TimerRun> runs = new ArrayList<>();
    for (String timer : timers) {
      Optional<Optional<Checkpoint>> last = answered(() -> timerRuns.lastRun(timer));
      runs.add(
          new TimerRun(
              timer,
              last.flatMap(c -> c.map(Checkpoint::at)),
              last.flatMap(c -> c.map(Checkpoint::detail)).orElse(""),
              last.isPresent()));
    }
    return new StatusReport(
        readiness.report(),
        answered(() -> fleet.jobs(Integer.toString(JOBS_SHOWN), null, null)),
        answered(
            () ->
                fleet
                    .alerts(AlertQuery.parse("open", null, null, null, null, "100"), null)
                    .value()
                    .stream()
                    .sorted(Comparator.comparing(Alert::severity).thenComparing(Alert::firstSeenAt))
                    .toList()),
        answered(subscriptions::list),
        runs,
        answered(() -> new LogProgress(logMonitor.progress())),
        answered(history::lastDays));
  }

  /** The value, or empty when storage did not answer: the page says so for that part alone. */
  private static <T> Optional<T> answered(Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (RuntimeException storageDidNotAnswer) {
      return Optional.empty();
    }
  }
}
