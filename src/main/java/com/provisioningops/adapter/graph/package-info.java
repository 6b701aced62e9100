/**
 * Microsoft Graph through the Graph SDK v6: provisioning jobs, the gallery, provisioning logs,
 * {@code $batch} fleet reads, with the app's own retry and error mapping (ADR 0002). Implements
 * {@code provisioning.GraphProvisioning}, {@code monitoring.jobs.FleetReader} and {@code
 * monitoring.logs.LogSource}. The only package that imports {@code com.microsoft.graph} or Kiota.
 */
package com.provisioningops.adapter.graph;
