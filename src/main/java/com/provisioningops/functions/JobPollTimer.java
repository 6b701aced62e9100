package com.provisioningops.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.TimerRuns;

/**
 * Polls provisioning jobs on {@code JOB_POLL_SCHEDULE}. Until the job monitor lands it records each
 * run in the {@code checkpoints} table, which health and the status page read.
 */
public final class JobPollTimer {
  private final TimerRuns runs;

  public JobPollTimer(TimerRuns runs) {
    this.runs = runs;
  }

  /** One scheduled run. */
  @FunctionName("JobPollTimer")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%JOB_POLL_SCHEDULE%") String timerInfo,
      ExecutionContext ctx) {
    Checkpoint run = runs.recordRun(ctx.getFunctionName(), ctx.getInvocationId());
    ctx.getLogger().info("JobPollTimer recorded its run at " + run.at());
  }
}
