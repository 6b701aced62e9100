/**
 * Outbound posts of alert changes: plain JSON to flows and webhooks, Adaptive Cards to Teams
 * (implements {@code delivery.Receiver}). Every target is checked before each post.
 */
package com.provisioningops.adapter.webhooks;
