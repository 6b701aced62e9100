package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
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

  public CredentialResolver(CredentialVault vault) {
    this.vault = vault;
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
        resolved.add(new Credential(key, input.value(), false));
      } else {
        if (!SECRET_NAME.matcher(input.secretName()).matches()) {
          throw Failure.invalid(
              where
                  + ".secretName '"
                  + Printable.of(input.secretName())
                  + "' is not a Key Vault secret name (1 to 127 letters, digits and dashes).");
        }
        resolved.add(new Credential(key, read(input.secretName()), true));
      }
    }
    return resolved;
  }

  private String read(String secretName) {
    try {
      return vault.read(secretName);
    } catch (Failure.NotFound e) {
      // A secret the caller named and that is not there is the caller's input to fix.
      throw new Failure.InvalidInput(e.code(), e.title(), e.detail());
    }
  }
}
