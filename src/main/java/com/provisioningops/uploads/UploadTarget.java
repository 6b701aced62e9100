package com.provisioningops.uploads;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.SynchronizationJob;

/**
 * Which jobs take HR records: API-driven inbound jobs that are running. Graph answers 202 to an
 * upload to a paused, quarantined or never-started job and then drops the records, so the app
 * refuses those before sending anything.
 */
final class UploadTarget {
  private UploadTarget() {}

  /**
   * Refuses a job whose uploads Graph would accept and then drop.
   *
   * @throws Failure.Conflict naming why and what to do
   */
  static void check(JobId job, SynchronizationJob j) {
    String template = j.templateId() == null ? "" : j.templateId();
    if (!template.startsWith("API2")) {
      throw refused(
          "not-api-driven",
          "This job does not take uploads",
          "Job "
              + job.value()
              + " uses template '"
              + template
              + "'; only API-driven inbound provisioning jobs (API2AAD, API2AD) take HR records.");
    }
    SynchronizationJob.StatusCode code =
        j.status() == null ? SynchronizationJob.StatusCode.NotRun : j.status().code();
    switch (code) {
      case Active -> {}
      case Paused ->
          throw refused(
              "job-paused",
              "The job is paused",
              "Microsoft Graph would accept these records and then drop them, because the job is"
                  + " paused. Start the job, then upload again.");
      case Quarantine ->
          throw refused(
              "job-quarantined",
              "The job is quarantined",
              "Microsoft Graph would accept these records but not process them while the job is"
                  + " quarantined. Fix the quarantine's cause (see the job's health), restart the"
                  + " job, then upload again.");
      default ->
          throw refused(
              "job-not-running",
              "The job is not running",
              "The job has not been started ("
                  + code
                  + "), so Microsoft Graph would not process these records. Start the job, then"
                  + " upload again.");
    }
  }

  private static Failure.Conflict refused(String code, String title, String detail) {
    return new Failure.Conflict(code, title, detail, null, false);
  }
}
