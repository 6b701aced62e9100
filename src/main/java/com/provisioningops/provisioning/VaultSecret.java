package com.provisioningops.provisioning;

import java.time.Instant;

/**
 * A secret read from the credentials vault: its value, which version it is and when it is valid.
 * Key Vault hands out a secret outside its window too, so the window is the app's to enforce.
 * {@link #toString()} hides the value.
 *
 * @param value the value
 * @param version the version read; null when the vault does not say
 * @param notBefore before this the secret is not valid yet; null when unset
 * @param expiresOn from this the secret is expired; null when it never expires
 */
public record VaultSecret(String value, String version, Instant notBefore, Instant expiresOn) {

  /** A secret without version or dates. */
  public static VaultSecret of(String value) {
    return new VaultSecret(value, null, null, null);
  }

  @Override
  public String toString() {
    return "VaultSecret[version="
        + version
        + ", notBefore="
        + notBefore
        + ", expiresOn="
        + expiresOn
        + ", value=***]";
  }
}
