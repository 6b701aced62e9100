package com.provisioningops.provisioning;

import com.provisioningops.api.Matches;
import com.provisioningops.api.PickFrom;
import com.provisioningops.api.Required;

/**
 * Body of "Create a provisioning job".
 *
 * @param templateId the synchronization template to create it from, such as {@code scim}
 */
public record CreateJobRequest(
    @Required
        @Matches(TEMPLATE_ID)
        @PickFrom(
            operation = "ListSynchronizationTemplates",
            value = "id",
            title = "id",
            parameter = "sp")
        String templateId) {
  /** A synchronization template id, such as {@code scim}: what the server accepts. */
  public static final String TEMPLATE_ID = "[A-Za-z][A-Za-z0-9_-]{0,99}";
}
