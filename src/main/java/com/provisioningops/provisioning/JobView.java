package com.provisioningops.provisioning;

/**
 * A job as the API returns it: Graph's job under {@code job}, the verdict under {@code health}.
 *
 * @param servicePrincipalId the service principal the job belongs to
 * @param job the job as Graph reports it
 * @param health what the health taxonomy makes of it
 */
public record JobView(String servicePrincipalId, SynchronizationJob job, JobHealth health) {}
