package com.provisioningops.provisioning;

/**
 * What instantiating a gallery app created.
 *
 * @param applicationId object id of the new application
 * @param appId the application's client id
 * @param servicePrincipalId object id of the new service principal (the enterprise app)
 * @param displayName the name it was given
 * @param createdAt when Graph made it; null when Graph did not say
 */
public record InstantiatedApp(
    String applicationId,
    String appId,
    String servicePrincipalId,
    String displayName,
    java.time.Instant createdAt) {}
