/**
 * The credential watch (core): the expiry of the vault secret versions each job's saved credentials
 * were copied from. Ports: {@code CredentialReferences} and {@code CredentialVault} (in {@code
 * provisioning}), {@code JobRegistry} (in {@code monitoring.jobs}).
 */
package com.provisioningops.monitoring.credentials;
