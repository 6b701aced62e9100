package com.provisioningops.provisioning;

/**
 * Thresholds of the health taxonomy.
 *
 * @param quarantineCriticalHours a quarantine for a non-critical reason turns critical after this
 * @param failureThreshold successive complete failures that make a job failing
 * @param escrowWarningCount escrowed entries above which entry-level errors are a warning
 * @param staleHours an active job with no successful run for this long is stale
 * @param cycleOverdueFactor a job whose current cycle began longer ago than this many times its own
 *     median interval between cycles is falling behind
 */
public record HealthThresholds(
    int quarantineCriticalHours,
    int failureThreshold,
    int escrowWarningCount,
    int staleHours,
    int cycleOverdueFactor) {

  public static final HealthThresholds DEFAULTS = new HealthThresholds(24, 3, 100, 6, 3);
}
