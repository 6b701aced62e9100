package com.provisioningops.provisioning;

import com.provisioningops.api.Matches;
import com.provisioningops.api.MaxSize;
import com.provisioningops.api.OneOf;
import com.provisioningops.api.Required;

/**
 * One credential as a caller gives it: a {@code synchronizationSecret} key with either a plain
 * {@code value} (only for keys that are not secret, such as {@code BaseAddress}) or the {@code
 * secretName} of a Key Vault secret holding it.
 *
 * @param key the synchronization secret key, such as {@code BaseAddress} or {@code SecretToken}
 * @param value the value itself, for keys that are not secret such as BaseAddress. Give this or
 *     Secret name, not both; a secret key (Password, SecretToken, ClientSecret…) takes only a
 *     Secret name
 * @param secretName the name of the secret in the credentials Key Vault that holds the value. Give
 *     this or Value, not both; secret keys need it
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
    @MaxSize(MAX_VALUE_LENGTH) String value,
    @Matches(SECRET_NAME) String secretName,
    Boolean secret) {

  /** Credentials one request may carry. */
  public static final int MAX_CREDENTIALS = 50;

  /** The longest plain value the app takes. */
  public static final int MAX_VALUE_LENGTH = 4096;

  /** A Key Vault secret name. */
  public static final String SECRET_NAME = "[0-9a-zA-Z-]{1,127}";

  @Override
  public String toString() {
    return "CredentialInput[key=%s, value=%s, secretName=%s]"
        .formatted(key, value == null ? "-" : "***", secretName);
  }
}
