package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Instant;
import java.util.List;

/**
 * Which vault secrets each service principal's saved credentials were read from. Graph keeps a copy
 * of each value, so the version saved, and its expiry, is what the job lives with until the
 * credentials are saved again: that is what the expiry check watches.
 */
public interface CredentialReferences {

  /** How to replace an expiring or refused credential kept in vault secret {@code secretName}. */
  static String rotationSteps(String secretName) {
    return "Get a new credential from the target app, set it as a new version of Key Vault secret '"
        + secretName
        + "' with its expiry date, then save the credentials again (SaveCredentials with the same"
        + " secretName): Graph keeps its own copy, so a new version in the vault changes nothing"
        + " until it is saved.";
  }

  /**
   * One credential given by reference.
   *
   * @param servicePrincipalId whose synchronization holds the copy
   * @param key the synchronization secret key, such as SecretToken
   * @param secretName the vault secret it was read from
   * @param version the version read; null when the vault did not say
   * @param expiresOn when that version expires; null when it never does
   * @param savedAt when it was handed to Graph
   */
  record Reference(
      String servicePrincipalId,
      String key,
      String secretName,
      String version,
      Instant expiresOn,
      Instant savedAt) {}

  /**
   * Makes {@code servicePrincipal}'s references exactly {@code references}: saving credentials
   * replaces all of a synchronization's secrets, so references to keys no longer given go.
   *
   * @throws Failure.Unavailable when storage cannot be reached
   */
  void replace(ServicePrincipalId servicePrincipal, List<Reference> references);

  /**
   * Every reference, of every service principal.
   *
   * @throws Failure.Unavailable when storage cannot be reached
   */
  List<Reference> all();
}
