package com.provisioningops.provisioning;

import java.util.List;

/**
 * What Graph made of a set of credentials.
 *
 * @param valid whether the target app accepted them
 * @param errorCode Graph's error code when it did not, such as {@code
 *     SystemForCrossDomainIdentityManagementCredentialValidationUnavailable}
 * @param message Graph's explanation when it did not
 * @param keys the keys that were checked (never their values)
 */
public record CredentialCheck(boolean valid, String errorCode, String message, List<String> keys) {

  public CredentialCheck {
    keys = List.copyOf(keys);
  }
}
