package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Seeds a sandbox tenant from a folder of JSON files ({@code applicationTemplates.json}: Graph
 * application templates; {@code tenant.json}: service principals whose jobs name a health scenario)
 * and generates a few days of provisioning events. The folder is {@code GRAPH_SANDBOX_SEED} when
 * set, else the default seed on the test classpath.
 */
final class Seed {
  static final String FOLDER_SETTING = "GRAPH_SANDBOX_SEED";

  private Seed() {}

  static SandboxTenant load(Supplier<Instant> clock) {
    String folder = System.getenv(FOLDER_SETTING);
    try {
      JsonNode templates = read(folder, "applicationTemplates.json");
      JsonNode tenantJson = read(folder, "tenant.json");
      SandboxTenant tenant =
          new SandboxTenant(tenantJson.path("tenantId").asText(), clock, 20261122L);
      Map<String, String> factoryTags = new java.util.HashMap<>();
      for (JsonNode t : templates) {
        ObjectNode template = (ObjectNode) t.deepCopy();
        JsonNode tag = template.remove("x-sandbox-factoryTag");
        if (tag != null) {
          factoryTags.put(template.path("id").asText(), tag.asText());
        }
        tenant.addApplicationTemplate(template);
      }
      tenant.factoryTags.putAll(factoryTags);
      int eventDays = tenantJson.path("eventDays").asInt(3);
      for (JsonNode spJson : tenantJson.path("servicePrincipals")) {
        seedServicePrincipal(tenant, spJson, eventDays);
      }
      return tenant;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Graph sandbox seed", e);
    }
  }

  private static JsonNode read(String folder, String file) throws IOException {
    if (folder != null && !folder.isBlank()) {
      return SandboxTenant.JSON.readTree(Files.readString(Path.of(folder, file)));
    }
    try (InputStream in = Seed.class.getResourceAsStream("/sandbox/seed/" + file)) {
      if (in == null) {
        throw new IOException("No /sandbox/seed/" + file + " on the classpath");
      }
      return SandboxTenant.JSON.readTree(in);
    }
  }

  private static void seedServicePrincipal(SandboxTenant tenant, JsonNode spJson, int eventDays) {
    String spId = spJson.path("id").asText();
    String templateId = spJson.path("applicationTemplateId").asText(null);
    ObjectNode sp =
        SandboxTenant.servicePrincipal(
            spId, spJson.path("appId").asText(), spJson.path("displayName").asText(), templateId);
    List<ObjectNode> syncTemplates = new ArrayList<>();
    // Apps outside the gallery seed (cross-tenant, API-driven, HR inbound) offer the template
    // their job was made from.
    String tag =
        templateId == null
            ? spJson.path("jobs").path(0).path("templateId").asText(null)
            : tenant.factoryTags.get(templateId);
    if (tag != null) {
      ObjectNode t = SandboxTenant.JSON.createObjectNode();
      t.put("id", tag);
      t.put("applicationId", spJson.path("appId").asText());
      t.put("default", true);
      t.put("description", spJson.path("displayName").asText() + " provisioning");
      t.put("discoverable", true);
      t.put("factoryTag", tag);
      t.set("metadata", SandboxTenant.JSON.createArrayNode());
      syncTemplates.add(t);
    }
    tenant.addServicePrincipal(sp, syncTemplates);
    for (JsonNode jobJson : spJson.path("jobs")) {
      ObjectNode job = tenant.newJob(jobJson.path("templateId").asText());
      if (jobJson.hasNonNull("id")) {
        job.put("id", jobJson.path("id").asText());
      }
      tenant.addJob(spId, job);
      String scenario = jobJson.path("scenario").asText("healthy");
      if (!scenario.equals("notConfigured")) {
        tenant.saveSecrets(
            spId,
            SandboxTenant.JSON
                .createObjectNode()
                .set(
                    "value",
                    SandboxTenant.JSON
                        .createArrayNode()
                        .add(pair("BaseAddress", "https://scim.example.com/v2"))
                        .add(pair("SecretToken", "seeded-token-" + spId.substring(0, 8)))));
      }
      apply(tenant, spId, job, scenario);
      tenant.scenarios.put(job.path("id").asText(), scenario);
      if (!scenario.equals("notConfigured") && !scenario.equals("notRun")) {
        history(tenant, spId, job, eventDays);
      }
    }
  }

  private static ObjectNode pair(String key, String value) {
    ObjectNode p = SandboxTenant.JSON.createObjectNode();
    p.put("key", key);
    p.put("value", value);
    return p;
  }

