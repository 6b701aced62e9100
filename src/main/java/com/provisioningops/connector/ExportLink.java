package com.provisioningops.connector;

import java.time.Instant;

/**
 * A link that serves the connector definition without a key until it expires.
 *
 * @param url the absolute URL to hand to a maker
 * @param expiresAt when the link stops working
 */
public record ExportLink(String url, Instant expiresAt) {}
