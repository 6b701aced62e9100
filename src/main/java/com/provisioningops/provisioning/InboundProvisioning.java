package com.provisioningops.provisioning;

/**
 * Graph's API-driven inbound provisioning: HR records pushed to a provisioning job as SCIM bulk
 * requests, which Graph accepts at once and processes later.
 */
@FunctionalInterface
public interface InboundProvisioning {
  /**
   * Forwards a SCIM bulk request (at most 50 operations) to the job's {@code bulkUpload}. Needs
   * {@code SynchronizationData-User.Upload} (or its {@code .OwnedBy} form for the app's own jobs).
   *
   * @param actor who uploads: the app, or a signed-in user (delegated {@code
   *     SynchronizationData-User.Upload}, as a User Administrator)
   * @param scimBulkRequest the request body as the caller sent it ({@code application/scim+json})
   * @throws com.provisioningops.failure.Failure.InvalidInput when Graph refuses its form
   * @throws com.provisioningops.failure.Failure.NotFound for a job Graph does not know
   */
  BulkUploadReceipt bulkUpload(
      Actor actor, ServicePrincipalId servicePrincipal, JobId job, byte[] scimBulkRequest);
}
