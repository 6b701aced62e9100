package com.provisioningops.monitoring.jobs;

/**
 * Names one synchronization job: the service principal it runs on and its id.
 *
 * @param servicePrincipalId the service principal's object id
 * @param jobId the job's id ({@code <templateId>.<tenant>.<guid>})
 */
public record JobKey(String servicePrincipalId, String jobId) {}
