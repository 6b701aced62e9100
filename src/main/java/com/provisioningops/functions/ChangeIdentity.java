package com.provisioningops.functions;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.provisioningops.connector.Operation;
import com.provisioningops.connector.OperationSpec;
import com.provisioningops.connector.UserRights;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who a change to Graph is made as ({@code GRAPH_CHANGES_AS}). With {@code app}, the app's own
 * identity, recording the signed-in caller's name when App Service authentication gives one. With
 * {@code user}, the signed-in user on whose behalf the app calls Graph: the request must carry a
 * user's token for the app's registration (validated by App Service authentication, which must be
 * on); a function key alone, an app-only token or a token for another app is refused with 403,
 * never made as the app instead.
 */
final class ChangeIdentity {
  private final boolean asUser;
  private final boolean appServiceAuth;
  private final Set<String> audiences;
  private volatile Map<String, Operation.AsUser> rights;

  /**
   * @param asUser {@code GRAPH_CHANGES_AS=user}
   * @param appServiceAuth App Service authentication is on (it vouches for the principal)
   * @param clientId the registration users' tokens must be for: its id or {@code api://} URI
   */
  ChangeIdentity(boolean asUser, boolean appServiceAuth, Optional<String> clientId) {
    this.asUser = asUser;
    this.appServiceAuth = appServiceAuth;
    this.audiences = clientId.map(id -> Set.of(id, "api://" + id)).orElse(Set.of());
  }

  /** Each changing operation's rights as a user, read from its annotation on first use. */
  private Map<String, Operation.AsUser> rights() {
    Map<String, Operation.AsUser> known = rights;
    if (known == null) {
      Map<String, Operation.AsUser> found = new HashMap<>();
      for (OperationSpec spec : OperationCatalog.operations()) {
        Operation op = spec.operation();
        UserRights.of(op).ifPresent(r -> found.put(op.id(), r));
      }
      rights = found;
      known = found;
    }
    return known;
  }

  /** True when changes must be made as users but nothing vouches for who the user is. */
  boolean misconfigured() {
    return asUser && !appServiceAuth;
  }

  /** True when changes are made as the signed-in user. */
  boolean asUser() {
    return asUser;
  }

  /**
   * Who {@code operationId}, called by {@code req}, changes Graph as.
   *
   * @throws ProblemException 403 {@code user-sign-in-required} in {@code user} mode without a
   *     user's token for this app; 503 when that mode runs without App Service authentication
   */
  Actor actor(HttpRequestMessage<?> req, String operationId) {
    if (!rights().containsKey(operationId)) {
      throw new IllegalArgumentException(operationId + " changes nothing in Graph");
    }
    Optional<SignedInCaller> caller = appServiceAuth ? SignedInCaller.of(req) : Optional.empty();
    if (!asUser) {
      return Actor.app(caller.map(SignedInCaller::name).orElse("function key"));
    }
    if (!appServiceAuth) {
      throw new ProblemException(
          Problem.of(
              503,
              "changes-as-user-misconfigured",
              "Changes as the signed-in user cannot be made",
              "GRAPH_CHANGES_AS=user needs App Service authentication (WEBSITE_AUTH_ENABLED=True),"
                  + " which validates the user's token; without it the app would act on a token"
                  + " nobody checked. An admin must turn authentication on or set"
                  + " GRAPH_CHANGES_AS=app."));
    }
    String bearer = bearer(req);
    if (caller.isEmpty() || bearer == null) {
      throw signInRequired(
          "This app makes changes as the signed-in user, and this call carries no user sign-in"
              + " (a function key alone is not enough). Use the connector's Microsoft Entra ID"
              + " connection, or call with a user's bearer token for this app.");
    }
    if (!caller.get().user()) {
      throw signInRequired(
          "This call is signed in as an application, not a user; changes are made on behalf of"
              + " a signed-in user. Sign in as a person.");
    }
    if (!audiences.contains(caller.get().audience())) {
      throw signInRequired(
          "The token was issued for another app ("
              + caller.get().audience()
              + "); changes need a user token for this app's registration.");
    }
    return Actor.user(caller.get().name(), caller.get().objectId(), bearer);
  }

  /**
   * {@code failure} as the user should read it: Graph refusing a signed-in user names what the
   * operation needs as a user, instead of the app's application permissions.
   */
  Failure explain(Failure failure, Actor actor, String operationId) {
    if (!(failure instanceof Failure.Forbidden f) || !actor.isUser()) {
      return failure;
    }
    if (f.code().equals("user-token-refused")) {
      return f;
    }
    Operation.AsUser needed = rights().get(operationId);
    return new Failure.Forbidden(
        "user-permission-missing",
        "Microsoft Graph refused the signed-in user",
        f.detail() + " " + UserRights.sentence(needed),
        f.requestId().orElse(null),
        String.join(", ", needed.permissions()) + "; " + String.join(" or ", needed.roles()));
  }

  private static String bearer(HttpRequestMessage<?> req) {
    String authorization = Http.header(req, "authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static ProblemException signInRequired(String detail) {
    return new ProblemException(
        Problem.of(403, "user-sign-in-required", "A user sign-in is required", detail));
  }
}
