/**
 * Readiness (core): probes of each dependency, timer runs and checkpoints, as the health endpoint
 * and the status page show them. Ports: {@code DependencyProbe}, {@code Checkpoints}.
 */
package com.provisioningops.readiness;
