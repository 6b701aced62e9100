package com.provisioningops.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.provisioningops.delivery.Deliveries;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.readiness.TimerRuns;

/**
 * Every {@code LOG_POLL_SCHEDULE} the tenant's provisioning logs are read on from the watermark and
 * the log rules judged. Each run writes one summary line (events, pages, requests, throttled
 * answers, watermark, lag) to the log and to {@code checkpoints}; the status page shows it. An
 * overlapping or late run is safe: one run at a time holds the lease, the other skips.
 */
public final class LogPollTimer {
  private final LogMonitor monitor;
  private final TimerRuns runs;
  private final Deliveries deliveries;

  public LogPollTimer(LogMonitor monitor, TimerRuns runs, Deliveries deliveries) {
    this.monitor = monitor;
    this.runs = runs;
    this.deliveries = deliveries;
  }

  /** Reads the provisioning logs since the last run and keeps the log alerts in step. */
  @FunctionName("LogPollTimer")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%LOG_POLL_SCHEDULE%") String timerInfo,
      ExecutionContext ctx) {
    TimerRecorder.record(
        runs,
        ctx,
        () -> monitor.run(ctx.getInvocationId()).toString() + TimerRecorder.fanOut(deliveries));
  }
}
