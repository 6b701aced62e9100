package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;

/**
 * The vault that holds provisioning credentials. The app only reads it: admins write credentials
 * there, flows refer to them by name.
 */
public interface CredentialVault {

  /**
   * The current value of the secret {@code name}.
   *
   * @throws Failure.NotFound when the secret does not exist; Failure.Forbidden naming the role when
   *     the vault refuses the app; Failure.Unavailable when it cannot be reached; never with the
   *     value in it
   */
  String read(String name);
}
