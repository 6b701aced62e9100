/**
 * Alert delivery (core): subscriptions, the fan-out of alert changes to a queue, and one claimed
 * post per change and subscriber (ADR 0008). Ports: {@code SubscriptionStore}, {@code
 * DeliveryQueue}, {@code Receiver}, {@code CallbackUrls}.
 */
package com.provisioningops.delivery;
