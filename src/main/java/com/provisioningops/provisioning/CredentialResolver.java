package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves credentials given by reference: checks each key, refuses a plain value for a secret key
 * (it must live in Key Vault), and reads referenced secrets from the credentials vault. Refusals
 * name the key and never repeat the refused value.
 */
public final class CredentialResolver {
  private static final Pattern SECRET_NAME = Pattern.compile(CredentialInput.SECRET_NAME);

  private final CredentialVault vault;
  private final CredentialReferences references;
  private final Clock clock;

  public CredentialResolver(CredentialVault vault, CredentialReferences references, Clock clock) {
    this.vault = vault;
    this.references = references;
    this.clock = clock;
  }

  /**
   * Checks {@code inputs} as {@link #resolve} does, reading no vault: for refusals due before
   * anything is created.
   *
   * @throws Failure.InvalidInput as {@link #resolve}
   */
  public static void checkShape(List<CredentialInput> inputs) {
    new CredentialResolver(name -> VaultSecret.of(""), null, Clock.systemUTC()).resolve(inputs);
  }

  /**
   * Remembers which vault secrets {@code servicePrincipal}'s credentials are about to be saved
   * from. Called before Graph is: a process that dies after Graph saved them must not leave the
   * copy unwatched; after a failed save, the caller's retry records them again.
   *
   * @throws Failure.Unavailable when storage cannot be reached (nothing is sent to Graph then)
   */
  public void remember(ServicePrincipalId servicePrincipal, List<Credential> resolved) {
    Instant now = clock.instant();
    references.replace(
        servicePrincipal,
        resolved.stream()
            .filter(Credential::secret)
            .map(
                c ->
                    new CredentialReferences.Reference(
                        servicePrincipal.value(),
                        c.key(),
                        c.source().secretName(),
                        c.source().version(),
                        c.source().expiresOn(),
                        now))
            .toList());
  }

  /**
   * Resolves {@code inputs} in order.
   *
   * @throws Failure.InvalidInput for an unknown or repeated key, a plain value for a secret key, a
   *     missing or invalid secret name, or a secret that does not exist; Failure.Forbidden when the
   *     vault refuses the app; Failure.Unavailable when it cannot be reached
   */
  public List<Credential> resolve(List<CredentialInput> inputs) {
    if (inputs == null || inputs.isEmpty()) {
      throw Failure.invalid(
          "Give at least one credential, such as {\"key\": \"BaseAddress\", \"value\":"
              + " \"https://…\"} and {\"key\": \"SecretToken\", \"secretName\": \"<Key Vault secret>\"}.");
    }
    if (inputs.size() > CredentialInput.MAX_CREDENTIALS) {
      throw Failure.invalid(
          "At most " + CredentialInput.MAX_CREDENTIALS + " credentials may be given at once.");
    }
    Set<String> seen = new HashSet<>();
    List<Credential> resolved = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      CredentialInput input = inputs.get(i);
      String where = "credentials[" + i + "]";
      if (input == null) {
        throw Failure.invalid(where + " is empty.");
      }
      String key =
          SecretKeys.canonical(input.key())
              .orElseThrow(
                  () ->
                      Failure.invalid(
                          where
                              + ".key '"
                              + Printable.of(input.key())
                              + "' is not a synchronization secret key. Use one of Graph's keys,"
                              + " such as BaseAddress, SecretToken, UserName, Password,"
                              + " ClientIdentifier or ClientSecret."));
      if (!seen.add(key)) {
        throw Failure.invalid(where + ": the key " + key + " is given twice.");
      }
      boolean hasValue = input.value() != null;
      boolean hasName = input.secretName() != null;
      if (hasValue == hasName) {
        throw Failure.invalid(where + " (" + key + ") needs exactly one of value or secretName.");
      }
      boolean secret = SecretKeys.SECRET.contains(key) || Boolean.TRUE.equals(input.secret());
      if (hasValue) {
        if (secret) {
          throw Failure.invalid(
              where
                  + " ("
                  + key
                  + ") is a secret and was given as a plain value, which the app refuses (the"
                  + " value was not stored or logged). Store it in the credentials Key Vault and"
                  + " pass {\"key\": \""
                  + key
                  + "\", \"secretName\": \"<name of the secret>\"} instead.");
        }
        if (input.value().length() > CredentialInput.MAX_VALUE_LENGTH) {
          throw Failure.invalid(
              where
                  + " ("
                  + key
                  + ") is longer than "
                  + CredentialInput.MAX_VALUE_LENGTH
                  + " characters.");
        }
        resolved.add(Credential.plain(key, input.value()));
      } else {
        if (!SECRET_NAME.matcher(input.secretName()).matches()) {
          throw Failure.invalid(
              where
                  + ".secretName '"
                  + Printable.of(input.secretName())
                  + "' is not a Key Vault secret name (1 to 127 letters, digits and dashes).");
        }
        VaultSecret read = read(input.secretName());
        refuseOutsideItsWindow(where + " (" + key + ")", input.secretName(), read);
        resolved.add(
            new Credential(
                key,
                read.value(),
                new Credential.Source(input.secretName(), read.version(), read.expiresOn())));
      }
    }
    return resolved;
  }

  /**
   * Key Vault hands out an expired or not-yet-valid secret all the same; Graph would keep the copy
   * and the job would fail on it at its next cycle, so the caller hears now instead.
   */
  private void refuseOutsideItsWindow(String where, String secretName, VaultSecret read) {
    Instant now = clock.instant();
    if (read.expiresOn() != null && !read.expiresOn().isAfter(now)) {
      throw new Failure.InvalidInput(
          "secret-expired",
          "The secret has expired",
          where
              + ": the Key Vault secret '"
              + secretName
              + "' expired on "
              + read.expiresOn()
              + ". Get a new credential from the target app, set it as a new version of the"
              + " secret with its expiry date, then call again.");
    }
    if (read.notBefore() != null && read.notBefore().isAfter(now)) {
      throw new Failure.InvalidInput(
          "secret-not-yet-valid",
          "The secret is not valid yet",
          where
              + ": the Key Vault secret '"
              + secretName
              + "' is not valid before "
              + read.notBefore()
              + ". Call again from then, or set the secret's activation date earlier.");
    }
  }

  private VaultSecret read(String secretName) {
    try {
      return vault.read(secretName);
    } catch (Failure.NotFound e) {
      // A secret the caller named and that is not there is the caller's input to fix.
      throw new Failure.InvalidInput(e.code(), e.title(), e.detail());
    }
  }
}
