/**
 * The provisioning-log monitor (core): committed windows over Graph's logs, per-job tallies, the
 * seen set against the overlap, and the log rules (ADR 0007). Ports: {@code LogSource}, {@code
 * LogLedger}. Imports {@code alerts}, {@code monitoring.jobs} and {@code provisioning}.
 */
package com.provisioningops.monitoring.logs;
