package com.provisioningops.provisioning;

import com.provisioningops.api.Required;

/**
 * Body of "Create a provisioning job".
 *
 * @param templateId the synchronization template to create it from, such as {@code scim}
 */
public record CreateJobRequest(@Required String templateId) {}
