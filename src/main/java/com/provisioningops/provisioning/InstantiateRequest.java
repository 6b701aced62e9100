package com.provisioningops.provisioning;

import com.provisioningops.api.Required;

/**
 * Body of "Add a gallery app".
 *
 * @param displayName the name of the new enterprise app
 */
public record InstantiateRequest(@Required String displayName) {}
