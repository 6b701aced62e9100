package com.provisioningops.monitoring.jobs;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.util.Optional;

/**
 * Names one synchronization job: the service principal it runs on and its id.
 *
 * @param servicePrincipalId the service principal's object id
 * @param jobId the job's id ({@code <templateId>.<tenant>.<guid>})
 */
public record JobKey(ServicePrincipalId servicePrincipalId, JobId jobId) {
  public JobKey {
    if (servicePrincipalId == null || jobId == null) {
      throw new IllegalArgumentException("a job key needs both ids");
    }
  }

  /**
   * Reads a key from its two ids as text, as Graph and storage hold them.
   *
   * @throws com.provisioningops.failure.Failure.InvalidInput when either is not an id of its kind
   */
  public static JobKey of(String servicePrincipalId, String jobId) {
    return new JobKey(ServicePrincipalId.parse(servicePrincipalId), JobId.parse(jobId));
  }

  /**
   * The key for two ids found in Graph's answers, or empty when either is not of its kind: a job
   * Graph names in a form this app does not know is skipped, not allowed to stop a discovery.
   */
  public static Optional<JobKey> found(String servicePrincipalId, String jobId) {
    try {
      return Optional.of(of(servicePrincipalId, jobId));
    } catch (Failure.InvalidInput e) {
      return Optional.empty();
    }
  }
}
