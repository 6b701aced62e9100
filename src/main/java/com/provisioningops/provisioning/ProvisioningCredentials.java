package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.util.List;

/**
 * Validates and saves a service principal's provisioning credentials, reading secrets from the
 * credentials vault by reference so that no secret travels through a flow or this API.
 */
public final class ProvisioningCredentials {
  private final CredentialResolver credentials;
  private final GraphProvisioning graph;

  public ProvisioningCredentials(CredentialResolver credentials, GraphProvisioning graph) {
    this.credentials = credentials;
    this.graph = graph;
  }

  /** Credentials saved and validated as {@code actor} (see {@link GraphProvisioning#as}). */
  public ProvisioningCredentials as(Actor actor) {
    return new ProvisioningCredentials(credentials, graph.as(actor));
  }

  /**
   * Saves the credentials on the service principal's synchronization.
   *
   * @throws Failure.InvalidInput for invalid credentials input; {@link Failure} when Graph refuses
   */
  public SavedCredentials save(
      ServicePrincipalId servicePrincipal, SaveCredentialsRequest request) {
    List<Credential> resolved = credentials.resolve(request == null ? null : request.credentials());
    credentials.remember(servicePrincipal, resolved);
    try {
      graph.saveCredentials(servicePrincipal, resolved);
    } catch (Failure f) {
      throw f.redacted(detail -> scrub(detail, resolved));
    }
    return new SavedCredentials(servicePrincipal.value(), keys(resolved));
  }

  /**
   * Asks the target app, through Graph, whether the credentials work. A refusal by the target app
   * is an answer ({@code valid: false}), not an error.
   */
  public CredentialCheck validate(
      ServicePrincipalId servicePrincipal, JobId job, ValidateCredentialsRequest request) {
    boolean useSaved = request != null && Boolean.TRUE.equals(request.useSavedCredentials());
    List<CredentialInput> inputs = request == null ? null : request.credentials();
    List<Credential> resolved =
        useSaved && (inputs == null || inputs.isEmpty()) ? List.of() : credentials.resolve(inputs);
    CredentialCheck check;
    try {
      check = graph.validateCredentials(servicePrincipal, job, resolved, useSaved);
    } catch (Failure f) {
      throw f.redacted(detail -> scrub(detail, resolved));
    }
    return new CredentialCheck(
        check.valid(), check.errorCode(), scrub(check.message(), resolved), keys(resolved));
  }

  /** Target apps sometimes echo what they were sent; no secret leaves through their message. */
  static String scrub(String message, List<Credential> resolved) {
    if (message == null) {
      return null;
    }
    String clean = message;
    for (Credential c : resolved) {
      if (c.secret() && !c.value().isEmpty()) {
        clean = clean.replace(c.value(), "***");
      }
    }
    return clean;
  }

  private static List<String> keys(List<Credential> resolved) {
    return resolved.stream().map(Credential::key).toList();
  }
}
