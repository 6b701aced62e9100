package com.provisioningops.provisioning;

import java.util.List;

/**
 * Credentials saved on a service principal's synchronization.
 *
 * @param servicePrincipalId the service principal
 * @param keys the keys saved (never their values)
 */
public record SavedCredentials(String servicePrincipalId, List<String> keys) {

  public SavedCredentials {
    keys = List.copyOf(keys);
  }
}
