package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs a setup's steps from its queue message until it is done or has to wait, then leaves a
 * message for later. Safe to run twice at once and to die anywhere: a step with a side effect in
 * Graph is claimed first (an ETag-conditioned write naming the worker and an expiry), only the
 * claimant calls Graph, and a claim that expired without an outcome is reconciled (what the dead
 * worker created is looked up and adopted) before the step is repeated. What each step does is
 * {@link SetupStepRunner}'s.
 */
public final class SetupWorker {
  private static final int STEPS_PER_MESSAGE = 12;
  private static final Duration EARLY = Duration.ofSeconds(1);

  private final SetupStepRunner steps;
  private final SetupStore store;
  private final SetupQueue queue;
  private final Clock clock;
  private final Duration maxWait;
  private final Duration claimTtl;
  private final TokenSeal seal;

  /**
   * @param maxWait how long transient failures are retried before the setup fails
   * @param claimTtl how long a claim holds: longer than any one Graph call with its retries
   * @param watchlist where the job the setup creates is put for the monitor
   * @param seal opens the token of a setup asked for by a signed-in user: its steps are made as
   *     that user, never as the app
   */
  public SetupWorker(
      GraphProvisioning graph,
      CredentialResolver credentials,
      SetupStore store,
      SetupQueue queue,
      Clock clock,
      Duration maxWait,
      Duration claimTtl,
      JobWatchlist watchlist,
      TokenSeal seal) {
    this.steps = new SetupStepRunner(graph, credentials, watchlist, clock, maxWait);
    this.store = store;
    this.queue = queue;
    this.clock = clock;
    this.maxWait = maxWait;
    this.claimTtl = claimTtl;
    this.seal = seal;
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
      SetupAction step = SetupSteps.next(s);
      if (now.isAfter(s.createdAt().plus(maxWait).plus(claimTtl))) {
        // Every wait counts: replication, look-ups and backoff alike end at SETUP_MAX_WAIT.
        Optional<SetupState> ended =
            store.update(
                steps.fail(
                    s,
                    step,
                    "The setup did not finish within " + maxWait.toMinutes() + " minutes.",
                    "Check the app's logs for this setup id; what was created is listed above."));
        return ended.isPresent() ? ended : store.find(setupId);
      }
      SetupState.Claim claim = s.claim();
      boolean orphaned = false;
      if (step.changesTenant()) {
        if (claim != null && claim.step().equals(step.wire())) {
          if (!claim.claimant().equals(messageId) && claim.until().isAfter(now)) {
            // Another message is performing this step; it carries the setup on from there.
            return Optional.of(s);
          }
          // Our own earlier try, or a holder whose claim ran out, stopped without an outcome.
          orphaned = true;
        }
        Optional<SetupState> claimed =
            store.update(
                s.withClaim(
                    new SetupState.Claim(step.wire(), messageId, now, now.plus(claimTtl)), now));
        if (claimed.isEmpty()) {
          // Somebody else saved the setup meanwhile: that worker is advancing it.
          return store.find(setupId);
        }
        s = claimed.get();
      }
      Optional<SetupStepRunner> runner = stepsOf(s);
      SetupState outcome =
          runner.isPresent()
              ? runner.get().perform(s, step, orphaned ? claim : null)
              : steps.fail(
                  s,
                  step,
                  "This setup is made as "
                      + s.requestedBy()
                      + ", and the sealed token its steps are made with can no longer be opened"
                      + " (the app's paging key was rotated).",
                  "Sign in and start the setup again with a new Idempotency-Key.");
      Optional<SetupState> saved = store.update(outcome);
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
   * The steps made as whoever asked for the setup; empty for a user's setup whose token cannot be
   * opened any more, which must not go on as the app.
   */
  private Optional<SetupStepRunner> stepsOf(SetupState s) {
    if (s.sealedUserToken() == null) {
      return Optional.of(steps);
    }
    return seal.open(s.sealedUserToken(), s.setupId())
        .map(token -> steps.as(Actor.user(s.requestedBy(), null, token)));
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
      SetupAction step = SetupSteps.next(s);
      SetupState failed =
          steps.fail(
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
}
