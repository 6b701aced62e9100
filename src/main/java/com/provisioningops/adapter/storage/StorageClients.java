package com.provisioningops.adapter.storage;

import com.azure.core.client.traits.ConnectionStringTrait;
import com.azure.core.client.traits.EndpointTrait;
import com.azure.core.client.traits.TokenCredentialTrait;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.HttpClientOptions;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The Table and Queue service clients of the app's storage account, from a connection string
 * (Azurite, or an account key) or from the account's endpoints with the managed identity, which
 * then needs Storage Table Data Contributor and Storage Queue Data Contributor. Every call has the
 * same bounds: 5 s to connect, 15 s for an answer.
 */
public final class StorageClients {
  private StorageClients() {}

  /**
   * @throws IllegalStateException naming the settings to set when neither way is configured
   */
  public static TableServiceClient tables(
      Optional<String> connectionString,
      Optional<URI> endpoint,
      Optional<String> identityClientId) {
    TableServiceClientBuilder builder =
        new TableServiceClientBuilder()
            .clientOptions(bounds())
            .addPolicy(TableTraffic.INSTANCE)
            // Few, quick retries: a caller's own retry or the next timer run follows.
            .retryOptions(
                new RetryOptions(
                    new ExponentialBackoffOptions()
                        .setMaxRetries(2)
                        .setBaseDelay(Duration.ofMillis(200))
                        .setMaxDelay(Duration.ofSeconds(2))));
    return connected(builder, connectionString, endpoint, identityClientId, "Table").buildClient();
  }

  /**
   * @throws IllegalStateException naming the settings to set when neither way is configured
   */
  public static QueueServiceClient queues(
      Optional<String> connectionString,
      Optional<URI> endpoint,
      Optional<String> identityClientId) {
    QueueServiceClientBuilder builder =
        new QueueServiceClientBuilder()
            // The Functions queue trigger reads base64 messages by default.
            .messageEncoding(QueueMessageEncoding.BASE64)
            .clientOptions(bounds());
    return connected(builder, connectionString, endpoint, identityClientId, "Queue").buildClient();
  }

  /** The builder pointed at the account: by connection string, else by endpoint and identity. */
  private static <B extends ConnectionStringTrait<B> & EndpointTrait<B> & TokenCredentialTrait<B>>
      B connected(
          B builder,
          Optional<String> connectionString,
          Optional<URI> endpoint,
          Optional<String> identityClientId,
          String service) {
    if (connectionString.isPresent()) {
      return builder.connectionString(connectionString.get());
    }
    if (endpoint.isPresent()) {
      return builder.endpoint(endpoint.get().toString()).credential(identity(identityClientId));
    }
    throw missing(service);
  }

  private static HttpClientOptions bounds() {
    return new HttpClientOptions()
        .setConnectTimeout(Duration.ofSeconds(5))
        .setResponseTimeout(Duration.ofSeconds(15));
  }

  private static com.azure.core.credential.TokenCredential identity(Optional<String> clientId) {
    ManagedIdentityCredentialBuilder identity = new ManagedIdentityCredentialBuilder();
    clientId.ifPresent(identity::clientId);
    return identity.build();
  }

  private static IllegalStateException missing(String service) {
    return new IllegalStateException(
        "Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName "
            + "(identity-based) so the app can reach "
            + service
            + " Storage.");
  }
}
