/**
 * Azure Key Vault: credentials read by name, callback URLs and signing keys kept in the app's own
 * vault (ADR 0003). Values never reach a log or an exception message.
 */
package com.provisioningops.adapter.secrets;
