package com.provisioningops.delivery;

import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * Subscribing to alert changes and unsubscribing. Subscribing twice with the same URL, kind and
 * filter (a caller retrying after a timeout) gives the same subscription, so no change is posted
 * twice to one receiver.
 */
public final class Subscriptions {
  private final SubscriptionStore store;
  private final CallbackUrls urls;
  private final TargetCheck targets;
  private final Clock clock;

  public Subscriptions(
      SubscriptionStore store, CallbackUrls urls, TargetCheck targets, Clock clock) {
    this.store = store;
    this.urls = urls;
    this.targets = targets;
    this.clock = clock;
  }

  /**
   * Subscribes {@code callbackUrl} to the alert changes {@code filter} lets through.
   *
   * @param baseUrl this app's base URL, for the links in what is posted
   * @throws Failure.InvalidInput when the URL is not a public https target
   * @throws Failure.Unavailable when the vault or the store fails (nothing half-made is used)
   */
  public Subscription subscribe(
      Subscription.Kind kind, String callbackUrl, AlertChangeFilter filter, String baseUrl) {
    if (callbackUrl == null || callbackUrl.isBlank()) {
      throw Failure.invalid("callbackUrl is required.");
    }
    URI url = targets.check(callbackUrl);
    String id = idOf(kind, url, filter);
    var existing = store.find(id);
    if (existing.isPresent()) {
      return existing.get();
    }
    // The URL first: a subscription row never points at a secret that is not there.
    String secret = urls.save(id, url);
    Subscription s =
        new Subscription(
            id,
            kind,
            filter,
            TargetCheck.mask(url),
            secret,
            baseUrl,
            clock.instant(),
            true,
            null,
            null,
            0);
    store.save(s);
    return s;
  }

  public List<Subscription> list() {
    return store.all();
  }

  /**
   * Ends a subscription and forgets its URL.
   *
   * @throws Failure.NotFound when there is no such subscription
   */
  public void unsubscribe(String id) {
    Subscription s =
        store
            .find(id)
            .orElseThrow(() -> Failure.notFound("No subscription '" + Printable.of(id) + "'."));
    store.delete(id);
    urls.delete(s.urlSecret());
  }

  /** What a subscription id looks like: "sub-" and 24 hex digits of a hash. */
  public static final String ID_PATTERN = "sub-[0-9a-f]{24}";

  private static String idOf(Subscription.Kind kind, URI url, AlertChangeFilter filter) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((kind + "\n" + url + "\n" + filter).getBytes(StandardCharsets.UTF_8));
      return "sub-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
