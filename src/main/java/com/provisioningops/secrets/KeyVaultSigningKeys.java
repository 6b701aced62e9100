package com.provisioningops.secrets;

import com.provisioningops.connector.SigningKeys;
import com.provisioningops.problem.ProblemException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The export-link signing key, held as the secret {@code export-link-signing-key} in the app's own
 * vault and created there on first use. Setting a new value rotates it and revokes every link.
 */
public final class KeyVaultSigningKeys implements SigningKeys {
  static final String NAME = "export-link-signing-key";
  private final KeyVaultSecrets appVault;

  public KeyVaultSigningKeys(KeyVaultSecrets appVault) {
    this.appVault = appVault;
  }

  @Override
  public byte[] current() {
    String encoded;
    try {
      encoded = appVault.getUncached(NAME);
    } catch (ProblemException e) {
      if (e.problem().status() != 400) {
        throw e;
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      encoded = Base64.getEncoder().encodeToString(fresh);
      appVault.set(NAME, encoded);
    }
    return Base64.getDecoder().decode(encoded);
  }
}
