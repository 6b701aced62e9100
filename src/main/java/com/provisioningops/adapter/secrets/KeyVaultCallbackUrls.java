package com.provisioningops.adapter.secrets;

import com.provisioningops.delivery.CallbackUrls;
import com.provisioningops.failure.Failure;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * Callback URLs in the app vault, one secret each ({@code callback-<subscription>-<random>}).
 *
 * <p>Needs Key Vault Secrets Officer on the app vault (set, get, delete).
 *
 * <p>Every method throws {@code Failure.Unavailable} when the vault fails, and {@code
 * Failure.Forbidden} when it refuses the app.
 */
public final class KeyVaultCallbackUrls implements CallbackUrls {
  private final KeyVaultSecrets vault;

  public KeyVaultCallbackUrls(KeyVaultSecrets vault) {
    this.vault = vault;
  }

  @Override
  public String save(String subscriptionId, URI url) {
    String name = "callback-" + subscriptionId + "-" + UUID.randomUUID().toString().substring(0, 8);
    vault.set(name, url.toString());
    return name;
  }

  @Override
  public Optional<URI> find(String secretName) {
    try {
      return Optional.of(URI.create(vault.get(secretName)));
    } catch (Failure.NotFound gone) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String secretName) {
    try {
      vault.delete(secretName);
    } catch (Failure.NotFound gone) {
      // already gone: nothing to do
    }
  }
}
