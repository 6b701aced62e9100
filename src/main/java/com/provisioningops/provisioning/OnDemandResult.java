package com.provisioningops.provisioning;

/**
 * What provisioning one user or group did, as Graph reports it.
 *
 * @param key Graph's result key
 * @param value Graph's result: a JSON document with the provisioning steps and their status
 */
public record OnDemandResult(String key, String value) {}
