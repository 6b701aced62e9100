package com.provisioningops.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.delivery.Deliveries;
import com.provisioningops.monitoring.jobs.JobDiscovery;
import com.provisioningops.monitoring.jobs.JobMonitor;
import com.provisioningops.monitoring.jobs.PollPartitions;
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
  private final JobMonitor monitor;
  private final JobDiscovery discovery;
  private final AlertBook alerts;
  private final PollPartitions partitions;
  private final Settings settings;
  private final TimerRuns runs;
  private final Deliveries deliveries;

  /**
   * @param partitionSize a fleet with more watched jobs than this is polled in slices from the
   *     {@code poll-partitions} queue ({@code POLL_PARTITION_SIZE})
   * @param retention how long resolved alerts are kept ({@code ALERT_RETENTION_DAYS})
   */
  public record Settings(int partitionSize, Duration retention) {}

  public JobPollTimer(
      JobMonitor monitor,
      JobDiscovery discovery,
      AlertBook alerts,
      PollPartitions partitions,
      Settings settings,
      TimerRuns runs,
      Deliveries deliveries) {
    this.deliveries = deliveries;
    this.monitor = monitor;
    this.discovery = discovery;
    this.alerts = alerts;
    this.partitions = partitions;
    this.settings = settings;
    this.runs = runs;
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
          // A fresh install need not wait for the hourly discovery to watch anything.
          JobMonitor.Census census = monitor.census();
          String discovered = "";
          if (census.registered() == 0) {
            discovered = "discovery: " + discovery.run() + "; ";
            census = monitor.census();
          }
          int watched = census.watched();
          if (watched <= settings.partitionSize()) {
            return discovered + monitor.poll() + TimerRecorder.fanOut(deliveries);
          }
          // Each slice is a message that any instance may take: scale-out spreads the fleet.
          int slices = (watched + settings.partitionSize() - 1) / settings.partitionSize();
          for (int i = 0; i < slices; i++) {
            partitions.enqueue(i, slices);
          }
          return discovered + "jobs " + watched + ", fanned out to " + slices + " partitions";
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

  /** Finds the tenant's jobs and watches the new ones; forgets resolved alerts past retention. */
  @FunctionName("DiscoveryTimer")
  public void discover(
      @TimerTrigger(name = "timer", schedule = "%DISCOVERY_SCHEDULE%") String timerInfo,
      ExecutionContext ctx) {
    TimerRecorder.record(
        runs,
        ctx,
        () ->
            discovery.run()
                + ", resolved alerts purged "
                + alerts.purgeResolved(settings.retention())
                + ", delivery records purged "
                + deliveries.purge(settings.retention()));
  }
}
