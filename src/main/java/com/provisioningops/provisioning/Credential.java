package com.provisioningops.provisioning;

import java.time.Instant;

/**
 * A credential ready to hand to Graph, its value resolved. Never logged or answered: {@link
 * #toString()} hides the value.
 *
 * @param key the {@code synchronizationSecret} key, spelt as Graph spells it
 * @param value the value
 * @param source the vault secret the value came from; null for a plain value
 */
public record Credential(String key, String value, Source source) {

  /**
   * Where in the credentials vault a value came from: Graph keeps a copy, so this version's expiry
   * is what the job lives with until the credentials are saved again.
   *
   * @param secretName the secret's name
   * @param version the version read; null when the vault does not say
   * @param expiresOn when that version expires; null when it never does
   */
  public record Source(String secretName, String version, Instant expiresOn) {}

  /** A plain value, not from the vault. */
  public static Credential plain(String key, String value) {
    return new Credential(key, value, null);
  }

  /** Whether the value came from the vault (and so must never be shown). */
  public boolean secret() {
    return source != null;
  }

  @Override
  public String toString() {
    return "Credential[key=" + key + ", value=***]";
  }
}
