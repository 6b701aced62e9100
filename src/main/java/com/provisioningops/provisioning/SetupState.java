package com.provisioningops.provisioning;

import java.time.Instant;
import java.util.List;

/**
 * Where a one-call setup stands, as stored between steps (never with a secret value: credentials
 * are kept as given, secrets by name).
 *
 * @param setupId the setup's id, in its Location URL
 * @param idempotencyKey the caller's key
 * @param requestHash a hash of the request, to refuse the same key with another body
 * @param request the request
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param applicationId the application created, once it is
 * @param servicePrincipalId the service principal created, once it is
 * @param jobId the job created, once it is
 * @param steps each step's outcome so far
 * @param failedStep the step that failed, if one did
 * @param createdAt when the setup began
 * @param version the store's concurrency token
 */
public record SetupState(
    String setupId,
    String idempotencyKey,
    String requestHash,
    SetupRequest request,
    String status,
    String applicationId,
    String servicePrincipalId,
    String jobId,
    List<SetupStep> steps,
    String failedStep,
    Instant createdAt,
    String version) {

  public SetupState {
    steps = List.copyOf(steps);
  }

  /**
   * One step's outcome.
   *
   * @param step instantiate, waitForServicePrincipal, createJob, validateCredentials,
   *     saveCredentials or start
   * @param outcome succeeded, failed, skipped or waiting
   * @param detail what happened, in a sentence
   * @param at when
   */
  public record SetupStep(String step, String outcome, String detail, Instant at) {}

  SetupState with(
      String status,
      String applicationId,
      String servicePrincipalId,
      String jobId,
      List<SetupStep> steps,
      String failedStep) {
    return new SetupState(
        setupId,
        idempotencyKey,
        requestHash,
        request,
        status,
        applicationId,
        servicePrincipalId,
        jobId,
        steps,
        failedStep,
        createdAt,
        version);
  }
}
