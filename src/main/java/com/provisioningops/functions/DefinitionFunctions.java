package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Definitions;
import com.provisioningops.connector.Operation;
import com.provisioningops.failure.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** The app describes itself: the connector definition, OpenAPI 3, and Swagger UI. */
public final class DefinitionFunctions {
  private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/5.18.2/";
  private static final Map<String, String> UI_FILES =
      Map.of(
          "swagger-ui.css", "text/css; charset=utf-8",
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "favicon-32x32.png", "image/png",
          "favicon-16x16.png", "image/png");

  private final Http http;
  private final Definitions definitions;
  private final boolean keyRequired;

  public DefinitionFunctions(Http http, Definitions definitions, boolean keyRequired) {
    this.http = http;
    this.definitions = definitions;
    this.keyRequired = keyRequired;
  }

  /** The OpenAPI 2.0 connector definition; {@code ?download=true} as an attachment. */
  @FunctionName("GetSwagger")
  @Operation(
      id = "GetSwagger",
      summary = "Get the connector definition",
      description = "Returns the OpenAPI 2.0 definition that Power Automate imports.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      tag = "Connector")
  public HttpResponseMessage swagger(
      @HttpTrigger(name = "req", methods = GET, authLevel = ANONYMOUS, route = "swagger.json")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.withoutRoleCheck(
        req,
        ctx,
        () -> {
          requirePublic();
          byte[] body =
              http.write(definitions.swagger(base(req), req.getQueryParameters().get("auth")))
                  .getBytes(StandardCharsets.UTF_8);
          boolean download = "true".equalsIgnoreCase(req.getQueryParameters().get("download"));
          return http.bytes(
              req,
              Http.JSON,
              body,
              download
                  ? Map.of(
                      "Content-Disposition", "attachment; filename=\"apiDefinition.swagger.json\"")
                  : Map.of());
        });
  }

  /** The same API as OpenAPI 3.0, with the internal operations too. */
  @FunctionName("GetOpenApi3")
  @Operation(
      id = "GetOpenApi3",
      summary = "Get the OpenAPI 3 definition",
      description =
          "Returns the API as OpenAPI 3.0, including operations kept out of the connector.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      tag = "Connector")
  public HttpResponseMessage openApi3(
      @HttpTrigger(name = "req", methods = GET, authLevel = ANONYMOUS, route = "openapi/v3.json")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.withoutRoleCheck(
        req,
        ctx,
        () -> {
          requirePublic();
          return http.json(req, 200, definitions.openApi3(base(req)));
        });
  }

  /** Swagger UI from the packaged webjar, pointed at this app's OpenAPI 3 definition. */
  @FunctionName("SwaggerUi")
  @Operation(
      id = "SwaggerUi",
      summary = "Browse the API",
      description = "Serves Swagger UI, where admins can read and try every operation.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      tag = "Connector")
  public HttpResponseMessage swaggerUi(
      @HttpTrigger(name = "req", methods = GET, authLevel = ANONYMOUS, route = "swagger/ui/{*file}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("file") String file,
      ExecutionContext ctx) {
    return http.withoutRoleCheck(
        req,
        ctx,
        () -> {
          requirePublic();
          String name = file == null ? "" : file;
          if (name.isEmpty() || name.equals("index.html")) {
            return http.bytes(
                req, "text/html; charset=utf-8", INDEX.getBytes(StandardCharsets.UTF_8), Map.of());
          }
          if (name.equals("init.js")) {
            return http.bytes(
                req,
                "text/javascript; charset=utf-8",
                INIT.getBytes(StandardCharsets.UTF_8),
                Map.of());
          }
          String type = UI_FILES.get(name);
          if (type == null) {
            throw Failure.notFound("Swagger UI has no file '" + name + "'.");
          }
          return http.bytes(
              req,
              type,
              resource(SWAGGER_UI + name),
              Map.of("Cache-Control", "public, max-age=86400"));
        });
  }

  private static final String INDEX =
      """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Provisioning Ops API</title>
        <link rel="stylesheet" href="/api/swagger/ui/swagger-ui.css">
        <link rel="icon" type="image/png" href="/api/swagger/ui/favicon-32x32.png">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/api/swagger/ui/swagger-ui-bundle.js"></script>
        <script src="/api/swagger/ui/init.js"></script>
      </body>
      </html>
      """;

  private static final String INIT =
      """
      window.ui = SwaggerUIBundle({
        url: "/api/openapi/v3.json",
        dom_id: "#swagger-ui",
        deepLinking: true,
        persistAuthorization: true
      });
      """;

  private void requirePublic() {
    if (keyRequired) {
      throw new ProblemException(
          Problem.of(
              404,
              "definition-not-public",
              "The definition is not public on this app",
              "DEFINITION_AUTH=function: download the connector package with the function key"
                  + " from /api/export/connector.zip, or ask an admin for an export link."));
    }
  }

  private URI base(HttpRequestMessage<?> req) {
    return http.baseUri(req);
  }

  private static byte[] resource(String path) {
    try (InputStream in = DefinitionFunctions.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing packaged resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
