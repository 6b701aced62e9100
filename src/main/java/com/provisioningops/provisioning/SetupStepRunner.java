package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What each setup step does in Graph, and the setup it leaves: succeeded, waiting or failed. Knows
 * nothing of claims, turns or queues ({@link SetupWorker}'s protocol); it is told when a dead
 * worker may have done the step already.
 */
final class SetupStepRunner {
  static final Duration REPLICATION_LIMIT = Duration.ofMinutes(5);
  static final Duration REPLICATION_POLL = Duration.ofSeconds(5);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
  private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

  private final GraphProvisioning graph;
  private final CredentialResolver credentials;
  private final JobWatchlist watchlist;
  private final Clock clock;
  private final Duration maxWait;

  /** The same steps, made as {@code actor} in Graph. */
  SetupStepRunner as(Actor actor) {
    return new SetupStepRunner(graph.as(actor), credentials, watchlist, clock, maxWait);
  }

  SetupStepRunner(
      GraphProvisioning graph,
      CredentialResolver credentials,
      JobWatchlist watchlist,
      Clock clock,
      Duration maxWait) {
    this.graph = graph;
    this.credentials = credentials;
    this.watchlist = watchlist;
    this.clock = clock;
    this.maxWait = maxWait;
  }

  /**
   * Runs {@code step} and returns the setup with its outcome; an {@code orphan} claim means a dead
   * worker may have done it already, so what it made is looked up first. A failure Graph reports is
   * an outcome: waiting with backoff while it is transient and {@code maxWait} has not passed, else
   * failed with what to do.
   */
  SetupState perform(SetupState s, SetupAction step, SetupState.Claim orphan) {
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
            return found.adopting(adopted.get().applicationId(), clock.instant());
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
                    + ProvisioningCredentials.scrub(check.message(), resolved),
                "Fix the credentials in the credentials Key Vault or the request.");
          }
          return succeed(s, step, "The target app accepted the credentials.", null, null, null);
        }
        case SAVE_CREDENTIALS -> {
          // Saving the same secrets twice is harmless: no reconciliation needed.
          resolved = credentials.resolve(r.credentials());
          credentials.remember(new ServicePrincipalId(s.servicePrincipalId()), resolved);
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
        // Every action has its case; the compiler needs an end to the switch statement.
        default -> throw new IllegalStateException("Unknown setup step " + step);
      }
    } catch (Failure f) {
      // Graph's and the target app's text may quote what was sent: no secret reaches the record.
      String detail = ProvisioningCredentials.scrub(f.detail(), resolved);
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
        if (f instanceof Failure.Unavailable && step.changesTenant()) {
          // No answer is not "not done": Graph may have carried the call out. Leave a claim that
          // has run out, so that the next try looks for what it made before making it again.
          Instant now = clock.instant();
          return waiting.withClaim(
              new SetupState.Claim(step.wire(), "outcome-unknown", now, now), now);
        }
        return waiting;
      }
      return fail(s, step, detail, fix(f));
    }
  }

  private SetupState start(SetupState s, SetupRequest r, SetupState.Claim orphan) {
    if (!Boolean.TRUE.equals(r.start())) {
      SetupState skipped =
          s.recorded(
              SetupAction.START.wire(), "skipped", "Not asked to start the job.", clock.instant());
      return skipped.finished("succeeded", null, null, clock.instant());
    }
    ServicePrincipalId sp = new ServicePrincipalId(s.servicePrincipalId());
    JobId job = new JobId(s.jobId());
    // Microsoft warns against repeated starts: after a lost outcome, look before starting again.
    boolean running = orphan != null && active(graph.getJob(sp, job));
    if (!running) {
      graph.start(sp, job);
    }
    return s.recorded(SetupAction.START.wire(), "succeeded", "Started the job.", clock.instant())
        .finished("succeeded", null, null, clock.instant());
  }

  /** When the instantiate step succeeded: replication is counted from there, not from the POST. */
  private static Instant appAddedAt(SetupState s) {
    Instant at = s.createdAt();
    for (SetupState.SetupStep step : s.steps()) {
      if (step.step().equals(SetupAction.INSTANTIATE.wire())
          && step.outcome().equals("succeeded")) {
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
      SetupAction step,
      String detail,
      String applicationId,
      String servicePrincipalId,
      String jobId) {
    return s.succeeded(
        step.wire(), detail, applicationId, servicePrincipalId, jobId, clock.instant());
  }

  private SetupState wait(
      SetupState s, SetupAction step, String detail, Duration delay, int attempts) {
    Instant now = clock.instant();
    return s.waiting(step.wire(), detail, now.plus(delay), attempts, now);
  }

  /** Ends the setup as failed at {@code step}: what happened, and what to do about it. */
  SetupState fail(SetupState s, SetupAction step, String detail, String fix) {
    SetupState recorded = s.recorded(step.wire(), "failed", detail, clock.instant());
    return recorded.finished(
        "failed", step.wire(), SetupSteps.nextAction(recorded, fix), clock.instant());
  }
}
