package com.provisioningops.provisioning;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a change to the tenant is made as: the app's own identity, or a signed-in user whose Entra ID
 * token the app exchanges on that user's behalf, so that Entra's audit log names the person. {@link
 * #name} is what the app records as the one who asked. The token never appears in {@link
 * #toString}, in records or in logs.
 */
public final class Actor {
  private final String name;
  private final String objectId;
  private final String token;

  private Actor(String name, String objectId, String token) {
    this.name = Objects.requireNonNull(name);
    this.objectId = objectId;
    this.token = token;
  }

  /**
   * The app's own identity, asked by {@code caller}: a signed-in name, or "function key".
   *
   * @param caller who asked, as the app records it
   */
  public static Actor app(String caller) {
    return new Actor(caller, null, null);
  }

  /**
   * A signed-in user, validated by App Service authentication.
   *
   * @param name the user's sign-in name (UPN), as recorded
   * @param objectId the user's object id in Entra ID, when the token names it
   * @param token the user's access token for this app: the on-behalf-of flow's assertion
   */
  public static Actor user(String name, String objectId, String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("A user actor needs the user's token.");
    }
    return new Actor(name, objectId, token);
  }

  /** True when Graph is called on behalf of a signed-in user. */
  public boolean isUser() {
    return token != null;
  }

  /** Who asked, as the app records it. */
  public String name() {
    return name;
  }

  /** The signed-in user's object id; empty for the app or when the token did not name it. */
  public Optional<String> objectId() {
    return Optional.ofNullable(objectId);
  }

  /**
   * The user's token, the assertion the on-behalf-of exchange presents. Only adapters that call
   * Graph read it; nothing may log or store it unsealed.
   *
   * @throws IllegalStateException for the app's own identity
   */
  public String token() {
    if (token == null) {
      throw new IllegalStateException("The app's own identity has no user token.");
    }
    return token;
  }

  @Override
  public String toString() {
    return isUser() ? name + " (signed in)" : name + " (as the app)";
  }
}
