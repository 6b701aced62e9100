package com.provisioningops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets travel by reference only. */
class CredentialResolverTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private final List<String> reads = new ArrayList<>();
  private final MemoryCredentialReferences references = new MemoryCredentialReferences();
  private final Map<String, VaultSecret> vault =
      Map.of(
          "box-prod-token",
          new VaultSecret("vault-value-1", "v1", null, NOW.plus(Duration.ofDays(90))),
          "box-old-token",
          new VaultSecret("vault-value-0", "v0", null, NOW.minus(Duration.ofDays(1))),
          "box-next-token",
          new VaultSecret("vault-value-2", "v2", NOW.plus(Duration.ofDays(1)), null));
  private final CredentialResolver credentials =
      new CredentialResolver(
          name -> {
            reads.add(name);
            VaultSecret secret = vault.get(name);
            if (secret == null) {
              throw Failure.notFound("The secret '" + name + "' does not exist.");
            }
            return secret;
          },
          references,
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static CredentialInput plain(String key, String value) {
    return new CredentialInput(key, value, null, null);
  }

  private static CredentialInput ref(String key, String secretName) {
    return new CredentialInput(key, null, secretName, null);
  }

  private static String refusal(Runnable call) {
    try {
      call.run();
    } catch (Failure.InvalidInput e) {
      return e.detail();
    }
    throw new AssertionError("expected a 400 problem");
  }

  @Test
  void secretKeyByReferenceIsReadFromTheVault() {
    List<Credential> resolved =
        credentials.resolve(
            List.of(
                plain("BaseAddress", "https://scim.box.com/v2"),
                ref("SecretToken", "box-prod-token")));

    assertThat(resolved)
        .containsExactly(
            Credential.plain("BaseAddress", "https://scim.box.com/v2"),
            new Credential(
                "SecretToken",
                "vault-value-1",
                new Credential.Source("box-prod-token", "v1", NOW.plus(Duration.ofDays(90)))));
    assertThat(reads).containsExactly("box-prod-token");
  }

  @Test
  void plainValueForASecretKeyIsRefusedWithoutRepeatingIt() {
    String detail =
        refusal(() -> credentials.resolve(List.of(plain("SecretToken", "leaked-token-123"))));

    assertThat(detail)
        .contains("SecretToken")
        .contains("secretName")
        .doesNotContain("leaked-token-123");
  }

  @Test
  void keyTheCallerMarksSecretIsTreatedAsSecret() {
    String detail =
        refusal(
            () ->
                credentials.resolve(
                    List.of(new CredentialInput("UserName", "svc-admin", null, true))));

    assertThat(detail).contains("UserName").doesNotContain("svc-admin");
  }

  @Test
  void keysAreMatchedIgnoringCaseAndSpeltAsGraphSpellsThem() {
    assertThat(credentials.resolve(List.of(plain("baseaddress", "https://x"))).get(0).key())
        .isEqualTo("BaseAddress");
  }

  @Test
  void unknownKeyIsRefusedWithExamples() {
    assertThat(refusal(() -> credentials.resolve(List.of(plain("Token", "x")))))
        .contains("'Token' is not a synchronization secret key")
        .contains("SecretToken");
  }

  @Test
  void valueAndSecretNameTogetherOrNeitherAreRefused() {
    assertThat(
            refusal(
                () ->
                    credentials.resolve(
                        List.of(new CredentialInput("BaseAddress", "a", "b", null)))))
        .contains("exactly one of value or secretName");
    assertThat(
            refusal(
                () ->
                    credentials.resolve(
                        List.of(new CredentialInput("BaseAddress", null, null, null)))))
        .contains("exactly one of value or secretName");
  }

  @Test
  void invalidSecretNameIsRefusedBeforeTheVaultIsAsked() {
    assertThat(refusal(() -> credentials.resolve(List.of(ref("SecretToken", "../../etc/passwd")))))
        .contains("is not a Key Vault secret name");
    assertThat(reads).isEmpty();
  }

  @Test
  void repeatedKeyIsRefused() {
    assertThat(
            refusal(
                () ->
                    credentials.resolve(
                        List.of(plain("BaseAddress", "a"), plain("baseAddress", "b")))))
        .contains("given twice");
  }

  @Test
  void noCredentialsAtAllIsRefused() {
    assertThat(refusal(() -> credentials.resolve(List.of()))).contains("at least one credential");
  }

  @Test
  void missingSecretSurfacesAsTheVaultsProblem() {
    assertThatThrownBy(() -> credentials.resolve(List.of(ref("SecretToken", "absent"))))
        .isInstanceOf(Failure.InvalidInput.class)
        .hasMessageContaining("'absent' does not exist");
  }

  @Test
  void resolvedCredentialsNeverPrintTheirValue() {
    assertThat(
            new Credential("SecretToken", "vault-value-1", new Credential.Source("t", null, null))
                .toString())
        .doesNotContain("vault-value-1");
    assertThat(plain("SecretToken", "typed-by-mistake").toString())
        .doesNotContain("typed-by-mistake");
  }

  @Test
  void targetAppMessagesAreScrubbedOfSecretValues() {
    List<Credential> sent =
        List.of(
            new Credential("SecretToken", "vault-value-1", new Credential.Source("t", null, null)));

    assertThat(ProvisioningCredentials.scrub("401 for token vault-value-1", sent))
        .isEqualTo("401 for token ***");
  }

  @Test
  void anExpiredSecretIsRefusedNamingItAndItsDateButNotItsValue() {
    String detail =
        refusal(() -> credentials.resolve(List.of(ref("SecretToken", "box-old-token"))));

    assertThat(detail)
        .contains("credentials[0] (SecretToken)")
        .contains("'box-old-token' expired on 2026-12-01T12:00:00Z")
        .doesNotContain("vault-value-0");
  }

  @Test
  void aSecretNotValidYetIsRefused() {
    assertThat(refusal(() -> credentials.resolve(List.of(ref("SecretToken", "box-next-token")))))
        .contains("'box-next-token' is not valid before 2026-12-03T12:00:00Z");
  }

  @Test
  void rememberingASaveReplacesThePrincipalsReferencesWithTheVersionsReadAndTheirExpiry() {
    ServicePrincipalId sp = new ServicePrincipalId("00000000-0000-0000-0000-0000000000aa");
    credentials.remember(
        sp,
        credentials.resolve(
            List.of(
                plain("BaseAddress", "https://scim.box.com/v2"),
                ref("SecretToken", "box-prod-token"))));

    assertThat(references.all())
        .containsExactly(
            new CredentialReferences.Reference(
                sp.value(),
                "SecretToken",
                "box-prod-token",
                "v1",
                NOW.plus(Duration.ofDays(90)),
                NOW));

    credentials.remember(sp, credentials.resolve(List.of(plain("BaseAddress", "https://x"))));

    assertThat(references.all()).as("a save without vault secrets leaves none").isEmpty();
  }
}
