package com.provisioningops.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.provisioningops.monitoring.credentials.CredentialExpiry;
import com.provisioningops.readiness.TimerRuns;

/**
 * Every hour at twenty past, checks the expiry of every credential given by Key Vault reference
 * (far more often than a daily check needs, so that saving a rotated secret resolves its alert
 * within the hour). An overlapping run only repeats the same reconciliation.
 */
public final class CredentialExpiryTimer {
  private final CredentialExpiry expiry;
  private final TimerRuns runs;

  public CredentialExpiryTimer(CredentialExpiry expiry, TimerRuns runs) {
    this.expiry = expiry;
    this.runs = runs;
  }

  /** Raises, updates and resolves the credential expiry alerts. */
  @FunctionName("CredentialExpiryTimer")
  public void run(
      @TimerTrigger(name = "timer", schedule = "0 20 * * * *") String timerInfo,
      ExecutionContext ctx) {
    TimerRecorder.record(runs, ctx, () -> expiry.run().toString());
  }
}
