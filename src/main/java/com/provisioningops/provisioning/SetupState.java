package com.provisioningops.provisioning;

import java.time.Instant;
import java.util.List;

/**
 * Where a one-call setup stands, as stored between steps (never with a secret value: credentials
 * are kept as given, secrets by name).
 *
 * @param setupId the setup's id, in its Location URL; derived from the idempotency key
 * @param idempotencyKey the caller's key
 * @param requestHash a hash of the request, to refuse the same key with another body
 * @param request the request
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param applicationId the application created, once it is
 * @param servicePrincipalId the service principal created, once it is
 * @param jobId the job created, once it is
 * @param steps each step's outcome so far
 * @param failedStep the step that failed, if one did
 * @param nextAction what to do about a failure, in a sentence
 * @param claim who is performing a step with a side effect in Graph right now, if anybody
 * @param notBefore when the next attempt may run (after a wait); null for at once
 * @param attempts transient failures in a row of the current step
 * @param turn the number of the setup's current queue message: a message with an older number is a
 *     duplicate whose work another message has taken over
 * @param createdAt when the setup began
 * @param updatedAt when it last changed
 * @param version the store's concurrency token
 * @param requestedBy who asked for the setup: a signed-in user's name, or "function key"
 * @param sealedUserToken the signed-in user's token the steps are made with ({@code
 *     GRAPH_CHANGES_AS=user}), sealed by a {@link TokenSeal}; null for the app, and dropped as soon
 *     as the setup ends
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
    String nextAction,
    Claim claim,
    Instant notBefore,
    int attempts,
    int turn,
    Instant createdAt,
    Instant updatedAt,
    String version,
    String requestedBy,
    String sealedUserToken) {

  public SetupState {
    steps = List.copyOf(steps);
  }

  @Override
  public String toString() {
    return "SetupState[" + setupId + ", " + status + ", requestedBy=" + requestedBy + "]";
  }

  /**
   * One step's outcome.
   *
   * @param step checkCredentials, instantiate, waitForServicePrincipal, createJob,
   *     validateCredentials, saveCredentials or start
   * @param outcome succeeded, failed, skipped or waiting
   * @param detail what happened, in a sentence
   * @param at when the step ended, or when it started waiting
   */
  public record SetupStep(String step, String outcome, String detail, Instant at) {}

  /**
   * A worker's claim on a step: only the claimant calls Graph for it until {@code until}; a claim
   * found expired without an outcome means its worker died, and the step is reconciled first.
   */
  public record Claim(String step, String claimant, Instant at, Instant until) {}

  static SetupState start(
      String setupId,
      String key,
      String hash,
      SetupRequest request,
      Instant now,
      String requestedBy,
      String sealedUserToken) {
    return new SetupState(
        setupId,
        key,
        hash,
        request,
        "running",
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        0,
        0,
        now,
        now,
        null,
        requestedBy,
        sealedUserToken);
  }

  /** The same setup, carried on with a fresh seal of the user's token (a repeated call). */
  SetupState withUserToken(String sealed, Instant now) {
    Draft d = new Draft(this);
    d.sealedUserToken = sealed;
    d.updatedAt = now;
    return d.build();
  }

  public boolean running() {
    return status.equals("running");
  }

  /** The same state under the concurrency token the store gave it. */
  public SetupState withVersion(String newVersion) {
    Draft d = new Draft(this);
    d.version = newVersion;
    return d.build();
  }

  SetupState withTurn(int newTurn, Instant now) {
    Draft d = new Draft(this);
    d.turn = newTurn;
    d.updatedAt = now;
    return d.build();
  }

  SetupState withClaim(Claim newClaim, Instant now) {
    Draft d = new Draft(this);
    d.claim = newClaim;
    d.updatedAt = now;
    return d.build();
  }

  /**
   * This setup with {@code step}'s outcome appended (a waiting step is replaced by its next attempt
   * rather than piling up), ending the claim under which it was reached and no other step's.
   */
  SetupState recorded(String step, String outcome, String detail, Instant now) {
    List<SetupStep> newSteps = new java.util.ArrayList<>(steps);
    if (!newSteps.isEmpty()
        && newSteps.get(newSteps.size() - 1).step().equals(step)
        && newSteps.get(newSteps.size() - 1).outcome().equals("waiting")) {
      newSteps.remove(newSteps.size() - 1);
    }
    newSteps.add(new SetupStep(step, outcome, detail, now));
    Draft d = new Draft(this);
    if (claim != null && claim.step().equals(step)) {
      d.claim = null;
    }
    d.steps = newSteps;
    d.updatedAt = now;
    return d.build();
  }

  /** {@code step} succeeded: what it created is kept (null leaves a field as it was). */
  SetupState succeeded(
      String step,
      String detail,
      String newApplicationId,
      String newServicePrincipalId,
      String newJobId,
      Instant now) {
    Draft d = new Draft(recorded(step, "succeeded", detail, now));
    if (newApplicationId != null) {
      d.applicationId = newApplicationId;
    }
    if (newServicePrincipalId != null) {
      d.servicePrincipalId = newServicePrincipalId;
    }
    if (newJobId != null) {
      d.jobId = newJobId;
    }
    d.failedStep = null;
    d.nextAction = null;
    d.notBefore = null;
    d.attempts = 0;
    return d.build();
  }

  /** {@code step} waits until {@code until}, after {@code newAttempts} transient failures. */
  SetupState waiting(String step, String detail, Instant until, int newAttempts, Instant now) {
    Draft d = new Draft(recorded(step, "waiting", detail, now));
    d.failedStep = null;
    d.nextAction = null;
    d.notBefore = until;
    d.attempts = newAttempts;
    return d.build();
  }

  /** The setup ended with {@code newStatus}; a failure names its step and what to do. */
  SetupState finished(String newStatus, String newFailedStep, String newNextAction, Instant now) {
    Draft d = new Draft(this);
    d.status = newStatus;
    d.failedStep = newFailedStep;
    d.nextAction = newNextAction;
    d.notBefore = null;
    d.attempts = 0;
    d.updatedAt = now;
    return d.build();
  }

  /** An application found rather than added, whose service principal is not listed yet. */
  SetupState adopting(String newApplicationId, Instant now) {
    Draft d = new Draft(this);
    d.applicationId = newApplicationId;
    d.servicePrincipalId = null;
    d.jobId = null;
    d.failedStep = null;
    d.nextAction = null;
    d.updatedAt = now;
    return d.build();
  }

  /** A copy to change a few fields of: the record's one place that lists them all. */
  private static final class Draft {
    private final SetupState from;
    private String status;
    private String applicationId;
    private String servicePrincipalId;
    private String jobId;
    private List<SetupStep> steps;
    private String failedStep;
    private String nextAction;
    private Claim claim;
    private Instant notBefore;
    private int attempts;
    private int turn;
    private Instant updatedAt;
    private String version;
    private String sealedUserToken;

    Draft(SetupState s) {
      from = s;
      status = s.status;
      applicationId = s.applicationId;
      servicePrincipalId = s.servicePrincipalId;
      jobId = s.jobId;
      steps = s.steps;
      failedStep = s.failedStep;
      nextAction = s.nextAction;
      claim = s.claim;
      notBefore = s.notBefore;
      attempts = s.attempts;
      turn = s.turn;
      updatedAt = s.updatedAt;
      version = s.version;
      sealedUserToken = s.sealedUserToken;
    }

    SetupState build() {
      return new SetupState(
          from.setupId,
          from.idempotencyKey,
          from.requestHash,
          from.request,
          status,
          applicationId,
          servicePrincipalId,
          jobId,
          steps,
          failedStep,
          nextAction,
          claim,
          notBefore,
          attempts,
          turn,
          from.createdAt,
          updatedAt,
          version,
          from.requestedBy,
          // A setup that ended keeps no token: nothing is made with it any more.
          status.equals("running") ? sealedUserToken : null);
    }
  }
}
