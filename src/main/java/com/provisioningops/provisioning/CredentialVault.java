package com.provisioningops.provisioning;

import com.provisioningops.problem.ProblemException;

/**
 * The vault that holds provisioning credentials. The app only reads it: admins write credentials
 * there, flows refer to them by name.
 */
public interface CredentialVault {

  /**
   * The current value of the secret {@code name}.
   *
   * @throws ProblemException 400 when the secret does not exist, 503 when the vault refuses the app
   *     or cannot be reached; never with the value in it
   */
  String read(String name);
}
