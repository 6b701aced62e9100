package com.provisioningops.adapter.graph;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.identity.OnBehalfOfCredentialBuilder;
import com.provisioningops.adapter.LoopbackTls;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Exchanges a signed-in user's token for Graph tokens of that same user (OAuth 2.0 on-behalf-of,
 * through azure-identity's {@code OnBehalfOfCredential}), as the app registration the users' tokens
 * are issued for. The app authenticates with a client assertion (its managed identity as a
 * federated credential) or, for local runs, a client secret. The exchange fails with Entra's {@code
 * invalid_grant} when the user's token is expired, for another app or not signed by Entra, and
 * Graph then refuses what the user may not do: there is no fallback to the app's own identity.
 *
 * <p>An authority on loopback is the local sandbox's token service: its self-signed certificate is
 * trusted, and nothing else is.
 */
public final class OnBehalfOf {
  private final String tenantId;
  private final String clientId;
  private final Optional<String> clientSecret;
  private final Supplier<String> clientAssertion;
  private final URI authorityHost;

  /**
   * @param tenantId the tenant the users sign in to
   * @param clientId the app registration the users' tokens are for (their audience)
   * @param clientSecret its client secret, for local runs; empty to use {@code clientAssertion}
   * @param clientAssertion a token proving the app registration's identity (the managed identity's
   *     token for {@code api://AzureADTokenExchange}), asked for at each exchange
   * @param authorityHost Entra's sign-in host, or the local sandbox's token service
   */
  public OnBehalfOf(
      String tenantId,
      String clientId,
      Optional<String> clientSecret,
      Supplier<String> clientAssertion,
      URI authorityHost) {
    this.tenantId = tenantId;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clientAssertion = clientAssertion;
    this.authorityHost = authorityHost;
  }

  /** A credential that gets Graph tokens on behalf of the user whose token this is. */
  TokenCredential credentialFor(String userToken) {
    OnBehalfOfCredentialBuilder builder =
        new OnBehalfOfCredentialBuilder()
            .tenantId(tenantId)
            .clientId(clientId)
            .userAssertion(userToken)
            .authorityHost(authorityHost.toString())
            .maxRetry(1);
    if (clientSecret.isPresent()) {
      builder.clientSecret(clientSecret.get());
    } else {
      builder.clientAssertion(clientAssertion);
    }
    if (loopback()) {
      // The sandbox is not Entra: no instance discovery, and its own certificate.
      builder.disableInstanceDiscovery().httpClient(sandboxHttp());
    }
    return builder.build();
  }

  private boolean loopback() {
    return LoopbackTls.isLoopback(authorityHost.getHost());
  }

  private static com.azure.core.http.HttpClient sandboxHttp() {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(15));
    return new OkHttpAsyncHttpClientBuilder(LoopbackTls.trustSandbox(http).build()).build();
  }
}
