package com.provisioningops.adapter.secrets;

import com.provisioningops.connector.SigningKeys;
import com.provisioningops.delivery.CallbackUrls;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.CredentialVault;
import com.provisioningops.provisioning.VaultSecret;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What stands in for a vault that is not configured: every use fails with a 503 naming the setting
 * to set, so the app still starts and answers everything that needs no vault.
 */
public final class MissingVault {
  private MissingVault() {}

  /** Without {@code KEY_VAULT_URL}: no secret can be read by name. */
  public static CredentialVault credentials() {
    return new CredentialVault() {
      @Override
      public VaultSecret read(String secretName) {
        throw noVault("the secret '" + secretName + "'");
      }

      @Override
      public Map<String, Instant> currentExpiries() {
        throw noVault("secrets");
      }
    };
  }

  private static Failure noVault(String what) {
    return missing(
        "No credentials vault is configured",
        "The app cannot read "
            + what
            + ": set KEY_VAULT_URL to the Key Vault that holds provisioning credentials.");
  }

  /** Without {@code APP_KEY_VAULT_URL}: export links and paging tokens have no key. */
  public static SigningKeys signingKeys() {
    return () -> {
      throw missing(
          "No app vault is configured",
          "Export links need a signing key in the app's own vault: set APP_KEY_VAULT_URL.");
    };
  }

  /** Without {@code APP_KEY_VAULT_URL}: callback URLs have nowhere safe to go. */
  public static CallbackUrls callbackUrls() {
    return new CallbackUrls() {
      @Override
      public String save(String subscriptionId, URI url) {
        throw noCallbackVault();
      }

      @Override
      public Optional<URI> find(String secretName) {
        throw noCallbackVault();
      }

      @Override
      public void delete(String secretName) {
        throw noCallbackVault();
      }
    };
  }

  private static Failure noCallbackVault() {
    return missing(
        "No app vault is configured",
        "Alert subscriptions keep their callback URLs in the app's own vault: set"
            + " APP_KEY_VAULT_URL.");
  }

  private static Failure missing(String title, String detail) {
    return Failure.Unavailable.notConfigured("vault-not-configured", title, detail);
  }
}
