package com.provisioningops.provisioning;

import com.provisioningops.api.MaxSize;
import java.util.List;

/**
 * Body of "Validate credentials".
 *
 * @param credentials the credentials to test; secret keys only by {@code secretName}
 * @param useSavedCredentials also use the credentials saved earlier, for keys not given here
 */
public record ValidateCredentialsRequest(
    @MaxSize(CredentialInput.MAX_CREDENTIALS) List<CredentialInput> credentials,
    Boolean useSavedCredentials) {}
