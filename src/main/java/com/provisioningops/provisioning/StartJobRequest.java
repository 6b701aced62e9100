package com.provisioningops.provisioning;

/**
 * Body of "Start a provisioning job" (optional).
 *
 * @param force start even though the job is already active (Microsoft warns that repeated starts
 *     can stop the service)
 */
public record StartJobRequest(Boolean force) {}
