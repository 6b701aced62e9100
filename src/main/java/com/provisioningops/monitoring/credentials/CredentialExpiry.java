package com.provisioningops.monitoring.credentials;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.monitoring.jobs.JobRegistry;
import com.provisioningops.provisioning.CredentialReferences;
import com.provisioningops.provisioning.CredentialReferences.Reference;
import com.provisioningops.provisioning.CredentialVault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Warns before the credentials a job runs on expire: each secret given by Key Vault reference is
 * judged by the expiry of the version Graph holds a copy of (saved with it), a warning from {@code
 * CREDENTIAL_EXPIRY_WARNING} before, critical from three days before and once expired. The alert
 * names the job, the key and the secret (never its value) and how to rotate it; it resolves when
 * credentials with a later expiry are saved. A vault that cannot be read only loses the hint that a
 * newer version waits there: the dates judged are the app's own.
 */
public final class CredentialExpiry {
  /** From this close to expiry, a warning becomes critical. */
  static final Duration CRITICAL_BEFORE = Duration.ofDays(3);

  private final CredentialReferences references;
  private final CredentialVault vault;
  private final JobRegistry registry;
  private final AlertBook alerts;
  private final Duration warning;
  private final Clock clock;

  /**
   * @param warning how long before expiry the warning starts ({@code CREDENTIAL_EXPIRY_WARNING})
   */
  public CredentialExpiry(
      CredentialReferences references,
      CredentialVault vault,
      JobRegistry registry,
      AlertBook alerts,
      Duration warning,
      Clock clock) {
    this.references = references;
    this.vault = vault;
    this.registry = registry;
    this.alerts = alerts;
    this.warning = warning;
    this.clock = clock;
  }

  /** What one check did, for its summary line. */
  public record Summary(int references, int expiring, AlertBook.Changes alerts) {
    @Override
    public String toString() {
      return "credential references "
          + references
          + ", expiring or expired "
          + expiring
          + ", alerts opened "
          + alerts.opened()
          + " updated "
          + alerts.updated()
          + " resolved "
          + alerts.resolved();
    }
  }

  /**
   * Checks every reference of every registered job once.
   *
   * @throws Failure.Unavailable when the registry, the references or the alert store cannot be
   *     read; nothing is resolved then
   */
  public Summary run() {
    Instant now = clock.instant();
    List<Reference> all = references.all();
    Map<String, Instant> inVault = currentExpiries();
    Map<String, List<JobRecord>> jobsOf = new LinkedHashMap<>();
    Map<String, List<Sighting>> seen = new LinkedHashMap<>();
    for (JobRecord job : registry.all()) {
      jobsOf
          .computeIfAbsent(job.key().servicePrincipalId().value(), sp -> new ArrayList<>())
          .add(job);
      seen.put(job.key().jobId().value(), new ArrayList<>());
    }
    int expiring = 0;
    for (Reference r : all) {
      Alert.Severity severity = severity(r.expiresOn(), now);
      if (severity == null) {
        continue;
      }
      expiring++;
      for (JobRecord job : jobsOf.getOrDefault(r.servicePrincipalId(), List.of())) {
        seen.get(job.key().jobId().value()).add(sighting(job, r, severity, now, inVault));
      }
    }
    return new Summary(all.size(), expiring, alerts.reconcileAll(Alert.Source.app, seen));
  }

  private Map<String, Instant> currentExpiries() {
    try {
      return vault.currentExpiries();
    } catch (Failure unreadable) {
      return null;
    }
  }

  private Alert.Severity severity(Instant expiresOn, Instant now) {
    if (expiresOn == null) {
      return null;
    }
    Duration left = Duration.between(now, expiresOn);
    if (left.compareTo(CRITICAL_BEFORE) <= 0) {
      return Alert.Severity.critical;
    }
    return left.compareTo(warning) <= 0 ? Alert.Severity.warning : null;
  }

  private static Sighting sighting(
      JobRecord job,
      Reference r,
      Alert.Severity severity,
      Instant now,
      Map<String, Instant> vault) {
    String app = job.appDisplayName() == null ? job.key().jobId().value() : job.appDisplayName();
    LocalDate day = LocalDate.ofInstant(r.expiresOn(), ZoneOffset.UTC);
    boolean expired = !r.expiresOn().isAfter(now);
    String problem =
        "The "
            + r.key()
            + " that provisioning for "
            + app
            + " uses was copied to Microsoft Graph from Key Vault secret '"
            + r.secretName()
            + "' on "
            + LocalDate.ofInstant(r.savedAt(), ZoneOffset.UTC)
            + (expired ? "; it expired on " : "; it expires on ")
            + day
            + (expired
                ? ", and the target app will refuse every cycle until it is replaced."
                : ", and after that the target app will refuse every cycle.");
    Instant current = vault == null ? null : vault.get(r.secretName());
    if (current != null && !Objects.equals(current, r.expiresOn()) && current.isAfter(now)) {
      problem +=
          " The vault already holds a newer version (expires "
              + LocalDate.ofInstant(current, ZoneOffset.UTC)
              + "): it only needs saving.";
    }
    return Sighting.of(Alert.Source.app, "credentialExpiry", severity)
        .job(
            job.key().jobId().value(), job.key().servicePrincipalId().value(), job.appDisplayName())
        .reason(r.key() + "/" + r.secretName())
        .title("The " + r.key() + " of " + app + (expired ? " has expired" : " expires on " + day))
        .problem(problem, CredentialReferences.rotationSteps(r.secretName()))
        .tenantActionable(true)
        .build();
  }
}
