package com.provisioningops.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.AlertBook;
import com.provisioningops.monitoring.JobDiscovery;
import com.provisioningops.monitoring.JobMonitor;
import com.provisioningops.readiness.TimerRuns;
import java.time.Duration;

/**
 * The monitor's timers: every {@code JOB_POLL_SCHEDULE} every watched job is read and the alerts
 * kept in step; every {@code DISCOVERY_SCHEDULE} the tenant's jobs are discovered. Each run writes
 * one summary line to the log and to {@code checkpoints} (the status page shows it). Overlapping or
 * late runs are safe: every write is conditioned on what was read.
 */
public final class JobPollTimer {
  private final JobMonitor monitor;
  private final JobDiscovery discovery;
  private final AlertBook alerts;
  private final Duration retention;
  private final TimerRuns runs;

  /**
   * @param retention how long resolved alerts are kept ({@code ALERT_RETENTION_DAYS})
   */
  public JobPollTimer(
      JobMonitor monitor,
      JobDiscovery discovery,
      AlertBook alerts,
      Duration retention,
      TimerRuns runs) {
    this.monitor = monitor;
    this.discovery = discovery;
    this.alerts = alerts;
    this.retention = retention;
    this.runs = runs;
  }

  /** Polls every watched job. */
  @FunctionName("JobPollTimer")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%JOB_POLL_SCHEDULE%") String timerInfo,
      ExecutionContext ctx) {
    record(ctx, () -> monitor.poll().toString());
  }

  /** Finds the tenant's jobs and watches the new ones; forgets resolved alerts past retention. */
  @FunctionName("DiscoveryTimer")
  public void discover(
      @TimerTrigger(name = "timer", schedule = "%DISCOVERY_SCHEDULE%") String timerInfo,
      ExecutionContext ctx) {
    record(
        ctx, () -> discovery.run() + ", resolved alerts purged " + alerts.purgeResolved(retention));
  }

  private void record(ExecutionContext ctx, java.util.function.Supplier<String> run) {
    String summary;
    try {
      summary = run.get();
    } catch (Failure f) {
      // Recorded, then rethrown so the host counts the run as failed; the next run redoes it.
      runs.recordRun(ctx.getFunctionName(), ctx.getInvocationId(), "failed: " + f.detail());
      ctx.getLogger().warning(ctx.getFunctionName() + " failed: " + f.code() + ": " + f.detail());
      throw f;
    }
    runs.recordRun(ctx.getFunctionName(), ctx.getInvocationId(), summary);
    ctx.getLogger().info(ctx.getFunctionName() + ": " + summary);
  }
}
