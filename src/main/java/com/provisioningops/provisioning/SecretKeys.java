package com.provisioningops.provisioning;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code synchronizationSecret} keys Graph knows, and which of them carry secrets. */
final class SecretKeys {
  static final List<String> ALL =
      List.of(
          "None",
          "UserName",
          "Password",
          "SecretToken",
          "AppKey",
          "BaseAddress",
          "ClientIdentifier",
          "ClientSecret",
          "SingleSignOnType",
          "Sandbox",
          "Url",
          "Domain",
          "ConsumerKey",
          "ConsumerSecret",
          "TokenKey",
          "TokenExpiration",
          "Oauth2AccessToken",
          "Oauth2AccessTokenCreationTime",
          "Oauth2RefreshToken",
          "SyncAll",
          "InstanceName",
          "Oauth2ClientId",
          "Oauth2ClientSecret",
          "CompanyId",
          "UpdateKeyOnSoftDelete",
          "SynchronizationSchedule",
          "SystemOfRecord",
          "SandboxName",
          "EnforceDomain",
          "SyncNotificationSettings",
          "SkipOutOfScopeDeletions",
          "Oauth2AuthorizationCode",
          "Oauth2RedirectUri",
          "ApplicationTemplateIdentifier",
          "Oauth2TokenExchangeUri",
          "Oauth2AuthorizationUri",
          "AuthenticationType",
          "Server",
          "PerformInboundEntitlementGrants",
          "HardDeletesEnabled",
          "SyncAgentCompatibilityKey",
          "SyncAgentADContainer",
          "ValidateDomain",
          "TestReferences",
          "ConnectionString");

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
