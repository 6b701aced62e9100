package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.util.List;

/** The setup's steps in order, what a request must hold, and how a state reads to callers. */
final class SetupSteps {
  private SetupSteps() {}

  static SetupAction next(SetupState s) {
    if (s.applicationId() == null && !done(s, SetupAction.CHECK_CREDENTIALS)) {
      return SetupAction.CHECK_CREDENTIALS;
    }
    if (s.servicePrincipalId() == null) {
      return SetupAction.INSTANTIATE;
    }
    if (!done(s, SetupAction.WAIT_FOR_SERVICE_PRINCIPAL)) {
      return SetupAction.WAIT_FOR_SERVICE_PRINCIPAL;
    }
    if (s.jobId() == null) {
      return SetupAction.CREATE_JOB;
    }
    if (!done(s, SetupAction.VALIDATE_CREDENTIALS)) {
      return SetupAction.VALIDATE_CREDENTIALS;
    }
    if (!done(s, SetupAction.SAVE_CREDENTIALS)) {
      return SetupAction.SAVE_CREDENTIALS;
    }
    return SetupAction.START;
  }

  private static boolean done(SetupState s, SetupAction step) {
    return s.steps().stream()
        .anyMatch(x -> x.step().equals(step.wire()) && x.outcome().equals("succeeded"));
  }

  static SetupResult result(SetupState s) {
    return new SetupResult(
        s.setupId(),
        s.status(),
        s.applicationId(),
        s.servicePrincipalId(),
        s.jobId(),
        s.steps(),
        s.failedStep(),
        s.nextAction(),
        s.requestedBy());
  }

  /** What the caller should do after a setup failed, given what it had created. */
  static String nextAction(SetupState s, String fix) {
    String created =
        s.servicePrincipalId() == null
            ? " Nothing was created: call again with a new Idempotency-Key."
            : " The app "
                + s.servicePrincipalId()
                + (s.jobId() == null ? "" : " and its job " + s.jobId())
                + " were created: finish with the single actions (validate and save credentials,"
                + " start), or delete the app in Entra ID and start over with a new"
                + " Idempotency-Key.";
    return fix + created;
  }

  /**
   * Plain credential text one setup may carry: its state is kept in one table entity (1 MiB,
   * UTF-16), beside the steps' results.
   */
  static final int MAX_PLAIN_TEXT = 100_000;

  static void validate(SetupRequest r) {
    if (r == null) {
      throw Failure.invalid("A setup request body is required.");
    }
    if (r.applicationTemplateId() == null
        || !r.applicationTemplateId().trim().matches(ApplicationTemplate.ID)) {
      throw Failure.invalid("applicationTemplateId must be a gallery app id (a GUID).");
    }
    if (r.displayName() == null
        || r.displayName().isBlank()
        || r.displayName().length() > InstantiateRequest.MAX_DISPLAY_NAME) {
      throw Failure.invalid("displayName is required, at most 120 characters.");
    }
    if (r.synchronizationTemplateId() == null
        || !r.synchronizationTemplateId().trim().matches(CreateJobRequest.TEMPLATE_ID)) {
      throw Failure.invalid("synchronizationTemplateId is required, such as scim.");
    }
    if (r.credentials() == null || r.credentials().isEmpty()) {
      throw Failure.invalid("credentials are required (secrets by secretName).");
    }
    // Refuse plain secrets and malformed entries before anything is created (no vault read yet).
    List<CredentialInput> inputs = r.credentials();
    CredentialResolver.checkShape(inputs);
    int plain = inputs.stream().mapToInt(c -> c.value() == null ? 0 : c.value().length()).sum();
    if (plain > MAX_PLAIN_TEXT) {
      throw Failure.invalid(
          "The credentials' plain values add up to "
              + plain
              + " characters; a setup holds at most "
              + MAX_PLAIN_TEXT
              + ". Shorten the longest, or keep them in the credentials Key Vault and pass"
              + " {\"key\": \"…\", \"secretName\": \"…\"} instead.");
    }
  }
}
