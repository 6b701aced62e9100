/**
 * Provisioning (core): jobs and their health, the gallery, credentials by reference, provisioning
 * logs, and the one-call setup (ADR 0005). Ports: {@code GraphProvisioning}, {@code SetupStore},
 * {@code SetupQueue}, {@code CredentialVault}, {@code JobWatchlist}.
 */
package com.provisioningops.provisioning;
