package com.provisioningops.provisioning;

import com.provisioningops.api.OneOf;
import com.provisioningops.api.Required;

/**
 * Body of "Provision a user or group now".
 *
 * @param objectId the Entra ID object id of the user or group
 * @param objectTypeName {@code User} (default) or {@code Group}
 * @param ruleId the synchronization rule to apply, from the job's schema
 */
public record ProvisionOnDemandRequest(
    @Required String objectId,
    @OneOf({"User", "Group"}) String objectTypeName,
    @Required String ruleId) {}
