package com.provisioningops.adapter.secrets;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.CredentialVault;
import com.provisioningops.provisioning.VaultSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Secrets in one Azure Key Vault, with a short in-memory cache so that a timer run does not read
 * the vault once per job.
 *
 * <p>Reading needs the Key Vault Secrets User role on the vault ({@code secrets/getSecret}, {@code
 * readMetadata} for names); {@link #set} and {@link #delete} need Key Vault Secrets Officer, which
 * the app holds only on its own vault, never on the credentials vault.
 *
 * <p>Every method throws {@code Failure}, without a secret value in it: 400 ({@code
 * secret-not-found}) when the secret does not exist; 503 ({@code vault-forbidden}) naming the
 * permission when the vault refuses the app; 503 ({@code vault-unavailable}, with {@code
 * Retry-After}) when the vault fails or cannot be reached, which a caller may retry.
 */
public final class KeyVaultSecrets implements CredentialVault {
  private final SecretClient client;
  private final String vault;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(VaultSecret secret, Instant until) {}

  public KeyVaultSecrets(SecretClient client, Duration ttl, Clock clock) {
    this.client = client;
    this.vault = client.getVaultUrl();
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public VaultSecret read(String name) {
    return cached(name, () -> call(name, "get", () -> secret(client.getSecret(name))));
  }

  @Override
  public Map<String, Instant> currentExpiries() {
    return call(
        null,
        "list",
        () -> {
          Map<String, Instant> out = new HashMap<>();
          for (SecretProperties p : client.listPropertiesOfSecrets()) {
            if (!Boolean.FALSE.equals(p.isEnabled()) && p.getExpiresOn() != null) {
              out.put(p.getName(), p.getExpiresOn().toInstant());
            }
          }
          return out;
        });
  }

  /** The current value of {@code name}, from the cache when read within the TTL. */
  public String get(String name) {
    return read(name).value();
  }

  /**
   * The current value of {@code name}, read from the vault now: for keys whose rotation must bite
   * at once.
   */
  public String getUncached(String name) {
    return call(name, "get", () -> client.getSecret(name).getValue());
  }

  /** The value of one version of {@code name}; versions never change, so they cache as well. */
  public String get(String name, String version) {
    return cached(
            name + "/" + version,
            () -> call(name, "get", () -> secret(client.getSecret(name, version))))
        .value();
  }

  /** Stores a new version of {@code name}; returns the version id. */
  public String set(String name, String value) {
    KeyVaultSecret saved = call(name, "set", () -> client.setSecret(name, value));
    cache.put(name, new Cached(secret(saved), clock.instant().plus(ttl)));
    return saved.getProperties().getVersion();
  }

  /** Deletes {@code name} (soft delete, as the vault is configured) and forgets it. */
  public void delete(String name) {
    cache.keySet().removeIf(k -> k.equals(name) || k.startsWith(name + "/"));
    call(name, "delete", () -> client.beginDeleteSecret(name).waitForCompletion());
  }

  /** The names of the enabled secrets in the vault. */
  public List<String> listNames() {
    return call(
        null,
        "list",
        () -> {
          List<String> names = new ArrayList<>();
          for (SecretProperties p : client.listPropertiesOfSecrets()) {
            if (!Boolean.FALSE.equals(p.isEnabled())) {
              names.add(p.getName());
            }
          }
          return names;
        });
  }

  /** Reads the first page of secret names: proof the vault answers and lets the app list. */
  public void ping() {
    call(
        null, "list", () -> client.listPropertiesOfSecrets().iterableByPage().iterator().hasNext());
  }

  private VaultSecret cached(String key, Supplier<VaultSecret> load) {
    Instant now = clock.instant();
    Cached hit = cache.get(key);
    if (hit != null && hit.until().isAfter(now)) {
      return hit.secret();
    }
    VaultSecret secret = load.get();
    cache.put(key, new Cached(secret, now.plus(ttl)));
    return secret;
  }

  private static VaultSecret secret(KeyVaultSecret s) {
    SecretProperties p = s.getProperties();
    return new VaultSecret(
        s.getValue(),
        p == null ? null : p.getVersion(),
        p == null || p.getNotBefore() == null ? null : p.getNotBefore().toInstant(),
        p == null || p.getExpiresOn() == null ? null : p.getExpiresOn().toInstant());
  }

  private <T> T call(String name, String permission, Supplier<T> call) {
    try {
      return call.get();
    } catch (ResourceNotFoundException e) {
      throw new Failure.NotFound(
          "secret-not-found",
          "The secret does not exist",
          "The secret '"
              + name
              + "' does not exist in Key Vault "
              + vault
              + ". Store the credential there under that name, then call again.",
          null,
          false);
    } catch (HttpResponseException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      if (status == 401 || status == 403) {
        String role =
            permission.equals("get") || permission.equals("list")
                ? "Key Vault Secrets User"
                : "Key Vault Secrets Officer";
        throw new Failure.Forbidden(
            "vault-forbidden",
            "Key Vault refuses the app",
            "Key Vault "
                + vault
                + " refused to "
                + permission
                + (name == null ? " secrets" : " the secret '" + name + "'")
                + ": the app's identity needs the "
                + role
                + " role (secrets/"
                + permission
                + ") on that vault.",
            null,
            role + " on " + vault);
      }
      throw unavailable("answered " + status);
    } catch (RuntimeException e) {
      throw unavailable("could not be reached");
    }
  }

  private Failure.Unavailable unavailable(String what) {
    return Failure.Unavailable.dependency(
        "vault-unavailable",
        "Key Vault is unavailable",
        "Key Vault " + vault + " " + what + ". Try again shortly.",
        Duration.ofSeconds(30));
  }
}
