/**
 * Monitoring (core): the fleet view over {@code jobs} and {@code logs} and their alerts, and the
 * status report (with readiness and subscriptions), both answered without calling Graph.
 * Sub-packages never import this one.
 */
package com.provisioningops.monitoring;
