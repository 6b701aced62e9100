package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Instant;
import java.util.Map;

/**
 * The vault that holds provisioning credentials. The app only reads it: admins write credentials
 * there, flows refer to them by name.
 */
public interface CredentialVault {

  /**
   * The current version of the secret {@code name}, with its validity dates.
   *
   * @throws Failure.NotFound when the secret does not exist; Failure.Forbidden naming the role when
   *     the vault refuses the app; Failure.Unavailable when it cannot be reached; never with the
   *     value in it
   */
  VaultSecret read(String name);

  /**
   * When the current version of each enabled secret expires, by name (absent: never), from a
   * listing that reads no value. A vault that cannot list knows none.
   *
   * @throws Failure.Forbidden or Failure.Unavailable as {@link #read}
   */
  default Map<String, Instant> currentExpiries() {
    return Map.of();
  }
}
