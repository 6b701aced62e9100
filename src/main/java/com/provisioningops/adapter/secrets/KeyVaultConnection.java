package com.provisioningops.adapter.secrets;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.provisioningops.adapter.LoopbackTls;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import okhttp3.OkHttpClient;
import reactor.core.publisher.Mono;

/**
 * Builds a Key Vault {@link SecretClient} on the OkHttp transport. With {@code sandboxTrust} (the
 * local Key Vault sandbox only) it trusts the sandbox's generated certificate, skips the check that
 * the challenge's resource matches the vault's domain, and sends a placeholder token; it refuses to
 * do so for any vault that is not on loopback.
 */
public final class KeyVaultConnection {
  private KeyVaultConnection() {}

  /**
   * A client for the vault at {@code vaultUrl}.
   *
   * @param credential the app's identity (managed identity in Azure); ignored with sandboxTrust
   * @throws IllegalArgumentException when sandboxTrust is asked for a vault off loopback
   */
  public static SecretClient create(
      URI vaultUrl, TokenCredential credential, boolean sandboxTrust) {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(15))
            .writeTimeout(Duration.ofSeconds(15));
    SecretClientBuilder builder =
        new SecretClientBuilder()
            .vaultUrl(vaultUrl.toString())
            .retryOptions(
                new RetryOptions(
                    new ExponentialBackoffOptions()
                        .setMaxRetries(2)
                        .setBaseDelay(Duration.ofMillis(200))
                        .setMaxDelay(Duration.ofSeconds(2))));
    if (sandboxTrust) {
      if (!LoopbackTls.isLoopback(vaultUrl.getHost())) {
        throw new IllegalArgumentException(
            "KEY_VAULT_SANDBOX_TRUST is only for the local Key Vault sandbox; "
                + vaultUrl
                + " is not on loopback.");
      }
      LoopbackTls.trustSandbox(http);
      builder.disableChallengeResourceVerification().credential(placeholderToken());
    } else {
      builder.credential(credential);
    }
    return builder.httpClient(new OkHttpAsyncHttpClientBuilder(http.build()).build()).buildClient();
  }

  private static TokenCredential placeholderToken() {
    return request ->
        Mono.just(new AccessToken("sandbox-token", OffsetDateTime.now().plusHours(1)));
  }
}
