package com.provisioningops.app;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.provisioningops.adapter.graph.OnBehalfOf;
import com.provisioningops.adapter.secrets.KeyVaultConnection;
import com.provisioningops.adapter.secrets.KeyVaultSecrets;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** The app's identities towards Graph and its vaults, as the settings choose them. */
final class Identities {
  private Identities() {}

  /** The vault at {@code url}, reached as the app's managed identity (or the sandbox's trust). */
  static Optional<KeyVaultSecrets> vault(AppSettings settings, Optional<URI> url, Clock clock) {
    return url.map(
        u ->
            new KeyVaultSecrets(
                KeyVaultConnection.create(
                    u,
                    settings.keyVault().sandboxTrust() ? null : managedIdentity(settings.graph()),
                    settings.keyVault().sandboxTrust()),
                settings.secretCacheTtl(),
                clock));
  }

  private static TokenCredential managedIdentity(AppSettings.Graph graph) {
    ManagedIdentityCredentialBuilder identity = new ManagedIdentityCredentialBuilder();
    graph.azureClientId().ifPresent(identity::clientId);
    return identity.build();
  }

  /**
   * The exchange of signed-in users' tokens for Graph tokens of the same users, with {@code
   * GRAPH_CHANGES_AS=user}; null otherwise. Without a client secret the app registration is proved
   * by the managed identity's token for {@code api://AzureADTokenExchange}, which the registration
   * trusts as a federated credential: no secret to store or rotate.
   */
  static OnBehalfOf onBehalfOf(AppSettings settings) {
    AppSettings.ChangesAs as = settings.changesAs();
    if (!as.asUser()) {
      return null;
    }
    TokenCredential identity = managedIdentity(settings.graph());
    TokenRequestContext exchange =
        new TokenRequestContext().addScopes("api://AzureADTokenExchange/.default");
    return new OnBehalfOf(
        as.tenantId().orElseThrow(),
        as.clientId().orElseThrow(),
        as.clientSecret(),
        () -> identity.getTokenSync(exchange).getToken(),
        as.authorityHost());
  }

  /** The app's identity towards Graph, per {@code GRAPH_AUTH}; null for {@code none}. */
  static TokenCredential graph(AppSettings.Graph graph) {
    return switch (graph.auth()) {
      case NONE -> null;
      case MANAGED_IDENTITY -> managedIdentity(graph);
      case CLIENT_SECRET ->
          new ClientSecretCredentialBuilder()
              .tenantId(required(graph.tenantId(), "GRAPH_TENANT_ID", "clientSecret"))
              .clientId(required(graph.clientId(), "GRAPH_CLIENT_ID", "clientSecret"))
              .clientSecret(required(graph.clientSecret(), "GRAPH_CLIENT_SECRET", "clientSecret"))
              .build();
      case CERTIFICATE -> {
        String path =
            required(graph.certificatePath(), "GRAPH_CLIENT_CERTIFICATE_PATH", "certificate");
        ClientCertificateCredentialBuilder builder =
            new ClientCertificateCredentialBuilder()
                .tenantId(required(graph.tenantId(), "GRAPH_TENANT_ID", "certificate"))
                .clientId(required(graph.clientId(), "GRAPH_CLIENT_ID", "certificate"));
        // App Service loads certificates as password-less .p12 files; PEM works too.
        boolean pkcs12 = path.endsWith(".p12") || path.endsWith(".pfx");
        yield (pkcs12 ? builder.pfxCertificate(path) : builder.pemCertificate(path)).build();
      }
    };
  }

  private static String required(java.util.Optional<String> value, String name, String mode) {
    return value.orElseThrow(
        () -> new IllegalStateException("GRAPH_AUTH=" + mode + " needs the setting " + name + "."));
  }
}
