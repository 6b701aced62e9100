package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.provisioning.ApplicationTemplate;
import com.provisioningops.provisioning.Gallery;
import com.provisioningops.provisioning.InstantiateRequest;
import com.provisioningops.provisioning.InstantiatedApp;
import com.provisioningops.provisioning.Listings;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.provisioning.TemplateQuery;
import java.util.Map;
import java.util.Optional;

/** The app gallery and a service principal's synchronization templates. */
public final class GalleryFunctions {
  private final Http http;
  private final Gallery gallery;

  public GalleryFunctions(Http http, Gallery gallery) {
    this.http = http;
    this.gallery = gallery;
  }

  /** Searches the app gallery by name and category, a page at a time. */
  @FunctionName("ListApplicationTemplates")
  @Operation(
      id = "ListApplicationTemplates",
      summary = "Search the app gallery",
      description =
          "Lists gallery apps whose name contains the given text, optionally in a category.",
      visibility = Operation.Visibility.IMPORTANT,
      response = Listings.ApplicationTemplates.class,
      pageable = true,
      query = {
        @Operation.Param(
            name = "nameContains",
            summary = "Name contains",
            description = "Text the app's name contains, such as Box.",
            pattern = TemplateQuery.NAME_PATTERN),
        @Operation.Param(
            name = "category",
            summary = "Category",
            description = "A gallery category, such as collaboration.",
            pattern = TemplateQuery.CATEGORY_PATTERN,
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "top",
            summary = "Page size",
            description = "Apps per page, 1 to 100 (25 when not given).",
            minimum = 1,
            maximum = TemplateQuery.MAX_TOP,
            type = "integer",
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "skipToken",
            summary = "Page token",
            description = "From the previous page's nextLink.",
            visibility = Operation.Visibility.INTERNAL)
      },
      tag = "Gallery")
  public HttpResponseMessage list(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "applicationTemplates")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> {
          Map<String, String> q = req.getQueryParameters();
          Page<ApplicationTemplate> page =
              gallery.search(
                  TemplateQuery.parse(q.get("nameContains"), q.get("category"), q.get("top")),
                  http.skipToken(req));
          return new Listings.ApplicationTemplates(
              page.value(), http.nextLink(req, page.skipToken()));
        });
  }

  /** One gallery app. */
  @FunctionName("GetApplicationTemplate")
  @Operation(
      id = "GetApplicationTemplate",
      summary = "Get a gallery app",
      description =
          "Returns one gallery app: its name, publisher and whether it supports provisioning.",
      visibility = Operation.Visibility.ADVANCED,
      response = ApplicationTemplate.class,
      tag = "Gallery")
  public HttpResponseMessage get(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "applicationTemplates/{templateId}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("templateId") String templateId,
      ExecutionContext ctx) {
    return http.okJson(req, ctx, () -> gallery.get(templateId));
  }

  /** Adds a gallery app to the tenant. */
  @FunctionName("InstantiateApplicationTemplate")
  @Operation(
      id = "InstantiateApplicationTemplate",
      asUser = Operation.AsUser.APPLICATIONS,
      summary = "Add a gallery app",
      description =
          "Adds a gallery app to the tenant under a name of your choice and returns the new"
              + " application and service principal ids.",
      visibility = Operation.Visibility.IMPORTANT,
      request = InstantiateRequest.class,
      response = InstantiatedApp.class,
      status = 201,
      tag = "Gallery")
  public HttpResponseMessage instantiate(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "applicationTemplates/{templateId}/instantiate")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("templateId") String templateId,
      ExecutionContext ctx) {
    return http.answer(
        req,
        ctx,
        () ->
            new Http.Reply(
                201,
                http.changing(
                    req,
                    "InstantiateApplicationTemplate",
                    by ->
                        gallery
                            .as(by)
                            .instantiate(templateId, http.body(req, InstantiateRequest.class)))));
  }

  /** The synchronization templates of a service principal: what its jobs can be created from. */
  @FunctionName("ListSynchronizationTemplates")
  @Operation(
      id = "ListSynchronizationTemplates",
      summary = "List provisioning templates",
      description = "Lists the synchronization templates a provisioning job can be created from.",
      visibility = Operation.Visibility.ADVANCED,
      response = Listings.SynchronizationTemplates.class,
      pageable = true,
      tag = "Jobs")
  public HttpResponseMessage templates(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/templates")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            new Listings.SynchronizationTemplates(
                gallery.synchronizationTemplates(ServicePrincipalId.parse(sp)), null));
  }
}
