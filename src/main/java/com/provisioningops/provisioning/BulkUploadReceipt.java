package com.provisioningops.provisioning;

import java.net.URI;

/**
 * Graph's receipt for a SCIM bulk request it accepted for later processing (202): acceptance only,
 * not processing; a paused or quarantined job drops what it accepted.
 *
 * @param statusLink where Graph says the processing can be followed (the job's provisioning logs);
 *     null when Graph gave none
 */
public record BulkUploadReceipt(URI statusLink) {}
