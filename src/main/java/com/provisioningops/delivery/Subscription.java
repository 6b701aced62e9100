package com.provisioningops.delivery;

import com.provisioningops.alerts.AlertChangeFilter;
import java.time.Instant;

/**
 * Somebody who wants alert changes posted to them: a Power Automate flow (the webhook trigger), a
 * plain webhook, or a Teams channel through a Workflows webhook. The callback URL is a secret: it
 * is in the app vault, and only its masked form is here.
 *
 * @param id the subscription id (also names its callback URL's secret)
 * @param kind how changes are posted
 * @param filter which alert changes it gets
 * @param maskedUrl the callback URL with everything but scheme and host hidden
 * @param urlSecret the name of the app-vault secret holding the callback URL
 * @param baseUrl this app's base URL when the subscription was made, for the links in what is
 *     posted
 * @param createdAt when it was made
 * @param healthy false once a change could not be delivered after every try
 * @param lastError why the last failed delivery failed
 * @param lastDeliveredAt when a change last reached it
 * @param failedDeliveries changes that never reached it (parked in {@code deliveries-poison})
 */
public record Subscription(
    String id,
    Kind kind,
    AlertChangeFilter filter,
    String maskedUrl,
    String urlSecret,
    String baseUrl,
    Instant createdAt,
    boolean healthy,
    String lastError,
    Instant lastDeliveredAt,
    int failedDeliveries) {

  /** How changes are posted. */
  public enum Kind {
    /** The connector's webhook trigger: the alert as JSON. */
    powerAutomate,
    /** Any receiver: the alert as JSON. */
    webhook,
    /** A Teams Workflows webhook: an Adaptive Card in a message envelope. */
    teams
  }

  Subscription delivered(Instant at) {
    return new Subscription(
        id,
        kind,
        filter,
        maskedUrl,
        urlSecret,
        baseUrl,
        createdAt,
        true,
        lastError,
        at,
        failedDeliveries);
  }

  Subscription failed(String error) {
    return new Subscription(
        id,
        kind,
        filter,
        maskedUrl,
        urlSecret,
        baseUrl,
        createdAt,
        false,
        error,
        lastDeliveredAt,
        failedDeliveries + 1);
  }
}
