package com.provisioningops.functions;

/**
 * The names in the operations' {@code asUser} rights, as Microsoft Graph's permissions reference
 * and the Entra role list spell them. Graph's synchronization APIs also let an owner of the
 * enterprise app change its provisioning without a role.
 */
final class Delegated {
  static final String SYNCHRONIZATION = "Synchronization.ReadWrite.All";
  static final String APPLICATIONS = "Application.ReadWrite.All";
  static final String UPLOAD = "SynchronizationData-User.Upload";
  static final String APPLICATION_ADMINISTRATOR = "Application Administrator";
  static final String CLOUD_APPLICATION_ADMINISTRATOR = "Cloud Application Administrator";
  static final String HYBRID_IDENTITY_ADMINISTRATOR = "Hybrid Identity Administrator";
  static final String USER_ADMINISTRATOR = "User Administrator";

  private Delegated() {}
}
