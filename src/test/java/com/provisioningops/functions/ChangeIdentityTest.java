package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeIdentityTest {
  private static final String CLIENT = "9a5c2b7e-3f41-4d8a-b6e0-5d1f0c7a2e11";
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ1c2VyIjoiYWRlbGUifQ.c2lnbmF0dXJl";

  private final ChangeIdentity asUser = new ChangeIdentity(true, true, Optional.of(CLIENT));
  private final ChangeIdentity asApp = new ChangeIdentity(false, true, Optional.empty());

  @Test
  void asTheAppAChangeRecordsTheSignedInNameOrTheFunctionKey() {
    Actor signedIn = asApp.actor(request(userPrincipal("api://" + CLIENT), TOKEN), "StartJob");
    Actor keyOnly = asApp.actor(request(null, null), "StartJob");

    assertThat(signedIn.isUser()).isFalse();
    assertThat(signedIn.name()).isEqualTo("adele.vance@contoso.example");
    assertThat(keyOnly.isUser()).isFalse();
    assertThat(keyOnly.name()).isEqualTo("function key");
  }

  @Test
  void asTheUserAUserTokenForThisAppMakesTheChangeOnTheirBehalf() {
    Actor adele = asUser.actor(request(userPrincipal("api://" + CLIENT), TOKEN), "RestartJob");

    assertThat(adele.isUser()).isTrue();
    assertThat(adele.name()).isEqualTo("adele.vance@contoso.example");
    assertThat(adele.objectId()).contains("0b1c2d3e-0000-4000-8000-000000000001");
    assertThat(adele.token()).isEqualTo(TOKEN);
    assertThat(adele.toString()).doesNotContain(TOKEN);
  }

  @Test
  void asTheUserAFunctionKeyAloneIsRefusedNotMadeAsTheApp() {
    thenRefused(() -> asUser.actor(request(null, null), "PauseJob"), 403, "user-sign-in-required");
    thenRefused(
        () -> asUser.actor(request(userPrincipal("api://" + CLIENT), null), "PauseJob"),
        403,
        "user-sign-in-required");
  }

  @Test
  void asTheUserAnAppOnlyTokenOrATokenForAnotherAppIsRefused() {
    thenRefused(
        () -> asUser.actor(request(appPrincipal("api://" + CLIENT), TOKEN), "PauseJob"),
        403,
        "user-sign-in-required");
    thenRefused(
        () -> asUser.actor(request(userPrincipal("api://another-app"), TOKEN), "PauseJob"),
        403,
        "user-sign-in-required");
  }

  @Test
  void asTheUserWithoutAppServiceAuthenticationNothingIsChanged() {
    ChangeIdentity unvouched = new ChangeIdentity(true, false, Optional.of(CLIENT));

    assertThat(unvouched.misconfigured()).isTrue();
    thenRefused(
        () -> unvouched.actor(request(userPrincipal("api://" + CLIENT), TOKEN), "StartJob"),
        503,
        "changes-as-user-misconfigured");
  }

  @Test
  void graphRefusingAUserNamesTheDelegatedPermissionAndTheRolesTheOperationNeeds() {
    Actor adele = Actor.user("adele.vance@contoso.example", null, TOKEN);
    Failure graphSaidNo =
        new Failure.Forbidden(
            "graph-forbidden",
            "Microsoft Graph denied the request",
            "Graph answered 403.",
            "r1",
            "app roles");

    Failure explained = asUser.explain(graphSaidNo, adele, "StartSetup");
    Failure forTheApp = asUser.explain(graphSaidNo, Actor.app("function key"), "StartSetup");

    assertThat(explained.code()).isEqualTo("user-permission-missing");
    assertThat(explained.detail())
        .contains("Application.ReadWrite.All and Synchronization.ReadWrite.All")
        .contains("Application Administrator or Cloud Application Administrator");
    assertThat(forTheApp).isSameAs(graphSaidNo);
  }

  // ---- given

  private static String userPrincipal(String audience) {
    return principal(
        "{\"typ\":\"aud\",\"val\":\""
            + audience
            + "\"},"
            + "{\"typ\":\"http://schemas.microsoft.com/identity/claims/scope\","
            + "\"val\":\"user_impersonation\"},"
            + "{\"typ\":\"http://schemas.microsoft.com/identity/claims/objectidentifier\","
            + "\"val\":\"0b1c2d3e-0000-4000-8000-000000000001\"},"
            + "{\"typ\":\"preferred_username\",\"val\":\"adele.vance@contoso.example\"}");
  }

  private static String appPrincipal(String audience) {
    return principal(
        "{\"typ\":\"aud\",\"val\":\""
            + audience
            + "\"},"
            + "{\"typ\":\"roles\",\"val\":\"Provisioning.Admin\"},"
            + "{\"typ\":\"azp\",\"val\":\"daemon-app\"}");
  }

  private static String principal(String claims) {
    String json = "{\"auth_typ\":\"aad\",\"role_typ\":\"roles\",\"claims\":[" + claims + "]}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpRequestMessage<Optional<String>> request(String principal, String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-functions-key", "key");
    if (principal != null) {
      headers.put("X-MS-CLIENT-PRINCIPAL", principal);
    }
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return new HttpRequestMessage<>() {
      @Override
      public URI getUri() {
        return URI.create("http://localhost/api/anything");
      }

      @Override
      public HttpMethod getHttpMethod() {
        return HttpMethod.POST;
      }

      @Override
      public Map<String, String> getHeaders() {
        return headers;
      }

      @Override
      public Map<String, String> getQueryParameters() {
        return Map.of();
      }

      @Override
      public Optional<String> getBody() {
        return Optional.empty();
      }

      @Override
      public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        throw new UnsupportedOperationException();
      }

      @Override
      public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        throw new UnsupportedOperationException();
      }
    };
  }

  // ---- then

  private static void thenRefused(Runnable call, int status, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(status);
              assertThat(e.problem().type()).endsWith("/" + code);
            });
  }
}
