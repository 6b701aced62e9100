package com.provisioningops.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.provisioningops.provisioning.SetupRecovery;
import com.provisioningops.readiness.TimerRuns;

/**
 * Every two minutes, queues again the one-call setups that nothing carries on (a lost or poisoned
 * message, a process that died before sending it), so every setup ends with nobody polling. An
 * overlapping run only queues a duplicate message, which the setup's turn and claims make harmless.
 */
public final class SetupRecoveryTimer {
  private final SetupRecovery recovery;
  private final TimerRuns runs;

  public SetupRecoveryTimer(SetupRecovery recovery, TimerRuns runs) {
    this.recovery = recovery;
    this.runs = runs;
  }

  /** Re-queues stalled setups at their current turn. */
  @FunctionName("SetupRecoveryTimer")
  public void run(
      @TimerTrigger(name = "timer", schedule = "0 */2 * * * *") String timerInfo,
      ExecutionContext ctx) {
    TimerRecorder.record(runs, ctx, () -> "stalled setups queued again " + recovery.revive());
  }
}
