package com.provisioningops.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.failure.Failure;
import java.util.List;
import java.util.Optional;

/**
 * The connector definition service: the definition for a caller's host, the OpenAPI 3 view, the
 * connector package, the drift check and export links.
 */
public final class Definitions {
  private final DefinitionBuilder builder;
  private final Optional<DefinitionBuilder.EntraSignIn> oauth;
  private final ExportLinks links;

  public Definitions(
      List<OperationSpec> operations,
      Optional<DefinitionBuilder.EntraSignIn> oauth,
      ExportLinks links) {
    this.builder = new DefinitionBuilder(operations);
    this.oauth = oauth;
    this.links = links;
  }

  /**
   * The connector definition for {@code base}.
   *
   * @param auth {@code apiKey} (default) or {@code oauth2}
   * @throws Failure.InvalidInput for an unknown auth, or oauth2 when it is not configured
   */
  public ObjectNode swagger(java.net.URI base, String auth) {
    return builder.swagger(target(base, auth));
  }

  public ObjectNode openApi3(java.net.URI base) {
    return builder.openApi3(new DefinitionBuilder.Target(base, Optional.empty()));
  }

  /** The connector package for {@code base}. */
  public byte[] connectorZip(java.net.URI base, String auth) {
    DefinitionBuilder.Target target = target(base, auth);
    return ConnectorPackage.zip(builder.swagger(target), target);
  }

  /** What changed between a definition exported earlier and the current one. */
  public DefinitionDiff.Result diff(java.net.URI base, JsonNode previous) {
    if (previous == null
        || !previous.isObject()
        || !"2.0".equals(previous.path("swagger").asText())) {
      throw Failure.invalid(
          "Send a previously exported connector definition (a Swagger 2.0 document) as the body.");
    }
    return DefinitionDiff.compare(previous, builder.swagger(target(base, null)));
  }

  public ExportLink mintLink(java.net.URI base) {
    return links.mint(base.toString());
  }

  /** The definition behind a link, after checking its signature and expiry. */
  public ObjectNode linkedDefinition(java.net.URI base, String token) {
    links.verify(token);
    return swagger(base, null);
  }

  private DefinitionBuilder.Target target(java.net.URI base, String auth) {
    if (auth == null || auth.isBlank() || auth.equals("apiKey")) {
      return new DefinitionBuilder.Target(base, Optional.empty());
    }
    if (auth.equals("oauth2")) {
      if (oauth.isEmpty()) {
        throw Failure.invalid(
            "The Entra ID variant is not configured: set CONNECTOR_OAUTH_RESOURCE_URI (and"
                + " CONNECTOR_OAUTH_TENANT_ID) on the app.");
      }
      return new DefinitionBuilder.Target(base, oauth);
    }
    throw Failure.invalid("auth must be apiKey or oauth2.");
  }
}
