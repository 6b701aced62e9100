/**
 * Annotations request records carry, read by the server's checks and by the connector definition
 * alike, so a rule is stated once. No dependencies.
 */
package com.provisioningops.api;
