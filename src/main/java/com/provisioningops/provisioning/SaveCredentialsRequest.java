package com.provisioningops.provisioning;

import com.provisioningops.api.MaxSize;
import com.provisioningops.api.Required;
import java.util.List;

/**
 * Body of "Save credentials": secret keys only by {@code secretName}.
 *
 * @param credentials the credentials to save on the service principal
 */
public record SaveCredentialsRequest(
    @Required @MaxSize(CredentialInput.MAX_CREDENTIALS) List<CredentialInput> credentials) {}
