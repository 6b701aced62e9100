package com.provisioningops.adapter.graph;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.requests.options.GraphClientOption;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.authentication.AnonymousAuthenticationProvider;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.http.middleware.RetryHandler;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.provisioningops.adapter.LoopbackTls;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * A configured Graph SDK client: base URL (Graph or a sandbox; plain http only for loopback),
 * credentials, timeouts, and {@link GraphRetry} in place of the SDK's retry handler.
 */
public final class GraphConnection {
  final GraphServiceClient client;
  final URI baseUrl;

  /** Graph's audit-log limit, shared by every reader of provisioning logs in this process. */
  final AuditBudget auditBudget = new AuditBudget();

  /** Every error status read as Graph's {@code ODataError}, as the SDK's own requests map them. */
  private static final HashMap<String, ParsableFactory<? extends Parsable>> ERRORS =
      new HashMap<>();

  static {
    ERRORS.put("XXX", ODataError::createFromDiscriminatorValue);
  }

  private final OkHttpClient http;
  private final OnBehalfOf users;

  /**
   * Connections on behalf of recent users, by a hash of their token: each keeps its token cache.
   */
  private final Map<String, GraphConnection> asUsers =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, GraphConnection> eldest) {
              return size() > RECENT_USERS;
            }
          });

  private static final int RECENT_USERS = 64;

  private GraphConnection(
      GraphServiceClient client, URI baseUrl, OkHttpClient http, OnBehalfOf users) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.http = http;
    this.users = users;
  }

  /**
   * This connection calling Graph on behalf of the user whose token this is (same transport, retry
   * and timeouts); the exchange happens on the first request and its tokens are reused.
   *
   * @throws IllegalStateException when changes as the user are not configured
   */
  GraphConnection asUser(String userToken) {
    if (users == null) {
      throw new IllegalStateException(
          "Graph calls on behalf of users need GRAPH_CHANGES_AS=user and its settings.");
    }
    return asUsers.computeIfAbsent(
        fingerprint(userToken),
        k -> {
          GraphServiceClient c =
              new GraphServiceClient(authFor(users.credentialFor(userToken), baseUrl), http);
          c.getRequestAdapter().setBaseUrl(baseUrl.toString());
          return new GraphConnection(c, baseUrl, http, null);
        });
  }

  /**
   * Sends {@code request} through the SDK's adapter (auth, retry, timeouts, error mapping) and
   * hands back the raw body for a streaming read, instead of the SDK's generic parse nodes; null
   * when the answer has no body.
   *
   * @throws com.microsoft.graph.models.odataerrors.ODataError for Graph's error statuses
   */
  InputStream send(RequestInformation request) {
    return client.getRequestAdapter().sendPrimitive(request, ERRORS, InputStream.class);
  }

  /**
   * Connects to {@code baseUrl} (ending in {@code /v1.0}).
   *
   * @param credential the app's identity, or null for a sandbox that takes no token
   * @param timeout how long one request may take before it counts as a timeout
   * @param retryBudget total time retries of one request may wait
   */
  public static GraphConnection create(
      URI baseUrl, TokenCredential credential, Duration timeout, Duration retryBudget) {
    return create(baseUrl, credential, timeout, retryBudget, null);
  }

  /**
   * Like {@link #create(URI, TokenCredential, Duration, Duration)}, able to call Graph on behalf of
   * signed-in users through {@code users} ({@link #asUser}).
   */
  public static GraphConnection create(
      URI baseUrl,
      TokenCredential credential,
      Duration timeout,
      Duration retryBudget,
      OnBehalfOf users) {
    if (!baseUrl.getPath().endsWith("/v1.0")) {
      throw new IllegalArgumentException(
          "GRAPH_BASE_URL must end in /v1.0 (the SDK's batch code relies on it): " + baseUrl);
    }
    boolean loopback = LoopbackTls.isLoopback(baseUrl.getHost());
    if (!"https".equals(baseUrl.getScheme()) && !loopback) {
      throw new IllegalArgumentException("GRAPH_BASE_URL must use https: " + baseUrl);
    }
    AuthenticationProvider auth =
        credential == null ? new AnonymousAuthenticationProvider() : authFor(credential, baseUrl);
    List<Interceptor> interceptors =
        new ArrayList<>(
            Arrays.asList(
                GraphClientFactory.createDefaultGraphInterceptors(new GraphClientOption())));
    int retryAt = -1;
    for (int i = 0; i < interceptors.size(); i++) {
      if (interceptors.get(i) instanceof RetryHandler) {
        retryAt = i;
      }
    }
    GraphRetry retry = new GraphRetry(4, retryBudget);
    if (retryAt >= 0) {
      interceptors.set(retryAt, retry);
    } else {
      interceptors.add(0, retry);
    }
    OkHttpClient http =
        GraphClientFactory.create(interceptors)
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .build();
    GraphServiceClient client = new GraphServiceClient(auth, http);
    client.getRequestAdapter().setBaseUrl(baseUrl.toString());
    return new GraphConnection(client, baseUrl, http, users);
  }

  /** A token's SHA-256: the cache never holds the token itself as a key. */
  private static String fingerprint(String token) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AuthenticationProvider authFor(TokenCredential credential, URI baseUrl) {
    String scope = baseUrl.getScheme() + "://" + baseUrl.getAuthority() + "/.default";
    return new AzureIdentityAuthenticationProvider(
        credential, new String[] {baseUrl.getHost()}, scope);
  }
}
