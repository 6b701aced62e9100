package com.provisioningops.provisioning;

import com.provisioningops.api.OneOf;
import com.provisioningops.api.Required;

/**
 * One credential as a caller gives it: a {@code synchronizationSecret} key with either a plain
 * {@code value} (only for keys that are not secret, such as {@code BaseAddress}) or the {@code
 * secretName} of a Key Vault secret holding it.
 *
 * @param key the synchronization secret key, such as {@code BaseAddress} or {@code SecretToken}
 * @param value the value itself, for keys that are not secret
 * @param secretName the Key Vault secret that holds the value
 * @param secret true to treat this key as secret even if it usually is not
 */
public record CredentialInput(
    @Required
        @OneOf({
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
          "ConnectionString"
        })
        String key,
    String value,
    String secretName,
    Boolean secret) {

  @Override
  public String toString() {
    return "CredentialInput[key=%s, value=%s, secretName=%s]"
        .formatted(key, value == null ? "-" : "***", secretName);
  }
}
