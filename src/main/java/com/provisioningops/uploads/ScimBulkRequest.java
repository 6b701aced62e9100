package com.provisioningops.uploads;

import com.provisioningops.api.MaxSize;
import com.provisioningops.api.OneOf;
import com.provisioningops.api.Required;
import java.util.List;
import java.util.Map;

/**
 * A SCIM bulk request as Graph's {@code bulkUpload} takes it: HR records, each a POST of one user.
 *
 * @param schemas the message schema, urn:ietf:params:scim:api:messages:2.0:BulkRequest; filled in
 *     when left out
 * @param Operations the records, 1 to 50, each a POST of one user to /Users
 * @param failOnErrors how many errors Graph tolerates before it stops processing this request
 */
public record ScimBulkRequest(
    @OneOf(SCHEMA) List<String> schemas,
    // SCIM spells the member "Operations"; the component keeps that name so the JSON, the schema
    // and the record agree without a renaming layer.
    @Required @MaxSize(MAX_OPERATIONS) List<Operation> Operations,
    Integer failOnErrors) {

  /** The schema of a SCIM bulk request message. */
  public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

  /** Graph's documented maximum of operations in one {@code bulkUpload} request. */
  public static final int MAX_OPERATIONS = 50;

  /**
   * One HR record.
   *
   * @param method always POST: API-driven provisioning creates or updates by the matching attribute
   * @param bulkId the caller's id for this operation, echoed in the provisioning logs
   * @param path always /Users
   * @param data the user: a SCIM user (core and enterprise extension schemas, plus any custom
   *     extension the app maps); it must carry an {@code externalId}, by which the app follows the
   *     record through the provisioning logs
   */
  public record Operation(
      @Required @OneOf("POST") String method,
      @MaxSize(200) String bulkId,
      @Required @OneOf("/Users") String path,
      @Required Map<String, Object> data) {}
}
