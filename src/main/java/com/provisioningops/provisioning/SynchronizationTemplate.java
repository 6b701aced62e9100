package com.provisioningops.provisioning;

/**
 * A synchronization template ({@code microsoft.graph.synchronizationTemplate}): what a job can be
 * created from.
 *
 * @param id the template id to pass when creating a job, such as {@code scim}
 * @param applicationId the application the template belongs to
 * @param isDefault whether Graph marks it the default template
 * @param description what it provisions
 * @param factoryTag the connector behind it
 */
public record SynchronizationTemplate(
    String id, String applicationId, boolean isDefault, String description, String factoryTag) {}
