package com.provisioningops.adapter.graph;

import com.provisioningops.provisioning.InstantiatedApp;
import java.time.Instant;
import java.util.Optional;

/**
 * Looks up applications and their service principals: how a setup finds the app a worker that died
 * had already added. Needs {@code Application.Read.All} or ownership of the app ({@code
 * Application.ReadWrite.OwnedBy}); throws {@code Failure} as {@link GraphProvisioningClient} does.
 */
final class GraphApplications {
  private final GraphConnection graph;

  GraphApplications(GraphConnection graph) {
    this.graph = graph;
  }

  /**
   * The app an earlier instantiate added, by its display name and template among the applications
   * created since {@code createdSince}, with its service principal's id once Graph lists it (null
   * while it replicates); the oldest when several match.
   */
  Optional<InstantiatedApp> findInstantiated(
      String templateId, String displayName, Instant createdSince) {
    String name = displayName.replace("'", "''");
    var apps =
        GraphErrors.call(
            "Looking up the app '" + displayName + "'",
            () ->
                graph
                    .client
                    .applications()
                    .get(
                        r -> {
                          r.queryParameters.filter = "displayName eq '" + name + "'";
                          r.queryParameters.select =
                              new String[] {
                                "id",
                                "appId",
                                "displayName",
                                "createdDateTime",
                                "applicationTemplateId"
                              };
                        }));
    if (apps.getValue() == null) {
      return Optional.empty();
    }
    Optional<com.microsoft.graph.models.Application> oldest =
        apps.getValue().stream()
            .filter(a -> templateId.equalsIgnoreCase(a.getApplicationTemplateId()))
            .filter(
                a ->
                    a.getCreatedDateTime() != null
                        && !GraphModels.instant(a.getCreatedDateTime()).isBefore(createdSince))
            .min(java.util.Comparator.comparing(a -> GraphModels.instant(a.getCreatedDateTime())));
    if (oldest.isEmpty()) {
      return Optional.empty();
    }
    var app = oldest.get();
    var sps =
        GraphErrors.call(
            "Looking up the service principal of app " + app.getAppId(),
            () ->
                graph
                    .client
                    .servicePrincipals()
                    .get(
                        r -> {
                          r.queryParameters.filter = "appId eq '" + app.getAppId() + "'";
                          r.queryParameters.select = new String[] {"id", "appId"};
                        }));
    // A service principal not listed yet is still replicating: the caller waits for it.
    String sp =
        sps.getValue() == null || sps.getValue().isEmpty() ? null : sps.getValue().get(0).getId();
    return Optional.of(
        new InstantiatedApp(
            app.getId(),
            app.getAppId(),
            sp,
            displayName,
            GraphModels.instant(app.getCreatedDateTime())));
  }
}
