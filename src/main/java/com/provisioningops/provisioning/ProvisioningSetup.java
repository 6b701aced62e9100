package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The one-call setup as callers see it: {@link #begin} stores a setup under its idempotency key and
 * hands it to the {@link SetupQueue}; {@link #get} only reads. The steps themselves run in {@link
 * SetupWorker}, so a setup finishes whether or not anybody polls it.
 */
public final class ProvisioningSetup {
  /** A running setup untouched this long has lost its messages; a repeated POST revives it. */
  static final Duration STALLED = Duration.ofMinutes(10);

  /** Longest Idempotency-Key; the connector definition states the same bound. */
  public static final int MAX_KEY_LENGTH = 100;

  private final SetupStore store;
  private final SetupQueue queue;
  private final Clock clock;
  private final TokenSeal seal;

  /**
   * @param seal seals the token of a setup asked for by a signed-in user, made as that user
   */
  public ProvisioningSetup(SetupStore store, SetupQueue queue, Clock clock, TokenSeal seal) {
    this.store = store;
    this.queue = queue;
    this.clock = clock;
    this.seal = seal;
  }

  /**
   * Starts a setup, or answers the one already started with the same key.
   *
   * @throws Failure.InvalidInput for a missing or over-long key or an invalid request
   * @throws Failure.Conflict (with an earlier request) when the key was used for another request
   * @throws Failure.Unavailable when storage or the queue cannot be reached: nothing was started
   *     that a retry with the same key would not find
   */
  public SetupResult begin(String idempotencyKey, SetupRequest request, Actor by) {
    String key = idempotencyKey == null ? "" : idempotencyKey.trim();
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw Failure.invalid(
          "Send an Idempotency-Key header (1 to 100 characters): calling again with the same key"
              + " continues the same setup instead of adding a second app.");
    }
    SetupSteps.validate(request);
    String hash = hash(request);
    String setupId = idOf(key);
    Optional<SetupState> known = store.find(setupId);
    if (known.isEmpty()) {
      // The setup goes first, so its message never arrives before it; a crash between the two
      // leaves a setup without a message, which SetupRecovery queues again.
      SetupState fresh =
          SetupState.start(
              setupId,
              key,
              hash,
              request,
              clock.instant(),
              by.name(),
              by.isUser() ? seal.seal(by.token(), setupId) : null);
      if (store.create(fresh)) {
        queue.enqueue(setupId, 0, Duration.ZERO);
        return SetupSteps.result(fresh);
      }
      known = store.find(setupId);
    }
    SetupState state = known.orElseThrow(() -> Failure.notFound("The setup vanished."));
    if (!state.requestHash().equals(hash)) {
      throw new Failure.Conflict(
          "idempotency-key-reused",
          "The key belongs to another setup",
          "Idempotency-Key '"
              + Printable.of(key)
              + "' was used for a different request. Use a new key for a new setup.",
          null,
          true);
    }
    boolean stalled = state.running() && state.updatedAt().plus(STALLED).isBefore(clock.instant());
    if (state.running() && by.isUser() && state.sealedUserToken() != null) {
      // The repeated call's token is fresher: the remaining steps are made with it. Losing this
      // race to a worker's write only keeps the older token.
      state =
          store
              .update(state.withUserToken(seal.seal(by.token(), setupId), clock.instant()))
              .orElse(state);
    }
    if (stalled) {
      queue.enqueue(setupId, state.turn(), Duration.ZERO);
    }
    return SetupSteps.result(state);
  }

  /**
   * Where a setup stands; reading never advances it.
   *
   * @throws Failure.NotFound for an unknown setup
   */
  public SetupResult get(String setupId) {
    return store
        .find(setupId)
        .map(SetupSteps::result)
        .orElseThrow(() -> Failure.notFound("No setup '" + Printable.of(setupId) + "'."));
  }

  /**
   * The setup id a key maps to: the same key always names the same setup, so the key's index and
   * the state live in one partition and are written in one transaction.
   */
  static String idOf(String key) {
    return UUID.nameUUIDFromBytes(
            sha256("idempotency-key\n" + key).getBytes(StandardCharsets.UTF_8))
        .toString();
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
    return sha256(canonical);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
