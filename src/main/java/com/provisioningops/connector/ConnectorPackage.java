package com.provisioningops.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The custom connector package in the layout {@code paconn create} reads: the definition, {@code
 * apiProperties.json} with the connection parameters of the chosen security, {@code icon.png},
 * {@code settings.json}, and a short readme with the import steps.
 */
public final class ConnectorPackage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectorPackage() {}

  /** The zip bytes for {@code definition}, with OAuth2 connection parameters when it uses them. */
  public static byte[] zip(ObjectNode definition, DefinitionBuilder.Target target) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      add(
          zip,
          "apiDefinition.swagger.json",
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(definition));
      add(
          zip,
          "apiProperties.json",
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(apiProperties(target)));
      add(zip, "icon.png", icon());
      add(
          zip,
          "settings.json",
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings()));
      add(zip, "readme.md", readme(target, definition).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static ObjectNode apiProperties(DefinitionBuilder.Target target) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode props = root.putObject("properties");
    ObjectNode params = props.putObject("connectionParameters");
    if (target.oauth().isPresent()) {
      DefinitionBuilder.EntraSignIn entra = target.oauth().get();
      ObjectNode token = params.putObject("token");
      token.put("type", "oauthSetting");
      ObjectNode settings = token.putObject("oAuthSettings");
      settings.put("identityProvider", "aad");
      settings.put(
          "clientId", entra.clientId().orElse("<client id of the connector's app registration>"));
      settings.putArray("scopes");
      settings.put("redirectMode", "Global");
      settings.put("redirectUrl", "https://global.consent.azure-apim.net/redirect");
      ObjectNode p = settings.putObject("properties");
      p.put("IsFirstParty", "False");
      p.put("AzureActiveDirectoryResourceId", entra.resourceUri());
      ObjectNode custom = settings.putObject("customParameters");
      custom.putObject("loginUri").put("value", "https://login.microsoftonline.com");
      custom.putObject("tenantId").put("value", entra.tenantId());
      custom.putObject("resourceUri").put("value", entra.resourceUri());
    } else {
      ObjectNode key = params.putObject("api_key");
      key.put("type", "securestring");
      ObjectNode ui = key.putObject("uiDefinition");
      ui.put("displayName", "Function key");
      ui.put("description", "The function key of the Provisioning Ops app (x-functions-key).");
      ui.put("tooltip", "Azure portal: the function app, App keys, default.");
      ObjectNode constraints = ui.putObject("constraints");
      constraints.put("tabIndex", 2);
      constraints.put("clearText", false);
      constraints.put("required", "true");
    }
    props.put("iconBrandColor", "#0F6CBD");
    props.putArray("capabilities");
    props.put("publisher", "Provisioning Ops");
    props.put("stackOwner", "Provisioning Ops");
    return root;
  }

  static ObjectNode settings() {
    ObjectNode s = JSON.createObjectNode();
    s.put("apiDefinition", "apiDefinition.swagger.json");
    s.put("apiProperties", "apiProperties.json");
    s.put("icon", "icon.png");
    s.put("powerAppsApiVersion", "2016-11-01");
    s.put("powerAppsUrl", "https://api.powerapps.com");
    return s;
  }

  /**
   * The connector's readme in the layout the Power Platform connectors repository asks of a
   * certified connector: what it does, publisher, prerequisites, credentials, the operations (from
   * the definition itself), known limits, deployment.
   */
  static String readme(DefinitionBuilder.Target target, ObjectNode definition) {
    StringBuilder operations = new StringBuilder();
    definition
        .path("paths")
        .forEach(
            path ->
                path.forEach(
                    op -> {
                      if (op.has("operationId")
                          && !"internal".equals(op.path("x-ms-visibility").asText())) {
                        operations
                            .append("- **")
                            .append(op.path("summary").asText())
                            .append("** (`")
                            .append(op.path("operationId").asText())
                            .append("`): ")
                            .append(op.path("description").asText())
                            .append('\n');
                      }
                    }));
    return """
        # Provisioning Ops

        %s

        Definition of %s/api, version %s.

        ## Publisher: Provisioning Ops

        ## Prerequisites
        - A Provisioning Ops app deployed in your Azure subscription (`azd up`; see the app's
          README), with its managed identity granted the Microsoft Graph application roles
          Application.ReadWrite.OwnedBy, Synchronization.ReadWrite.All, AuditLog.Read.All and
          Directory.Read.All.
        - Microsoft Entra ID P1 or P2 for provisioning logs.
        - Provisioning credentials of target apps stored in the app's credentials Key Vault.

        ## Obtaining Credentials
        %s

        ## Supported Operations
        %s
        ## Known Issues and Limitations
        - Microsoft Graph allows 5 provisioning-log and 5 on-demand provisioning requests per 10
          seconds; the connector answers 429 with Retry-After past them.
        - Provisioning logs go back 30 days.
        - A credential takes exactly one of value and secretName; secret keys only by secretName.
        - Unsubscribing a deleted flow relies on the subscription's Location, which carries its
          own signature; rotating the app's paging-signing-key invalidates those links.

        ## Deployment Instructions
        - Power Automate: Custom connectors, New custom connector, Import an OpenAPI file,
          choose apiDefinition.swagger.json, then Create connector.
        - Or with the paconn CLI: `paconn create --settings settings.json` (add your
          environment to settings.json first).
        - Before re-importing, POST the definition you have to %s/api/export/diff: it says whether
          anything changed and whether flows may break.
        """
        .formatted(
            definition.path("info").path("description").asText(),
            target.base(),
            DefinitionBuilder.API_VERSION,
            target.oauth().isPresent()
                ? "Sign in with Microsoft Entra ID. The function key still reaches the host: the"
                    + " app's App Service authentication accepts the Entra ID token, and the"
                    + " connector's policy adds the x-functions-key header (see the app's README)."
                : "Paste the app's function key when the connection asks for it (Azure portal:"
                    + " the function app, App keys, default); flows send it as the"
                    + " x-functions-key header.",
            operations,
            target.base());
  }

  static byte[] icon() {
    try (InputStream in = ConnectorPackage.class.getResourceAsStream("/connector/icon.png")) {
      if (in == null) {
        throw new IllegalStateException("icon.png is missing from the package");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }
}
