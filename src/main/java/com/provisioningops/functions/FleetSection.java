package com.provisioningops.functions;

import static com.provisioningops.functions.StatusHtml.escape;

import com.provisioningops.monitoring.FleetView;
import com.provisioningops.provisioning.JobHealth;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The status page's fleet: jobs by health, then the jobs that need attention (worst first), each
 * linked to its job view and to its provisioning page in the Entra admin center, with the day
 * Microsoft turns a quarantined job off.
 */
final class FleetSection {
  // The blade takes the service principal's object id; the page has no appId to add.
  private static final String ENTRA =
      "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Provisioning/objectId/";

  private final PageContext page;

  FleetSection(PageContext page) {
    this.page = page;
  }

  void render(StringBuilder html, FleetView.Fleet f) {
    html.append("<p id=\"fleet-jobs\">").append(f.jobs()).append(" jobs</p>");
    html.append("<table id=\"fleet\"><tr><th>health</th><th>jobs</th></tr>");
    for (FleetView.Count c : f.byState()) {
      html.append("<tr><td>")
          .append(escape(c.name()))
          .append("</td><td>")
          .append(c.count())
          .append("</td></tr>");
    }
    html.append("</table>");
    List<FleetView.FleetJob> attention =
        f.value().stream()
            .filter(
                j ->
                    j.stale()
                        || (j.health() != null && j.health().severity() != JobHealth.Severity.none))
            .toList();
    if (attention.isEmpty()) {
      html.append("<p id=\"attention-none\">No job needs attention.</p>");
      return;
    }
    html.append("<h3>Jobs that need attention</h3><table id=\"attention\"><tr><th>app</th>")
        .append("<th>health</th><th>why</th><th>turned off</th><th>last success</th>")
        .append("<th>links</th></tr>");
    for (FleetView.FleetJob j : attention) {
      JobHealth h = j.health();
      String app = j.appDisplayName() == null ? j.jobId() : j.appDisplayName();
      html.append("<tr><td><a class=\"job\" href=\"")
          .append(escape(page.jobLink(j.servicePrincipalId(), j.jobId())))
          .append("\">")
          .append(escape(app))
          .append("</a><br><span class=\"small\">")
          .append(escape(j.jobId()))
          .append("</span></td><td class=\"")
          .append(h == null ? "" : h.severity().name())
          .append("\">")
          .append(h == null ? "unknown" : h.state().name())
          .append(j.stale() ? " (not read at the last poll)" : "")
          .append("</td><td>")
          .append(
              page.withTimes(
                  escape(h == null || h.reasons().isEmpty() ? "" : clip(h.reasons().get(0)))))
          .append("</td><td class=\"countdown\">")
          .append(h == null ? "" : countdown(h))
          .append("</td><td>")
          .append(
              h == null || h.lastSuccessfulRunAt() == null
                  ? "never"
                  : page.ago(h.lastSuccessfulRunAt()))
          .append("</td><td><a href=\"")
          .append(escape(page.jobLink(j.servicePrincipalId(), j.jobId())))
          .append("\">job view</a> &middot; <a class=\"entra\" href=\"")
          .append(ENTRA)
          .append(escape(j.servicePrincipalId()))
          .append("\">Entra admin center</a></td></tr>");
    }
    html.append("</table>");
    if (f.jobs() > f.value().size()) {
      html.append("<p class=\"small\">The ")
          .append(f.value().size())
          .append(" worst jobs are listed; GET /api/jobs lists them all.</p>");
    }
  }

  /** "in 5 days (2026-12-07)" for a quarantine, "on 2026-11-30" for a job already turned off. */
  private String countdown(JobHealth h) {
    if (h.disablesAt() == null) {
      return "";
    }
    LocalDate day = LocalDate.ofInstant(h.disablesAt(), ZoneOffset.UTC);
    if (h.state() == JobHealth.HealthState.disabled) {
      return "on " + day;
    }
    if (!h.disablesAt().isAfter(page.now())) {
      return "due " + day;
    }
    long days = Duration.between(page.now(), h.disablesAt()).toDays();
    return (days < 1 ? "within a day" : "in " + days + (days == 1 ? " day" : " days"))
        + " ("
        + day
        + ")";
  }

  private static String clip(String text) {
    return text.length() <= 200 ? text : text.substring(0, 199) + "…";
  }
}
