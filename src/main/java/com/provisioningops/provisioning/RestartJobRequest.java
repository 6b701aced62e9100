package com.provisioningops.provisioning;

import com.provisioningops.api.OneOf;
import com.provisioningops.api.Required;
import java.util.List;

/**
 * Body of "Restart a provisioning job".
 *
 * @param resetScope what to reset: Watermark, Escrows, QuarantineState, ConnectorDataStore,
 *     ForceDeletes or Full
 * @param confirmDestructive must be true for ForceDeletes or Full, which can delete or re-create
 *     accounts in the target app
 */
public record RestartJobRequest(
    @Required
        @OneOf({
          "ConnectorDataStore",
          "Escrows",
          "Watermark",
          "QuarantineState",
          "Full",
          "ForceDeletes"
        })
        List<String> resetScope,
    Boolean confirmDestructive) {}
