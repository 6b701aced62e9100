package com.provisioningops.provisioning;

import java.util.List;

/**
 * A gallery app ({@code microsoft.graph.applicationTemplate}), with Graph's property names.
 *
 * @param id the template id to instantiate
 * @param displayName the app's name in the gallery
 * @param description what the app is
 * @param publisher who publishes it
 * @param categories gallery categories, such as {@code collaboration}
 * @param homePageUrl the app's home page
 * @param logoUrl the app's logo
 * @param supportedProvisioningTypes {@code sync} when Entra ID can provision users into it
 * @param supportedSingleSignOnModes such as {@code saml} or {@code password}
 */
public record ApplicationTemplate(
    String id,
    String displayName,
    String description,
    String publisher,
    List<String> categories,
    String homePageUrl,
    String logoUrl,
    List<String> supportedProvisioningTypes,
    List<String> supportedSingleSignOnModes) {
  /** An application template id: a GUID, in any case. */
  public static final String ID =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
}
