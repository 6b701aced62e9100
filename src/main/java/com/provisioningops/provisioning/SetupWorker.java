package com.provisioningops.provisioning;

import static com.provisioningops.provisioning.SetupSteps.CHECK_CREDENTIALS;
import static com.provisioningops.provisioning.SetupSteps.CREATE_JOB;
import static com.provisioningops.provisioning.SetupSteps.INSTANTIATE;
import static com.provisioningops.provisioning.SetupSteps.SAVE_CREDENTIALS;
import static com.provisioningops.provisioning.SetupSteps.START;
import static com.provisioningops.provisioning.SetupSteps.VALIDATE_CREDENTIALS;
import static com.provisioningops.provisioning.SetupSteps.WAIT_FOR_SERVICE_PRINCIPAL;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a setup's steps from its queue message until it is done or has to wait, then leaves a
 * message for later. Safe to run twice at once and to die anywhere: a step with a side effect in
 * Graph is claimed first (an ETag-conditioned write naming the worker and an expiry), only the
 * claimant calls Graph, and a claim that expired without an outcome is reconciled (what the dead
 * worker created is looked up and adopted) before the step is repeated.
 */
public final class SetupWorker {
  static final Duration REPLICATION_LIMIT = Duration.ofMinutes(5);
  static final Duration REPLICATION_POLL = Duration.ofSeconds(5);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
  private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);
  private static final int STEPS_PER_MESSAGE = 12;
  private static final Duration EARLY = Duration.ofSeconds(1);

  private final GraphProvisioning graph;
  private final Credentials credentials;
  private final SetupStore store;
  private final SetupQueue queue;
  private final Clock clock;
  private final Duration maxWait;
  private final Duration claimTtl;
  private final JobWatchlist watchlist;

  /**
   * @param maxWait how long transient failures are retried before the setup fails
   * @param claimTtl how long a claim holds: longer than any one Graph call with its retries
   * @param watchlist where the job the setup creates is put for the monitor
   */
  public SetupWorker(
      GraphProvisioning graph,
      Credentials credentials,
      SetupStore store,
      SetupQueue queue,
      Clock clock,
      Duration maxWait,
      Duration claimTtl,
      JobWatchlist watchlist) {
    this.graph = graph;
    this.credentials = credentials;
    this.store = store;
    this.queue = queue;
    this.clock = clock;
    this.maxWait = maxWait;
    this.claimTtl = claimTtl;
    this.watchlist = watchlist;
  }

  /**
   * Advances the setup as far as it goes now, for one queue message.
   *
   * @param turn the message's turn: older than the setup's, the message is a duplicate and dropped
   * @param messageId the message's id, which names this worker in claims: a redelivery of the same
   *     message (after its earlier try threw or its process died) recognises its own claim
   * @return the setup as stored afterwards; empty when there is no such setup (yet)
   * @throws Failure.Unavailable when storage or the queue fails: the message should be retried
   */
  public Optional<SetupState> run(String setupId, int turn, String messageId) {
    Optional<SetupState> found = store.find(setupId);
    if (found.isEmpty() || found.get().turn() > turn) {
      return found;
    }
    SetupState s = found.get();
    for (int i = 0; i < STEPS_PER_MESSAGE && s.running(); i++) {
      Instant now = clock.instant();
      // A message may arrive a little early (queues count delays in seconds): close enough.
      if (s.notBefore() != null && now.plus(EARLY).isBefore(s.notBefore())) {
        break;
      }
      String step = SetupSteps.next(s);
      if (now.isAfter(s.createdAt().plus(maxWait).plus(claimTtl))) {
        // Every wait counts: replication, look-ups and backoff alike end at SETUP_MAX_WAIT.
        Optional<SetupState> ended =
            store.update(
                fail(
                    s,
                    step,
                    "The setup did not finish within " + maxWait.toMinutes() + " minutes.",
                    "Check the app's logs for this setup id; what was created is listed above."));
        return ended.isPresent() ? ended : store.find(setupId);
      }
      SetupState.Claim claim = s.claim();
      boolean orphaned = false;
      if (SetupSteps.SIDE_EFFECTS.contains(step)) {
        if (claim != null && claim.step().equals(step)) {
          if (!claim.claimant().equals(messageId) && claim.until().isAfter(now)) {
            // Another message is performing this step; it carries the setup on from there.
            return Optional.of(s);
          }
          // Our own earlier try, or a holder whose claim ran out, stopped without an outcome.
          orphaned = true;
        }
        Optional<SetupState> claimed =
            store.update(
                s.withClaim(new SetupState.Claim(step, messageId, now, now.plus(claimTtl)), now));
        if (claimed.isEmpty()) {
          // Somebody else saved the setup meanwhile: that worker is advancing it.
          return store.find(setupId);
        }
        s = claimed.get();
      }
      Optional<SetupState> saved = store.update(perform(s, step, orphaned ? claim : null));
      if (saved.isEmpty()) {
        return store.find(setupId);
      }
      s = saved.get();
    }
    if (s.running()) {
      s = scheduleNext(s);
    }
    return Optional.of(s);
  }

  /**
   * Leaves the message that carries the setup on: enqueued before the turn is stored, so that a
   * crash in between leaves a message (run as the continuation) rather than a setup nothing runs.
   */
  private SetupState scheduleNext(SetupState s) {
    Instant now = clock.instant();
    Duration delay =
        s.notBefore() == null || !s.notBefore().isAfter(now)
            ? Duration.ZERO
            : Duration.between(now, s.notBefore());
    int next = s.turn() + 1;
    queue.enqueue(s.setupId(), next, delay);
    return store.update(s.withTurn(next, now)).orElse(s);
  }

  /**
   * Fails a setup whose message could not be processed after the platform's last try, unless a
   * newer message has taken over since.
   *
   * @throws Failure.Unavailable when storage fails
   */
  public void giveUp(String setupId, int turn) {
    for (int tries = 0; tries < 5; tries++) {
      Optional<SetupState> found = store.find(setupId);
      if (found.isEmpty() || !found.get().running() || found.get().turn() > turn) {
        return;
      }
      SetupState s = found.get();
      String step = SetupSteps.next(s);
      SetupState failed =
          fail(
              s,
              step,
              "The setup's work item failed on every try, so it was set aside.",
              "Check the app's logs for this setup id, fix the cause, then call again with a new"
                  + " Idempotency-Key.");
      if (store.update(failed).isPresent()) {
        return;
      }
    }
  }

  private SetupState reload(String setupId) {
    return store.find(setupId).orElseThrow(() -> Failure.notFound("The setup vanished."));
  }

  /** Runs {@code step}; an {@code orphan} claim means a dead worker may have done it already. */
  private SetupState perform(SetupState s, String step, SetupState.Claim orphan) {
    SetupRequest r = s.request();
    List<Credential> resolved = List.of();
    try {
      switch (step) {
        case CHECK_CREDENTIALS -> {
          // Read every referenced secret before anything is created: a missing secret or a vault
          // that refuses the app should not leave an app behind.
          resolved = credentials.resolve(r.credentials());
          return succeed(
              s,
              step,
              "Read " + resolved.stream().filter(Credential::secret).count() + " secret(s).",
              null,
              null,
              null);
        }
        case INSTANTIATE -> {
          String name = r.displayName().trim();
          String template = r.applicationTemplateId().trim();
          // After a lost outcome, what the dead worker added is looked up before adding again.
          boolean lookFirst = orphan != null || s.applicationId() != null;
          Optional<InstantiatedApp> adopted =
              lookFirst
                  ? graph.findInstantiatedApp(template, name, s.createdAt().minusSeconds(60))
                  : Optional.empty();
          if (adopted.isPresent() && adopted.get().servicePrincipalId() == null) {
            Instant made =
                adopted.get().createdAt() != null ? adopted.get().createdAt() : s.createdAt();
            if (clock.instant().isAfter(made.plus(REPLICATION_LIMIT))) {
              return fail(
                  s,
                  step,
                  "'"
                      + name
                      + "' was added at "
                      + made
                      + " but its service principal was still not listed "
                      + REPLICATION_LIMIT.toMinutes()
                      + " minutes later.",
                  "Check the app (application id "
                      + adopted.get().applicationId()
                      + ") and its service principal in Entra ID, then finish with the single"
                      + " actions.");
            }
            SetupState found =
                wait(
                    s,
                    step,
                    "Found '" + name + "'; waiting for its service principal.",
                    REPLICATION_POLL,
                    s.attempts());
            return found.with(
                found.status(),
                adopted.get().applicationId(),
                null,
                null,
                found.steps(),
                null,
                null,
                found.notBefore(),
                found.attempts(),
                clock.instant());
          }
          if (adopted.isEmpty() && orphan != null) {
            Instant lookUntil = orphan.at().plus(REPLICATION_LIMIT);
            if (clock.instant().isBefore(lookUntil)) {
              // Graph may have made it and not list it yet (its queries lag its writes): look
              // again until the replication bound has passed before adding a second app.
              Instant now = clock.instant();
              return wait(
                      s,
                      step,
                      "Looking for '"
                          + name
                          + "', which an earlier try may have added; Graph lists new apps"
                          + " after a delay, so it is added again only after "
                          + lookUntil
                          + ".",
                      REPLICATION_POLL,
                      s.attempts())
                  .withClaim(orphan, now);
            }
          }
          InstantiatedApp app = adopted.orElseGet(() -> graph.instantiate(template, name));
          return succeed(
              s,
              step,
              adopted.isPresent()
                  ? "Adopted '" + name + "', added by an attempt that stopped before recording it."
                  : "Added '" + name + "'.",
              app.applicationId(),
              app.servicePrincipalId(),
              null);
        }
        case WAIT_FOR_SERVICE_PRINCIPAL -> {
          try {
            graph.listSynchronizationTemplates(new ServicePrincipalId(s.servicePrincipalId()));
            return succeed(s, step, "The service principal is readable.", null, null, null);
          } catch (Failure.NotFound f) {
            if (clock.instant().isAfter(appAddedAt(s).plus(REPLICATION_LIMIT))) {
              return fail(
                  s,
                  step,
                  "The service principal was still not readable after "
                      + REPLICATION_LIMIT.toMinutes()
                      + " minutes.",
                  "Check the app in Entra ID, then finish with the single actions.");
            }
            return wait(
                s,
                step,
                "Waiting for the new service principal to replicate.",
                REPLICATION_POLL,
                s.attempts());
          }
        }
        case CREATE_JOB -> {
          ServicePrincipalId sp = new ServicePrincipalId(s.servicePrincipalId());
          String template = r.synchronizationTemplateId().trim();
          Optional<SynchronizationJob> adopted =
              orphan == null
                  ? Optional.empty()
                  : graph.listJobs(sp).stream()
                      .filter(j -> template.equalsIgnoreCase(j.templateId()))
                      .findFirst();
          SynchronizationJob job = adopted.orElseGet(() -> graph.createJob(sp, template));
          watchlist.watch(sp, new JobId(job.id()), r.displayName().trim());
          return succeed(
              s,
              step,
              (adopted.isPresent() ? "Adopted job " : "Created job ") + job.id() + ".",
              null,
              null,
              job.id());
        }
        case VALIDATE_CREDENTIALS -> {
          resolved = credentials.resolve(r.credentials());
          CredentialCheck check =
              graph.validateCredentials(
                  new ServicePrincipalId(s.servicePrincipalId()),
                  new JobId(s.jobId()),
                  resolved,
                  false);
          if (!check.valid()) {
            return fail(
                s,
                step,
                "The target app refused the credentials"
                    + (check.errorCode() == null ? "" : " (" + check.errorCode() + ")")
                    + ": "
                    + CredentialSetup.scrub(check.message(), resolved),
                "Fix the credentials in the credentials Key Vault or the request.");
          }
          return succeed(s, step, "The target app accepted the credentials.", null, null, null);
        }
        case SAVE_CREDENTIALS -> {
          // Saving the same secrets twice is harmless: no reconciliation needed.
          resolved = credentials.resolve(r.credentials());
          graph.saveCredentials(new ServicePrincipalId(s.servicePrincipalId()), resolved);
          return succeed(
              s,
              step,
              "Saved " + resolved.stream().map(Credential::key).toList() + ".",
              null,
              null,
              null);
        }
        case START -> {
          return start(s, r, orphan);
        }
        default -> throw new IllegalStateException("Unknown setup step " + step);
      }
    } catch (Failure f) {
      // Graph's and the target app's text may quote what was sent: no secret reaches the record.
      String detail = CredentialSetup.scrub(f.detail(), resolved);
      if (f.retryable()) {
        if (clock.instant().isAfter(s.createdAt().plus(maxWait))) {
          return fail(
              s,
              step,
              detail,
              "It was still failing after " + maxWait.toMinutes() + " minutes: try again later.");
        }
        int attempts = s.attempts() + 1;
        Duration backoff = backoff(attempts);
        Duration wait = f.retryAfter().filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
        SetupState waiting =
            wait(s, step, detail + " Trying again in " + wait.toSeconds() + " s.", wait, attempts);
        if (f instanceof Failure.Unavailable && SetupSteps.SIDE_EFFECTS.contains(step)) {
          // No answer is not "not done": Graph may have carried the call out. Leave a claim that
          // has run out, so that the next try looks for what it made before making it again.
          Instant now = clock.instant();
          return waiting.withClaim(new SetupState.Claim(step, "outcome-unknown", now, now), now);
        }
        return waiting;
      }
      return fail(s, step, detail, fix(f));
    }
  }

  private SetupState start(SetupState s, SetupRequest r, SetupState.Claim orphan) {
    if (!Boolean.TRUE.equals(r.start())) {
      SetupState skipped = record(s, START, "skipped", "Not asked to start the job.");
      return finish(skipped, "succeeded", null, null);
    }
    ServicePrincipalId sp = new ServicePrincipalId(s.servicePrincipalId());
    JobId job = new JobId(s.jobId());
    // Microsoft warns against repeated starts: after a lost outcome, look before starting again.
    boolean running = orphan != null && active(graph.getJob(sp, job));
    if (!running) {
      graph.start(sp, job);
    }
    return finish(record(s, START, "succeeded", "Started the job."), "succeeded", null, null);
  }

  /** When the instantiate step succeeded: replication is counted from there, not from the POST. */
  private static Instant appAddedAt(SetupState s) {
    Instant at = s.createdAt();
    for (SetupState.SetupStep step : s.steps()) {
      if (step.step().equals(SetupSteps.INSTANTIATE) && step.outcome().equals("succeeded")) {
        at = step.at();
      }
    }
    return at;
  }

  private static boolean active(SynchronizationJob job) {
    return job.status() != null && job.status().code() == SynchronizationJob.StatusCode.Active;
  }

  private static String fix(Failure f) {
    if (f instanceof Failure.Forbidden forbidden) {
      return "Grant " + forbidden.missing() + ", then call again with a new Idempotency-Key.";
    }
    if (f instanceof Failure.InvalidInput || f instanceof Failure.NotFound) {
      return "Fix the request, then call again with a new Idempotency-Key.";
    }
    return "Check the details above, then call again with a new Idempotency-Key.";
  }

  static Duration backoff(int attempts) {
    long seconds = FIRST_BACKOFF.toSeconds() << Math.min(attempts - 1, 10);
    return Duration.ofSeconds(Math.min(seconds, LONGEST_BACKOFF.toSeconds()));
  }

  private SetupState succeed(
      SetupState s,
      String step,
      String detail,
      String applicationId,
      String servicePrincipalId,
      String jobId) {
    SetupState recorded = record(s, step, "succeeded", detail);
    return recorded.with(
        recorded.status(),
        applicationId != null ? applicationId : recorded.applicationId(),
        servicePrincipalId != null ? servicePrincipalId : recorded.servicePrincipalId(),
        jobId != null ? jobId : recorded.jobId(),
        recorded.steps(),
        null,
        null,
        null,
        0,
        clock.instant());
  }

  private SetupState wait(SetupState s, String step, String detail, Duration delay, int attempts) {
    SetupState recorded = record(s, step, "waiting", detail);
    Instant now = clock.instant();
    return recorded.with(
        recorded.status(),
        recorded.applicationId(),
        recorded.servicePrincipalId(),
        recorded.jobId(),
        recorded.steps(),
        null,
        null,
        now.plus(delay),
        attempts,
        now);
  }

  private SetupState fail(SetupState s, String step, String detail, String fix) {
    SetupState recorded = record(s, step, "failed", detail);
    return finish(recorded, "failed", step, SetupSteps.nextAction(recorded, fix));
  }

  private SetupState finish(SetupState s, String status, String failedStep, String nextAction) {
    return s.with(
        status,
        s.applicationId(),
        s.servicePrincipalId(),
        s.jobId(),
        s.steps(),
        failedStep,
        nextAction,
        null,
        0,
        clock.instant());
  }

  private SetupState record(SetupState s, String step, String outcome, String detail) {
    List<SetupState.SetupStep> steps = new ArrayList<>(s.steps());
    // A waiting step is replaced by its next attempt rather than piling up.
    if (!steps.isEmpty()
        && steps.get(steps.size() - 1).step().equals(step)
        && steps.get(steps.size() - 1).outcome().equals("waiting")) {
      steps.remove(steps.size() - 1);
    }
    steps.add(new SetupState.SetupStep(step, outcome, detail, clock.instant()));
    // An outcome ends the claim under which it was reached, and no other step's claim.
    if (s.claim() != null && s.claim().step().equals(step)) {
      s = s.withClaim(null, clock.instant());
    }
    return s.with(
        s.status(),
        s.applicationId(),
        s.servicePrincipalId(),
        s.jobId(),
        steps,
        s.failedStep(),
        s.nextAction(),
        s.notBefore(),
        s.attempts(),
        clock.instant());
  }
}
