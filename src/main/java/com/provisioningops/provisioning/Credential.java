package com.provisioningops.provisioning;

/**
 * A credential ready to hand to Graph, its value resolved. Never logged or answered: {@link
 * #toString()} hides the value.
 *
 * @param key the {@code synchronizationSecret} key, spelt as Graph spells it
 * @param value the value
 * @param secret whether the value came from the vault (and so must never be shown)
 */
public record Credential(String key, String value, boolean secret) {

  @Override
  public String toString() {
    return "Credential[key=" + key + ", value=***]";
  }
}
