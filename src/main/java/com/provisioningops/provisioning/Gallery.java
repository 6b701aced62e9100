package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import java.util.List;
import java.util.regex.Pattern;

/** The app gallery: search it, read one app, add one to the tenant, see its sync templates. */
public final class Gallery {
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private final GraphProvisioning graph;

  public Gallery(GraphProvisioning graph) {
    this.graph = graph;
  }

  /** The gallery adding apps as {@code actor} (see {@link GraphProvisioning#as}). */
  public Gallery as(Actor actor) {
    return new Gallery(graph.as(actor));
  }

  public Page<ApplicationTemplate> search(TemplateQuery query, String skipToken) {
    return graph.listApplicationTemplates(query, skipToken);
  }

  public ApplicationTemplate get(String templateId) {
    return graph.getApplicationTemplate(templateId(templateId));
  }

  /**
   * Adds a gallery app under {@code request.displayName()}.
   *
   * @throws Failure.InvalidInput for a missing or over-long name
   */
  public InstantiatedApp instantiate(String templateId, InstantiateRequest request) {
    String name =
        request == null || request.displayName() == null ? "" : request.displayName().trim();
    if (name.isEmpty() || name.length() > InstantiateRequest.MAX_DISPLAY_NAME) {
      throw Failure.invalid("displayName is required, at most 120 characters.");
    }
    return graph.instantiate(templateId(templateId), name);
  }

  public List<SynchronizationTemplate> synchronizationTemplates(ServicePrincipalId sp) {
    return graph.listSynchronizationTemplates(sp);
  }

  private static String templateId(String text) {
    if (text == null || !GUID.matcher(text.trim()).matches()) {
      throw Failure.invalid(
          "'" + Printable.of(text) + "' is not an application template id (a GUID).");
    }
    return text.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
