/**
 * Azure Table and Queue Storage: the alert store, job registry, log ledger, setup store,
 * subscriptions, checkpoints and the queues, each implementing a core port, and the service clients
 * with their one set of bounds ({@link com.provisioningops.adapter.storage.StorageClients}).
 */
package com.provisioningops.adapter.storage;
