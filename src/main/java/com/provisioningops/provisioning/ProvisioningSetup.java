package com.provisioningops.provisioning;

import com.provisioningops.problem.Problem;
import com.provisioningops.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one-call setup: add a gallery app → wait until its service principal is readable → create the
 * job → validate credentials → save them → optionally start. Each step's outcome is stored before
 * the next, so any call (the POST, or the GETs Power Automate makes while it follows the 202)
 * resumes where the last one stopped, and an idempotency key never creates a second app.
 */
public final class ProvisioningSetup {
  static final Duration REPLICATION_LIMIT = Duration.ofMinutes(5);
  private static final Duration BUDGET = Duration.ofSeconds(20);

  private final GraphProvisioning graph;
  private final Credentials credentials;
  private final SetupStore store;
  private final Clock clock;

  public ProvisioningSetup(
      GraphProvisioning graph, Credentials credentials, SetupStore store, Clock clock) {
    this.graph = graph;
    this.credentials = credentials;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Starts (or, for a known key, continues) a setup.
   *
   * @throws ProblemException 400 for a missing or over-long key or an invalid request, 422 when the
   *     key was used with another request
   */
  public SetupResult begin(String idempotencyKey, SetupRequest request) {
    String key = idempotencyKey == null ? "" : idempotencyKey.trim();
    if (key.isEmpty() || key.length() > 100) {
      throw ProblemException.badRequest(
          "Send an Idempotency-Key header (1 to 100 characters): calling again with the same key"
              + " continues the same setup instead of adding a second app.");
    }
    validate(request);
    String hash = hash(request);
    Optional<SetupState> known = store.findByKey(key);
    if (known.isEmpty()) {
      SetupState fresh =
          new SetupState(
              UUID.randomUUID().toString(),
              key,
              hash,
              request,
              "running",
              null,
              null,
              null,
              List.of(),
              null,
              clock.instant(),
              null);
      if (!store.create(fresh)) {
        known = store.findByKey(key);
      } else {
        known = store.find(fresh.setupId());
      }
    }
    SetupState state = known.orElseThrow();
    if (!state.requestHash().equals(hash)) {
      throw new ProblemException(
          Problem.of(
              422,
              "idempotency-key-reused",
              "The key belongs to another setup",
              "Idempotency-Key '"
                  + Printable.of(key)
                  + "' was used for a different request. Use a new key for a new setup."));
    }
    return advance(state);
  }

  /**
   * The setup's state after advancing it as far as it goes now.
   *
   * @throws ProblemException 404 for an unknown setup
   */
  public SetupResult poll(String setupId) {
    SetupState state =
        store
            .find(setupId)
            .orElseThrow(
                () -> ProblemException.notFound("No setup '" + Printable.of(setupId) + "'."));
    return advance(state);
  }

  private SetupResult advance(SetupState state) {
    Instant deadline = clock.instant().plus(BUDGET);
    SetupState current = state;
    while (current.status().equals("running") && clock.instant().isBefore(deadline)) {
      SetupState next = step(current);
      if (!store.update(next)) {
        // Another call advanced it meanwhile: answer what it stored.
        current = store.find(state.setupId()).orElse(next);
        break;
      }
      current = store.find(state.setupId()).orElse(next);
      if (waiting(next)) {
        break;
      }
    }
    return result(current);
  }

  private static boolean waiting(SetupState state) {
    List<SetupState.SetupStep> steps = state.steps();
    return !steps.isEmpty() && steps.get(steps.size() - 1).outcome().equals("waiting");
  }

  private SetupState step(SetupState s) {
    SetupRequest r = s.request();
    String step = nextStep(s);
    try {
      switch (step) {
        case "instantiate" -> {
          InstantiatedApp app =
              graph.instantiate(r.applicationTemplateId().trim(), r.displayName().trim());
          return record(
              s,
              step,
              "succeeded",
              "Added '" + r.displayName().trim() + "'.",
              app.applicationId(),
              app.servicePrincipalId(),
              null);
        }
        case "waitForServicePrincipal" -> {
          try {
            graph.listSynchronizationTemplates(new ServicePrincipalId(s.servicePrincipalId()));
            return record(
                s, step, "succeeded", "The service principal is readable.", null, null, null);
          } catch (GraphFailure f) {
            if (f.kind() != GraphFailure.Kind.NOT_FOUND) {
              throw f;
            }
            if (clock.instant().isAfter(s.createdAt().plus(REPLICATION_LIMIT))) {
              return fail(
                  s,
                  step,
                  "The service principal was still not readable after "
                      + REPLICATION_LIMIT.toMinutes()
                      + " minutes.");
            }
            return record(
                s,
                step,
                "waiting",
                "Waiting for the new service principal to replicate.",
                null,
                null,
                null);
          }
        }
        case "createJob" -> {
          SynchronizationJob job =
              graph.createJob(
                  new ServicePrincipalId(s.servicePrincipalId()),
                  r.synchronizationTemplateId().trim());
          return record(
              s, step, "succeeded", "Created job " + job.id() + ".", null, null, job.id());
        }
        case "validateCredentials" -> {
          List<Credential> resolved = credentials.resolve(r.credentials());
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
                    + CredentialSetup.scrub(check.message(), resolved));
          }
          return record(
              s, step, "succeeded", "The target app accepted the credentials.", null, null, null);
        }
        case "saveCredentials" -> {
          List<Credential> resolved = credentials.resolve(r.credentials());
          graph.saveCredentials(new ServicePrincipalId(s.servicePrincipalId()), resolved);
          return record(
              s,
              step,
              "succeeded",
              "Saved " + resolved.stream().map(Credential::key).toList() + ".",
              null,
              null,
              null);
        }
        case "start" -> {
          if (!Boolean.TRUE.equals(r.start())) {
            SetupState skipped =
                record(s, step, "skipped", "Not asked to start the job.", null, null, null);
            return skipped.with(
                "succeeded",
                skipped.applicationId(),
                skipped.servicePrincipalId(),
                skipped.jobId(),
                skipped.steps(),
                null);
          }
          graph.start(new ServicePrincipalId(s.servicePrincipalId()), new JobId(s.jobId()));
          SetupState started = record(s, step, "succeeded", "Started the job.", null, null, null);
          return started.with(
              "succeeded",
              started.applicationId(),
              started.servicePrincipalId(),
              started.jobId(),
              started.steps(),
              null);
        }
        default -> throw new IllegalStateException("Unknown setup step " + step);
      }
    } catch (GraphFailure f) {
      boolean transient_ =
          f.kind() == GraphFailure.Kind.THROTTLED
              || f.kind() == GraphFailure.Kind.UNAVAILABLE
              || f.kind() == GraphFailure.Kind.TIMEOUT;
      if (transient_) {
        return record(
            s,
            step,
            "waiting",
            "Graph was busy or unavailable; trying again shortly.",
            null,
            null,
            null);
      }
      return fail(s, step, f.problem().detail());
    } catch (ProblemException p) {
      if (p.problem().status() == 503) {
        return record(
            s,
            step,
            "waiting",
            "Key Vault was unavailable; trying again shortly.",
            null,
            null,
            null);
      }
      return fail(s, step, p.problem().detail());
    }
  }

  private static String nextStep(SetupState s) {
    if (s.applicationId() == null && s.servicePrincipalId() == null) {
      return "instantiate";
    }
    if (!done(s, "waitForServicePrincipal")) {
      return "waitForServicePrincipal";
    }
    if (s.jobId() == null) {
      return "createJob";
    }
    if (!done(s, "validateCredentials")) {
      return "validateCredentials";
    }
    if (!done(s, "saveCredentials")) {
      return "saveCredentials";
    }
    return "start";
  }

  private static boolean done(SetupState s, String step) {
    return s.steps().stream()
        .anyMatch(x -> x.step().equals(step) && x.outcome().equals("succeeded"));
  }

  private SetupState record(
      SetupState s,
      String step,
      String outcome,
      String detail,
      String applicationId,
      String servicePrincipalId,
      String jobId) {
    List<SetupState.SetupStep> steps = new ArrayList<>(s.steps());
    // A waiting step is replaced by its next attempt rather than piling up.
    if (!steps.isEmpty()
        && steps.get(steps.size() - 1).step().equals(step)
        && steps.get(steps.size() - 1).outcome().equals("waiting")) {
      steps.remove(steps.size() - 1);
    }
    steps.add(new SetupState.SetupStep(step, outcome, detail, clock.instant()));
    return s.with(
        s.status(),
        applicationId != null ? applicationId : s.applicationId(),
        servicePrincipalId != null ? servicePrincipalId : s.servicePrincipalId(),
        jobId != null ? jobId : s.jobId(),
        steps,
        s.failedStep());
  }

  private SetupState fail(SetupState s, String step, String detail) {
    SetupState failed = record(s, step, "failed", detail, null, null, null);
    return failed.with(
        "failed",
        failed.applicationId(),
        failed.servicePrincipalId(),
        failed.jobId(),
        failed.steps(),
        step);
  }

  static SetupResult result(SetupState s) {
    String next = null;
    if (s.status().equals("failed")) {
      next =
          s.applicationId() == null
              ? "Nothing was created. Fix the request and call again with a new Idempotency-Key."
              : "The app "
                  + s.servicePrincipalId()
                  + (s.jobId() == null ? "" : " and its job " + s.jobId())
                  + " were created. Fix the cause, then finish with the single actions (validate"
                  + " and save credentials, start), or delete the app in Entra ID and start over"
                  + " with a new Idempotency-Key.";
    }
    return new SetupResult(
        s.setupId(),
        s.status(),
        s.applicationId(),
        s.servicePrincipalId(),
        s.jobId(),
        s.steps(),
        s.failedStep(),
        next);
  }

  private static void validate(SetupRequest r) {
    if (r == null) {
      throw ProblemException.badRequest("A setup request body is required.");
    }
    if (r.applicationTemplateId() == null
        || !r.applicationTemplateId().trim().matches("[0-9a-fA-F-]{36}")) {
      throw ProblemException.badRequest("applicationTemplateId must be a gallery app id (a GUID).");
    }
    if (r.displayName() == null || r.displayName().isBlank() || r.displayName().length() > 120) {
      throw ProblemException.badRequest("displayName is required, at most 120 characters.");
    }
    if (r.synchronizationTemplateId() == null
        || !r.synchronizationTemplateId().trim().matches("[A-Za-z][A-Za-z0-9_-]{0,99}")) {
      throw ProblemException.badRequest("synchronizationTemplateId is required, such as scim.");
    }
    if (r.credentials() == null || r.credentials().isEmpty()) {
      throw ProblemException.badRequest("credentials are required (secrets by secretName).");
    }
    // Refuse plain secrets and malformed entries before anything is created (no vault read yet).
    new Credentials(name -> "").resolve(r.credentials());
  }

  private static String hash(SetupRequest r) {
    String canonical =
        String.join(
            "\n",
            String.valueOf(r.applicationTemplateId()),
            String.valueOf(r.displayName()),
            String.valueOf(r.synchronizationTemplateId()),
            String.valueOf(
                r.credentials().stream()
                    .map(
                        c ->
                            c.key()
                                + "="
                                + (c.secretName() != null ? "@" + c.secretName() : c.value()))
                    .toList()),
            String.valueOf(Boolean.TRUE.equals(r.start())));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
