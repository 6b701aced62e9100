package com.provisioningops.provisioning;

import com.provisioningops.api.Matches;
import com.provisioningops.api.MaxSize;
import com.provisioningops.api.PickFrom;
import com.provisioningops.api.Required;
import java.util.List;

/**
 * Body of the one-call setup: add a gallery app, create its job, check and save credentials, and
 * optionally start it. Secret credentials only by {@code secretName}.
 *
 * @param applicationTemplateId the gallery app to add
 * @param displayName the new enterprise app's name, at most 120 characters
 * @param synchronizationTemplateId the synchronization template of the job, such as {@code scim}
 * @param credentials the provisioning credentials
 * @param start start the job once its credentials are saved
 */
public record SetupRequest(
    @Required
        @Matches(ApplicationTemplate.ID)
        @PickFrom(operation = "ListApplicationTemplates", value = "id", title = "displayName")
        String applicationTemplateId,
    @Required @MaxSize(InstantiateRequest.MAX_DISPLAY_NAME) String displayName,
    @Required @Matches(CreateJobRequest.TEMPLATE_ID) String synchronizationTemplateId,
    @Required @MaxSize(CredentialInput.MAX_CREDENTIALS) List<CredentialInput> credentials,
    Boolean start) {}
