package com.provisioningops.adapter.graph;

import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.BulkUploadReceipt;
import com.provisioningops.provisioning.InboundProvisioning;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

/**
 * {@code POST …/synchronization/jobs/{id}/bulkUpload} over the Graph SDK's adapter. Needs {@code
 * SynchronizationData-User.Upload}. Throws {@code InvalidInput} for a request Graph refuses, {@code
 * NotFound} for an unknown job, {@code Throttled} after the retry budget, {@code Unavailable} when
 * Graph fails or does not answer.
 */
public final class GraphInboundProvisioning implements InboundProvisioning {
  private final GraphConnection graph;

  public GraphInboundProvisioning(GraphConnection graph) {
    this.graph = graph;
  }

  @Override
  public BulkUploadReceipt bulkUpload(
      Actor actor, ServicePrincipalId servicePrincipal, JobId job, byte[] scimBulkRequest) {
    GraphConnection graph = actor.isUser() ? this.graph.asUser(actor.token()) : this.graph;
    // The SDK models bulkUpload as an entity (GET, PATCH, PUT content), not as the documented POST
    // action: the request is written here and sent through the SDK's adapter (auth, retry).
    RequestInformation post = new RequestInformation();
    post.httpMethod = HttpMethod.POST;
    post.setUri(
        URI.create(
            graph.baseUrl
                + "/servicePrincipals/"
                + servicePrincipal.value()
                + "/synchronization/jobs/"
                + job.value()
                + "/bulkUpload"));
    post.setStreamContent(new ByteArrayInputStream(scimBulkRequest), "application/scim+json");
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    post.addRequestOptions(List.of(headers));
    GraphErrors.call(
        "Uploading records to job " + job + " of service principal " + servicePrincipal,
        () -> {
          try (InputStream ignored = graph.send(post)) {
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    var location = headers.getResponseHeaders().get("Location");
    return new BulkUploadReceipt(
        location == null || location.isEmpty() ? null : URI.create(location.iterator().next()));
  }
}
