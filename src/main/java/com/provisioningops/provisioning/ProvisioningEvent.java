package com.provisioningops.provisioning;

import java.time.Instant;

/**
 * One provisioning event ({@code provisioningObjectSummary}), flattened so a flow can use each
 * field directly.
 *
 * @param id the event id
 * @param activityDateTime when it happened
 * @param jobId the job that did it
 * @param cycleId the provisioning cycle it belongs to
 * @param servicePrincipalId the enterprise app
 * @param servicePrincipalName the enterprise app's name
 * @param action {@code create}, {@code update}, {@code delete}, {@code disable}, {@code
 *     stagedDelete} or {@code other}
 * @param status {@code success}, {@code failure}, {@code skipped} or {@code warning}
 * @param errorCode Graph's error code when it failed
 * @param errorCategory {@code failure} or {@code nonServiceFailure} when it failed
 * @param reason why it failed
 * @param recommendedAction what to do about it
 * @param sourceIdentityId the user or group in Entra ID
 * @param sourceIdentityName its display name
 * @param targetIdentityId its id in the target app
 * @param durationInMilliseconds how long it took
 */
public record ProvisioningEvent(
    String id,
    Instant activityDateTime,
    String jobId,
    String cycleId,
    String servicePrincipalId,
    String servicePrincipalName,
    String action,
    String status,
    String errorCode,
    String errorCategory,
    String reason,
    String recommendedAction,
    String sourceIdentityId,
    String sourceIdentityName,
    String targetIdentityId,
    Integer durationInMilliseconds) {}
