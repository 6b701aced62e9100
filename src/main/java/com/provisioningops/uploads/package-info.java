/**
 * API-driven inbound provisioning (core): HR records forwarded to a job's {@code bulkUpload}, each
 * upload recorded once per idempotency key, and followed through the provisioning logs until every
 * record is seen or its deadline passes (ADR 0013). Ports: {@code UploadLedger}, and the {@code
 * InboundProvisioning} and {@code GraphProvisioning} ports of {@code provisioning}.
 */
package com.provisioningops.uploads;