  /** Puts {@code job} into the named health scenario as of now. */
  static void apply(SandboxTenant tenant, String spId, ObjectNode job, String scenario) {
    Instant now = tenant.now();
    String jobId = job.path("id").asText();
    ObjectNode schedule = (ObjectNode) job.path("schedule");
    ObjectNode status = (ObjectNode) job.path("status");
    if (!scenario.equals("notConfigured")) {
      schedule.put("state", "Active");
      schedule.put("interval", "PT40M");
    }
    Instant lastEnd = now.minus(Duration.ofMinutes(12));
    ObjectNode success =
        tenant.execution(lastEnd.minus(Duration.ofMinutes(4)), lastEnd, "Succeeded", 0, null, null);
    if (!scenario.equals("notConfigured") && !scenario.equals("notRun")) {
      status.put("code", "Active");
      status.set("lastExecution", success);
      status.set("lastSuccessfulExecution", success.deepCopy());
      status.set("lastSuccessfulExecutionWithExports", success.deepCopy());
      status.put("steadyStateFirstAchievedTime", now.minus(Duration.ofDays(30)).toString());
      status.put("steadyStateLastAchievedTime", lastEnd.toString());
    }
    switch (scenario) {
      case "healthy", "notConfigured" -> {}
      case "notRun" -> status.put("code", "NotRun");
      case "quarantinedTooManyDeletes" -> tenant.quarantine(jobId, "TooManyDeletes");
      case "quarantinedCredentials" -> tenant.quarantine(jobId, "EncounteredQuarantineException");
      case "quarantinedEscrow" -> tenant.quarantine(jobId, "EncounteredEscrowProportionThreshold");
      case "quarantinedEscrowLong" -> {
        tenant.quarantine(jobId, "EncounteredEscrowProportionThreshold");
        ObjectNode q = (ObjectNode) status.path("quarantine");
        q.put("currentBegan", now.minus(Duration.ofHours(30)).toString());
        q.put("seriesBegan", now.minus(Duration.ofHours(30)).toString());
        q.put("seriesCount", 3);
      }
      case "failing" -> tenant.fail(jobId, 4);
      case "degraded", "degradedMany" -> {
        long escrowed = scenario.equals("degraded") ? 12 : 240;
        status.set(
            "lastExecution",
            tenant.execution(
                lastEnd.minus(Duration.ofMinutes(5)),
                lastEnd,
                "EntryLevelErrors",
                escrowed,
                "SystemForCrossDomainIdentityManagementBadResponse",
                escrowed + " users could not be provisioned; see the provisioning logs."));
      }
      case "stale" -> {
        Instant old = now.minus(Duration.ofHours(9));
        ObjectNode oldRun =
            tenant.execution(old.minus(Duration.ofMinutes(4)), old, "Succeeded", 0, null, null);
        status.set("lastExecution", oldRun);
        status.set("lastSuccessfulExecution", oldRun.deepCopy());
        status.set("lastSuccessfulExecutionWithExports", oldRun.deepCopy());
        status.put("steadyStateLastAchievedTime", old.toString());
      }
      case "paused" -> {
        schedule.put("state", "Paused");
        status.put("code", "Paused");
      }
      case "disabled" -> {
        schedule.put("state", "Disabled");
        schedule.put("interval", SandboxTenant.DISABLED_INTERVAL);
        status.put("code", "Paused");
      }
      default -> throw new IllegalArgumentException("Unknown seed scenario " + scenario);
    }
  }

  /** A cycle every two hours for {@code days}, ending at the job's last run. */
  private static void history(SandboxTenant tenant, String spId, ObjectNode job, int days) {
    Instant end = tenant.now().minus(Duration.ofMinutes(12));
    List<ObjectNode> events = new ArrayList<>();
    for (Instant cycle = end.minus(Duration.ofDays(days));
        !cycle.isAfter(end);
        cycle = cycle.plus(Duration.ofHours(2))) {
      String cycleId = tenant.uuid();
      for (int i = 0; i < 4; i++) {
        Instant at = cycle.plus(Duration.ofSeconds(20L * i));
        String status =
            (i == 3 && cycle.getEpochSecond() / 7200 % 3 == 0)
                ? "failure"
                : i == 2 ? "skipped" : "success";
        String action = i == 0 ? "create" : i == 1 ? "update" : i == 2 ? "disable" : "update";
        events.add(tenant.event(spId, job, at, action, status, null, cycleId));
      }
    }
    tenant.addEvents(events);
  }
}
