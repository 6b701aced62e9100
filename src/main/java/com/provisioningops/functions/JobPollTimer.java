package com.provisioningops.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.delivery.Deliveries;
import com.provisioningops.monitoring.FleetHistory;
import com.provisioningops.monitoring.jobs.FleetPoll;
import com.provisioningops.monitoring.jobs.JobDiscovery;
import com.provisioningops.monitoring.jobs.JobMonitor;
import com.provisioningops.readiness.TimerRuns;
import java.time.Duration;

/**
 * The monitor's timers: every {@code JOB_POLL_SCHEDULE} every watched job is read and the alerts
 * kept in step (a fleet above {@code POLL_PARTITION_SIZE} fans out over the {@code poll-partitions}
 * queue); every {@code DISCOVERY_SCHEDULE} the tenant's jobs are discovered and resolved alerts
 * past retention purged. Each run writes one summary line to the log and to {@code checkpoints}
 * (the status page shows it). Overlapping or late runs are safe: every write is conditioned on what
 * was read.
 */
public final class JobPollTimer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FleetPoll fleet;
  private final JobMonitor monitor;
  private final JobDiscovery discovery;
  private final AlertBook alerts;
  private final Duration retention;
  private final TimerRuns runs;
  private final Deliveries deliveries;
  private final FleetHistory history;

  /**
   * @param retention how long resolved alerts and delivery records are kept ({@code
   *     ALERT_RETENTION_DAYS})
   */
  public JobPollTimer(
      FleetPoll fleet,
      JobMonitor monitor,
      JobDiscovery discovery,
      AlertBook alerts,
      Duration retention,
      TimerRuns runs,
      Deliveries deliveries,
      FleetHistory history) {
    this.history = history;
    this.fleet = fleet;
    this.monitor = monitor;
    this.discovery = discovery;
    this.alerts = alerts;
    this.retention = retention;
    this.runs = runs;
    this.deliveries = deliveries;
  }

  /** Polls every watched job, or fans the poll out when the fleet is large. */
  @FunctionName("JobPollTimer")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%JOB_POLL_SCHEDULE%") String timerInfo,
      ExecutionContext ctx) {
    TimerRecorder.record(
        runs,
        ctx,
        () -> {
          FleetPoll.Outcome outcome = fleet.run();
          return outcome.summary() + (outcome.polled() ? TimerRecorder.fanOut(deliveries) : "");
        });
  }

  /** Polls one slice of a large fleet; the platform retries it when it fails. */
  @FunctionName("PollPartition")
  public void partition(
      @QueueTrigger(
              name = "message",
              queueName = "poll-partitions",
              connection = "AzureWebJobsStorage")
          String message,
      ExecutionContext ctx) {
    JobMonitor.Slice slice;
    try {
      JsonNode json = JSON.readTree(message);
      slice = new JobMonitor.Slice(json.path("slice").asInt(-1), json.path("of").asInt(0));
    } catch (Exception e) {
      ctx.getLogger().warning("Dropped a poll-partitions message that names no slice.");
      return;
    }
    ctx.getLogger()
        .info(
            "PollPartition "
                + slice.index()
                + "/"
                + slice.count()
                + ": "
                + monitor.poll(slice)
                + TimerRecorder.fanOut(deliveries));
  }

  /**
   * Finds the tenant's jobs and watches the new ones; records the day's fleet for the status page's
   * picture; forgets resolved alerts past retention.
   */
  @FunctionName("DiscoveryTimer")
  public void discover(
      @TimerTrigger(name = "timer", schedule = "%DISCOVERY_SCHEDULE%") String timerInfo,
      ExecutionContext ctx) {
    TimerRecorder.record(
        runs,
        ctx,
        () ->
            discovery.run()
                + ", "
                + history.record()
                + ", resolved alerts purged "
                + alerts.purgeResolved(retention)
                + ", delivery records purged "
                + deliveries.purge(retention));
  }
}
