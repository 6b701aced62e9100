package com.provisioningops.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.provisioningops.delivery.Deliveries;
import com.provisioningops.failure.Failure;
import com.provisioningops.readiness.TimerRuns;
import java.util.function.Supplier;

/** Runs a timer's work and records its one-line summary in the log and in {@code checkpoints}. */
final class TimerRecorder {
  private TimerRecorder() {}

  /** Queues the alert changes of this run for subscribers; a failure waits for the next run. */
  static String fanOut(Deliveries deliveries) {
    try {
      return "; deliveries queued " + deliveries.fanOut();
    } catch (Failure f) {
      return "; deliveries not queued (" + f.code() + "), the next run queues them";
    }
  }

  static void record(TimerRuns runs, ExecutionContext ctx, Supplier<String> run) {
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
