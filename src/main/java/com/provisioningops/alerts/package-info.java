/**
 * Alerts (core): the alert and its life (opened, severity changed, resolved), the book that keeps
 * one active alert per fingerprint, the change feed triggers and deliveries read, the filters, and
 * the store port ({@link com.provisioningops.alerts.AlertStore}). Imports only {@code provisioning}
 * and {@code failure} from this project.
 */
package com.provisioningops.alerts;
