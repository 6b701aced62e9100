package com.provisioningops.provisioning;

import java.util.List;

/**
 * What a one-call setup did so far, or in the end.
 *
 * @param setupId the setup's id
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param applicationId the application created, when it was
 * @param servicePrincipalId the service principal created, when it was
 * @param jobId the job created, when it was
 * @param steps each step's outcome
 * @param failedStep the step that failed, if one did
 * @param nextAction what a retry or a cleanup needs, when it failed
 * @param requestedBy who asked for the setup: the signed-in user (validated by App Service
 *     authentication, never taken from a client header), or "function key"
 */
public record SetupResult(
    String setupId,
    String status,
    String applicationId,
    String servicePrincipalId,
    String jobId,
    List<SetupState.SetupStep> steps,
    String failedStep,
    String nextAction,
    String requestedBy) {}
