/**
 * The job monitor (core): the registry of jobs, discovery, polls of job status in slices, and the
 * sightings that become alerts. Ports: {@code JobRegistry}, {@code FleetReader}, {@code
 * FleetDiscovery}, {@code PollPartitions}. Imports {@code alerts} and {@code provisioning}.
 */
package com.provisioningops.monitoring.jobs;
