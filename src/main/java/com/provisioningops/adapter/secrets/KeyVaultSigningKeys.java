package com.provisioningops.adapter.secrets;

import com.provisioningops.connector.SigningKeys;
import com.provisioningops.failure.Failure;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One of the app's signing keys, held as a secret in the app's own vault and created there on first
 * use: {@link #EXPORT_LINKS} signs export links, {@link #PAGING} seals paging tokens and trigger
 * states. Setting a new value rotates it and revokes what it signed within {@link #CACHE}.
 *
 * <p>Cached for {@link #CACHE} so that anonymous link checks cannot drive one vault read per
 * request. When two instances create the key at once, each re-reads the vault after writing, so
 * both settle on the version written last (at the latest when their cache runs out).
 *
 * <p>Needs Key Vault Secrets Officer (get, set) on the app vault.
 */
public final class KeyVaultSigningKeys implements SigningKeys {
  /** The export links' key: rotating it revokes every link. */
  public static final String EXPORT_LINKS = "export-link-signing-key";

  /** The paging tokens' and trigger states' key: rotating it restarts every flow's trigger. */
  public static final String PAGING = "paging-signing-key";

  static final Duration CACHE = Duration.ofSeconds(30);

  private final KeyVaultSecrets appVault;
  private final String name;
  private final Clock clock;
  private byte[] cached;
  private Instant cachedUntil = Instant.MIN;

  public KeyVaultSigningKeys(KeyVaultSecrets appVault, String name, Clock clock) {
    this.appVault = appVault;
    this.name = name;
    this.clock = clock;
  }

  @Override
  public synchronized byte[] current() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cachedUntil)) {
      return cached.clone();
    }
    String encoded;
    try {
      encoded = appVault.getUncached(name);
    } catch (Failure.NotFound e) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      appVault.set(name, Base64.getEncoder().encodeToString(fresh));
      // Another instance may have written its own key meanwhile: use whatever is current.
      encoded = appVault.getUncached(name);
    }
    cached = Base64.getDecoder().decode(encoded);
    cachedUntil = now.plus(CACHE);
    return cached.clone();
  }
}
