package com.provisioningops.delivery;

import java.net.URI;
import java.util.Optional;

/**
 * Callback URLs, which are secrets (a Power Automate callback URL carries its own signature): kept
 * in the app vault, never in tables, logs or responses. Every method throws {@link
 * com.provisioningops.failure.Failure.Unavailable} when the vault fails.
 */
public interface CallbackUrls {
  /**
   * Stores a subscription's URL under a new name (a deleted secret's name stays taken while the
   * vault keeps it soft-deleted).
   *
   * @return the secret's name, which the subscription keeps
   */
  String save(String subscriptionId, URI url);

  /** The URL stored under {@code secretName}; empty when it is gone. */
  Optional<URI> find(String secretName);

  /** Deletes the URL stored under {@code secretName}; nothing when it is gone already. */
  void delete(String secretName);
}
