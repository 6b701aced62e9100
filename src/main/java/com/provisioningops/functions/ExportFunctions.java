package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ADMIN;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.DefinitionDiff;
import com.provisioningops.connector.Definitions;
import com.provisioningops.connector.ExportLink;
import com.provisioningops.connector.Operation;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Exporting the connector: the package, links that need no key, and the drift check. */
public final class ExportFunctions {
  /** An exported definition, pretty-printed, is far larger than any action's body. */
  static final int MAX_DEFINITION_CHARS = 1024 * 1024;

  private final Http http;
  private final Definitions definitions;

  public ExportFunctions(Http http, Definitions definitions) {
    this.http = http;
    this.definitions = definitions;
  }

  /** The custom connector package ({@code paconn create} layout) as a zip download. */
  @FunctionName("ExportConnector")
  @Operation(
      id = "ExportConnector",
      summary = "Download the connector package",
      description =
          "Returns a zip with apiDefinition.swagger.json, apiProperties.json, icon.png,"
              + " settings.json and import steps; auth=oauth2 for the Entra ID variant.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      query = {
        @Operation.Param(
            name = "auth",
            summary = "Security",
            description = "apiKey (default) or oauth2.",
            allowed = {"apiKey", "oauth2"})
      },
      tag = "Connector")
  public HttpResponseMessage connectorZip(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "export/connector.zip")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.withRoleCheck(
        req,
        ctx,
        () ->
            http.bytes(
                req,
                "application/zip",
                definitions.connectorZip(base(req), req.getQueryParameters().get("auth")),
                Map.of(
                    "Content-Disposition",
                    "attachment; filename=\"provisioning-ops-connector.zip\"")));
  }

  /** Compares an exported definition with the current one: does the connector need re-importing? */
  @FunctionName("DiffDefinition")
  @Operation(
      id = "DiffDefinition",
      summary = "Compare with an exported definition",
      description =
          "Takes a connector definition exported earlier and lists what changed since, each"
              + " change marked breaking or not.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      response = DefinitionDiff.Result.class,
      tag = "Connector")
  public HttpResponseMessage diff(
      @HttpTrigger(name = "req", methods = POST, authLevel = FUNCTION, route = "export/diff")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> definitions.diff(base(req), http.body(req, JsonNode.class, MAX_DEFINITION_CHARS)));
  }

  /** Mints a signed, expiring link to the definition (master key). */
  @FunctionName("CreateExportLink")
  @Operation(
      id = "CreateExportLink",
      summary = "Create an export link",
      description =
          "Returns a link that serves the connector definition without a key until it expires.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      response = ExportLink.class,
      tag = "Connector")
  public HttpResponseMessage createLink(
      @HttpTrigger(name = "req", methods = POST, authLevel = ADMIN, route = "export/links")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.okJson(req, ctx, () -> definitions.mintLink(base(req)));
  }

  /** What an export link serves: the definition, while the link is valid. */
  @FunctionName("GetLinkedDefinition")
  @Operation(
      id = "GetLinkedDefinition",
      summary = "Get the definition behind a link",
      description = "Serves the connector definition to the holder of a valid export link.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      tag = "Connector")
  public HttpResponseMessage linked(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = ANONYMOUS,
              route = "export/definition/{token}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("token") String token,
      ExecutionContext ctx) {
    return http.withoutRoleCheck(
        req, ctx, () -> http.json(req, 200, definitions.linkedDefinition(base(req), token)));
  }

  private URI base(HttpRequestMessage<?> req) {
    return http.baseUri(req);
  }
}
