/**
 * Monitoring (core): the fleet view over {@code jobs} and {@code logs} and their alerts, and the
 * status report (with readiness and subscriptions), both answered without calling Graph; and a
 * job's detail, Graph's answer read beside what the monitors stored about it. Sub-packages never
 * import this one.
 */
package com.provisioningops.monitoring;
