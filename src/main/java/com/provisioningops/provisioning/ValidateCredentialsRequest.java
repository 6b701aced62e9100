package com.provisioningops.provisioning;

import java.util.List;

/**
 * Body of "Validate credentials".
 *
 * @param credentials the credentials to test; secret keys only by {@code secretName}
 * @param useSavedCredentials also use the credentials saved earlier, for keys not given here
 */
public record ValidateCredentialsRequest(
    List<CredentialInput> credentials, Boolean useSavedCredentials) {}
