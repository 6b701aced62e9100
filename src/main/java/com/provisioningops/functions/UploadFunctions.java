package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.PageSize;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.uploads.BulkUploads;
import com.provisioningops.uploads.ScimBulkRequest;
import com.provisioningops.uploads.Upload;
import java.util.List;
import java.util.Optional;

/** API-driven inbound provisioning: "Upload HR records" and the uploads it made. */
public final class UploadFunctions {
  /** A bulk request of 50 HR records with their attributes fits well within this. */
  static final int MAX_BULK_CHARS = 1024 * 1024;

  /** Uploads per page when {@code top} is not given, and at most. */
  static final int DEFAULT_TOP = 50;

  static final int MAX_TOP = 100;

  private final Http http;
  private final BulkUploads uploads;

  public UploadFunctions(Http http, BulkUploads uploads) {
    this.http = http;
    this.uploads = uploads;
  }

  /**
   * One page of a job's uploads.
   *
   * @param value the uploads, newest first
   * @param nextLink the next page, when there is one
   */
  public record UploadList(List<Upload> value, String nextLink) {}

  /** Forwards HR records to an API-driven provisioning job, once per Idempotency-Key. */
  @FunctionName("UploadHrRecords")
  @Operation(
      id = "UploadHrRecords",
      asUser = Operation.AsUser.UPLOAD,
      summary = "Upload HR records",
      description =
          "Sends up to 50 HR records (a SCIM bulk request) to an API-driven inbound provisioning"
              + " job and follows each record through the provisioning logs. Refused with 409"
              + " when the job is paused, quarantined or not running, because Microsoft Graph"
              + " would accept the records and then drop them. Needs the app permission"
              + " SynchronizationData-User.Upload.",
      visibility = Operation.Visibility.IMPORTANT,
      request = ScimBulkRequest.class,
      response = BulkUploads.Submitted.class,
      status = 201,
      query = {
        @Operation.Param(
            name = "Idempotency-Key",
            in = "header",
            minLength = 1,
            maxLength = BulkUploads.MAX_KEY_LENGTH,
            summary = "Idempotency key",
            description =
                "Any text unique to this upload, such as guid(). A call repeated with the same key"
                    + " returns the first call's upload instead of sending the records again."
                    + " Without one, an identical body sent to the same job on the same UTC day"
                    + " counts as the same upload.",
            visibility = Operation.Visibility.ADVANCED)
      },
      tag = "Inbound provisioning")
  public HttpResponseMessage upload(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/bulkUpload")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.withRoleCheck(
        req,
        ctx,
        () -> {
          ServicePrincipalId app = ServicePrincipalId.parse(sp);
          JobId job = JobId.parse(jobId);
          String key = Http.header(req, "idempotency-key");
          BulkUploads.Submitted done =
              http.changing(
                  req,
                  "UploadHrRecords",
                  by ->
                      uploads.submit(
                          by,
                          app,
                          job,
                          key,
                          http.body(req, ScimBulkRequest.class, MAX_BULK_CHARS)));
          return req.createResponseBuilder(HttpStatusType.custom(201))
              .header("Content-Type", Http.JSON)
              .header("Location", location(req, app, job, done.upload().id()))
              .body(http.write(done))
              .build();
        });
  }

  /** A job's recent uploads with their status. */
  @FunctionName("ListUploads")
  @Operation(
      id = "ListUploads",
      summary = "List HR uploads",
      description =
          "Lists a job's uploads of the last seven days, newest first, each with its status:"
              + " accepted, processing, processed, partly failed (which records and why) or not"
              + " processed in time.",
      visibility = Operation.Visibility.ADVANCED,
      response = UploadList.class,
      pageable = true,
      query = {
        @Operation.Param(
            name = "top",
            summary = "Page size",
            description = "Uploads per page, 1 to 100 (50 when not given).",
            minimum = 1,
            maximum = MAX_TOP,
            type = "integer",
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "skipToken",
            summary = "Page token",
            description = "From the previous page's nextLink.",
            visibility = Operation.Visibility.INTERNAL)
      },
      tag = "Inbound provisioning")
  public HttpResponseMessage list(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/bulkUploads")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> {
          ServicePrincipalId.parse(sp);
          Page<Upload> page =
              uploads.list(
                  JobId.parse(jobId),
                  PageSize.parse(req.getQueryParameters().get("top"), DEFAULT_TOP, MAX_TOP),
                  http.skipToken(req));
          return new UploadList(page.value(), http.nextLink(req, page.skipToken()));
        });
  }

  /** One upload with each record's outcome. */
  @FunctionName("GetUpload")
  @Operation(
      id = "GetUpload",
      summary = "Get an HR upload",
      description =
          "Returns one upload with its status and each record's outcome in the provisioning"
              + " logs: what failed, why, and what to do.",
      visibility = Operation.Visibility.ADVANCED,
      response = Upload.class,
      tag = "Inbound provisioning")
  public HttpResponseMessage get(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/bulkUploads/{uploadId}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      @BindingName("uploadId") String uploadId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> {
          ServicePrincipalId.parse(sp);
          return uploads.get(JobId.parse(jobId), uploadId);
        });
  }

  private String location(
      HttpRequestMessage<?> req, ServicePrincipalId sp, JobId job, String uploadId) {
    return http.baseUri(req)
        + "/api/servicePrincipals/"
        + sp.value()
        + "/synchronization/jobs/"
        + job.value()
        + "/bulkUploads/"
        + uploadId;
  }
}
