package com.provisioningops.provisioning;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code synchronizationSecret} keys Graph knows, and which of them carry secrets. */
final class SecretKeys {
  /** The keys the request declares (the definition's enum): one list for both. */
  static final List<String> ALL =
      List.of(
          CredentialInput.class
              .getRecordComponents()[0]
              .getAnnotation(com.provisioningops.api.OneOf.class)
              .value());

  /** Keys whose values are secrets: accepted only by reference to Key Vault. */
  static final Set<String> SECRET =
      Set.of(
          "Password",
          "SecretToken",
          "AppKey",
          "ClientSecret",
          "ConsumerSecret",
          "TokenKey",
          "Oauth2AccessToken",
          "Oauth2RefreshToken",
          "Oauth2ClientSecret",
          "Oauth2AuthorizationCode",
          "ConnectionString");

  private SecretKeys() {}

  /** The key as Graph spells it, matched ignoring case. */
  static Optional<String> canonical(String key) {
    if (key == null) {
      return Optional.empty();
    }
    String lower = key.trim().toLowerCase(Locale.ROOT);
    return ALL.stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
  }
}
