package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Graph's delegated permission check, for calls made with a user's token (the on-behalf-of flow):
 * each operation needs one of its delegated scopes in the token's {@code scp}, else 403 {@code
 * Authorization_RequestDenied}. Calls made as the app are not checked here.
 */
final class DelegatedScopes {
  private static final Pattern BULK_UPLOAD =
      Pattern.compile("^/servicePrincipals/[^/]+/synchronization/jobs/[^/]+/bulkUpload$");
  private static final Pattern SYNCHRONIZATION =
      Pattern.compile("^/servicePrincipals/[^/]+/synchronization(/.*)?$");
  private static final Pattern INSTANTIATE =
      Pattern.compile("^/applicationTemplates/[^/]+/instantiate$");

  /** What the admin consented to for the app registration: {@code .default} grants these. */
  static final List<String> CONSENTED_BY_DEFAULT =
      List.of(
          "Synchronization.ReadWrite.All",
          "Application.ReadWrite.All",
          "SynchronizationData-User.Upload");

  private DelegatedScopes() {}

  /**
   * Refuses a user's call whose token lacks every scope the operation takes.
   *
   * @throws GraphError 403 naming no scope, as Graph does
   */
  static void check(JsonNode user, String method, String path) {
    Set<String> granted = Set.of(user.path("scp").asText().split(" "));
    List<String> accepted = accepted(method, path);
    if (accepted.stream().noneMatch(granted::contains)) {
      throw new GraphError(
          403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }
  }

  private static List<String> accepted(String method, String path) {
    boolean read = method.equals("GET");
    if (BULK_UPLOAD.matcher(path).matches()) {
      return List.of("SynchronizationData-User.Upload");
    }
    if (SYNCHRONIZATION.matcher(path).matches()) {
      return read
          ? List.of("Synchronization.Read.All", "Synchronization.ReadWrite.All")
          : List.of("Synchronization.ReadWrite.All");
    }
    if (INSTANTIATE.matcher(path).matches()) {
      return List.of("Application.ReadWrite.All");
    }
    if (read) {
      return List.of(
          "Application.Read.All",
          "Application.ReadWrite.All",
          "Directory.Read.All",
          "AuditLog.Read.All");
    }
    return List.of("Directory.ReadWrite.All");
  }
}
