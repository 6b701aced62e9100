package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The fake tenant behind the Graph sandbox: application templates, service principals with their
 * applications, synchronization templates, jobs, saved secrets and provisioning events, all kept as
 * Graph v1.0 JSON. Every method is synchronized: the tenant is small and correctness matters more
 * than contention.
 */
public final class SandboxTenant {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String NEVER = "0001-01-01T00:00:00Z";
  static final String DISABLED_INTERVAL = "P10675199DT2H48M5.4775807S";
  static final String TROUBLESHOOTING = "https://go.microsoft.com/fwlink/?linkid=2136573";
  static final Set<String> SECRET_KEYS =
      Set.of(
          "None",
          "UserName",
          "Password",
          "SecretToken",
          "AppKey",
          "BaseAddress",
          "ClientIdentifier",
          "ClientSecret",
          "SingleSignOnType",
          "Sandbox",
          "Url",
          "Domain",
          "ConsumerKey",
          "ConsumerSecret",
          "TokenKey",
          "TokenExpiration",
          "Oauth2AccessToken",
          "Oauth2AccessTokenCreationTime",
          "Oauth2RefreshToken",
          "SyncAll",
          "InstanceName",
          "Oauth2ClientId",
          "Oauth2ClientSecret",
          "CompanyId",
          "UpdateKeyOnSoftDelete",
          "SynchronizationSchedule",
          "SystemOfRecord",
          "SandboxName",
          "EnforceDomain",
          "SyncNotificationSettings",
          "SkipOutOfScopeDeletions",
          "Oauth2AuthorizationCode",
          "Oauth2RedirectUri",
          "ApplicationTemplateIdentifier",
          "Oauth2TokenExchangeUri",
          "Oauth2AuthorizationUri",
          "AuthenticationType",
          "Server",
          "PerformInboundEntitlementGrants",
          "HardDeletesEnabled",
          "SyncAgentCompatibilityKey",
          "SyncAgentADContainer",
          "ValidateDomain",
          "TestReferences",
          "ConnectionString");
  private static final List<String> RESTART_SCOPES =
      List.of(
          "None",
          "ConnectorDataStore",
          "Escrows",
          "Watermark",
          "QuarantineState",
          "Full",
          "ForceDeletes");

  final String tenantId;
  private final Supplier<Instant> clock;
  private final Random random;
  private Duration replicationDelay = Duration.ZERO;
  private Duration queryLag = Duration.ZERO;

  final Map<String, ObjectNode> applicationTemplates = new LinkedHashMap<>();
  final Map<String, String> factoryTags = new LinkedHashMap<>();
  final Map<String, ObjectNode> servicePrincipals = new LinkedHashMap<>();
  final Map<String, ObjectNode> applications = new LinkedHashMap<>();
  final Map<String, Instant> readableAfter = new LinkedHashMap<>();

  /** When an object made by {@code instantiate} first shows in list queries ($filter). */
  final Map<String, Instant> listedAfter = new LinkedHashMap<>();

  final Map<String, List<ObjectNode>> syncTemplates = new LinkedHashMap<>();
  final Map<String, Map<String, ObjectNode>> jobs = new LinkedHashMap<>();
  final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
  final List<ObjectNode> events = new ArrayList<>();

  /** Counts changes to {@link #events}, so the audit endpoint can reuse a sorted, filtered list. */
  private long eventsVersion;

  private List<JsonNode> sortedEvents;
  private long[] sortedMillis;

  /** The seed scenario each seeded job started in; sandbox metadata Graph never shows. */
  final Map<String, String> scenarios = new LinkedHashMap<>();

  SandboxTenant(String tenantId, Supplier<Instant> clock, long seed) {
    this.tenantId = tenantId;
    this.clock = clock;
    this.random = new Random(seed);
  }

  Instant now() {
    return clock.get().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The tenant as JSON: what a local run writes on stop and reads on start, so the tenant lasts as
   * long as the storage that remembers it (both under {@code target/}).
   */
  public synchronized ObjectNode snapshot() {
    ObjectNode out = JSON.createObjectNode();
    out.put("tenantId", tenantId);
    out.set("applicationTemplates", JSON.valueToTree(applicationTemplates));
    out.set("factoryTags", JSON.valueToTree(factoryTags));
    out.set("servicePrincipals", JSON.valueToTree(servicePrincipals));
    out.set("applications", JSON.valueToTree(applications));
    out.set("syncTemplates", JSON.valueToTree(syncTemplates));
    out.set("jobs", JSON.valueToTree(jobs));
    out.set("secrets", JSON.valueToTree(secrets));
    out.set("events", JSON.valueToTree(events));
    out.set("scenarios", JSON.valueToTree(scenarios));
    return out;
  }

  /** A tenant as {@link #snapshot} wrote it. */
  static SandboxTenant restore(JsonNode snapshot, Supplier<Instant> clock) {
    // A seed of its own: the seed's sequence made the saved objects' ids, and repeating it would
    // give new objects the same ids.
    SandboxTenant t =
        new SandboxTenant(snapshot.path("tenantId").asText(), clock, System.nanoTime());
    snapshot
        .path("applicationTemplates")
        .fields()
        .forEachRemaining(e -> t.applicationTemplates.put(e.getKey(), (ObjectNode) e.getValue()));
    snapshot
        .path("factoryTags")
        .fields()
        .forEachRemaining(e -> t.factoryTags.put(e.getKey(), e.getValue().asText()));
    snapshot
        .path("servicePrincipals")
        .fields()
        .forEachRemaining(e -> t.servicePrincipals.put(e.getKey(), (ObjectNode) e.getValue()));
    snapshot
        .path("applications")
        .fields()
        .forEachRemaining(e -> t.applications.put(e.getKey(), (ObjectNode) e.getValue()));
    snapshot
        .path("syncTemplates")
        .fields()
        .forEachRemaining(
            e -> {
              List<ObjectNode> list = new ArrayList<>();
              e.getValue().forEach(n -> list.add((ObjectNode) n));
              t.syncTemplates.put(e.getKey(), list);
            });
    snapshot
        .path("jobs")
        .fields()
        .forEachRemaining(
            e -> {
              Map<String, ObjectNode> byId = new LinkedHashMap<>();
              e.getValue()
                  .fields()
                  .forEachRemaining(j -> byId.put(j.getKey(), (ObjectNode) j.getValue()));
              t.jobs.put(e.getKey(), byId);
            });
    snapshot
        .path("secrets")
        .fields()
        .forEachRemaining(
            e -> {
              Map<String, String> values = new LinkedHashMap<>();
              e.getValue()
                  .fields()
                  .forEachRemaining(v -> values.put(v.getKey(), v.getValue().asText()));
              t.secrets.put(e.getKey(), values);
            });
    snapshot.path("events").forEach(n -> t.events.add((ObjectNode) n));
    t.eventsVersion++;
    snapshot
        .path("scenarios")
        .fields()
        .forEachRemaining(e -> t.scenarios.put(e.getKey(), e.getValue().asText()));
    return t;
  }

  /** How long a service principal created by {@code instantiate} stays unreadable. */
  public synchronized void setReplicationDelay(Duration delay) {
    this.replicationDelay = delay;
  }

  /**
   * How long an application or service principal created by {@code instantiate} is missing from
   * list queries ({@code GET /applications?$filter=…}), as Graph's eventually consistent queries
   * lag its writes.
   */
  public synchronized void setQueryLag(Duration lag) {
    this.queryLag = lag;
  }

  private boolean listed(String id, Instant now) {
    return !listedAfter.getOrDefault(id, Instant.MIN).isAfter(now);
  }

  // ---- application templates

  synchronized void addApplicationTemplate(ObjectNode template) {
    applicationTemplates.put(template.path("id").asText(), template);
  }

  synchronized List<JsonNode> listApplicationTemplates() {
    return new ArrayList<>(applicationTemplates.values());
  }

  synchronized ObjectNode applicationTemplate(String id) {
    ObjectNode t = applicationTemplates.get(id);
    if (t == null) {
      throw GraphError.notFound(id);
    }
    return t;
  }

  /**
   * {@code POST /applicationTemplates/{id}/instantiate}: a new application and service principal.
   */
  public synchronized ObjectNode instantiate(String templateId, String displayName) {
    ObjectNode template = applicationTemplate(templateId);
    if (displayName == null || displayName.isBlank()) {
      throw GraphError.badRequest("The displayName parameter is required.");
    }
    String appId = uuid();
    ObjectNode app = JSON.createObjectNode();
    app.put("id", uuid());
    app.putNull("deletedDateTime");
    app.put("appId", appId);
    app.put("applicationTemplateId", templateId);
    app.put("createdDateTime", now().toString());
    app.put("displayName", displayName);
    app.put("signInAudience", "AzureADMyOrg");
    app.set("identifierUris", JSON.createArrayNode());
    app.set("tags", JSON.createArrayNode());
    ObjectNode sp = servicePrincipal(uuid(), appId, displayName, templateId);
    applications.put(app.path("id").asText(), app);
    servicePrincipals.put(sp.path("id").asText(), sp);
    readableAfter.put(sp.path("id").asText(), now().plus(replicationDelay));
    listedAfter.put(app.path("id").asText(), now().plus(queryLag));
    listedAfter.put(sp.path("id").asText(), now().plus(queryLag));
    syncTemplates.put(sp.path("id").asText(), defaultSyncTemplates(appId, template));
    ObjectNode result = JSON.createObjectNode();
    result.set("application", app);
    result.set("servicePrincipal", sp);
    return result;
  }

  static ObjectNode servicePrincipal(String id, String appId, String name, String templateId) {
    ObjectNode sp = JSON.createObjectNode();
    sp.put("id", id);
    sp.putNull("deletedDateTime");
    sp.put("accountEnabled", true);
    sp.put("appDisplayName", name);
    sp.put("appId", appId);
    if (templateId == null) {
      sp.putNull("applicationTemplateId");
    } else {
      sp.put("applicationTemplateId", templateId);
    }
    sp.put("appRoleAssignmentRequired", true);
    sp.put("displayName", name);
    sp.put("servicePrincipalType", "Application");
    sp.put("signInAudience", "AzureADMyOrg");
    ArrayNode tags = sp.putArray("tags");
    tags.add("WindowsAzureActiveDirectoryIntegratedApp");
    tags.add("WindowsAzureActiveDirectoryCustomSingleSignOnApplication");
    sp.set("servicePrincipalNames", JSON.createArrayNode().add(appId));
    return sp;
  }

  private List<ObjectNode> defaultSyncTemplates(String appId, ObjectNode template) {
    List<ObjectNode> list = new ArrayList<>();
    JsonNode types = template.path("supportedProvisioningTypes");
    boolean sync = false;
    for (JsonNode t : types) {
      sync |= t.asText().equals("sync");
    }
    if (!sync) {
      return list;
    }
    ObjectNode scim = JSON.createObjectNode();
    String factoryTag = factoryTags.getOrDefault(template.path("id").asText(), "scim");
    scim.put("id", factoryTag);
    scim.put("applicationId", appId);
    scim.put("default", true);
    scim.put("description", template.path("displayName").asText() + " provisioning");
    scim.put("discoverable", true);
    scim.put("factoryTag", factoryTag);
    scim.set("metadata", JSON.createArrayNode());
    list.add(scim);
    return list;
  }

  // ---- service principals

  synchronized void addServicePrincipal(ObjectNode sp, List<ObjectNode> templates) {
    String id = sp.path("id").asText();
    servicePrincipals.put(id, sp);
    syncTemplates.put(id, new ArrayList<>(templates));
  }

  /** {@code GET /applications}: applications are readable at once, unlike their principals. */
  synchronized List<JsonNode> listApplications() {
    Instant now = now();
    return applications.values().stream()
        .filter(a -> listed(a.path("id").asText(), now))
        .map(a -> (JsonNode) a)
        .toList();
  }

  /** The applications with this display name, for tests that count what a setup added. */
  public synchronized List<JsonNode> applicationsNamed(String displayName) {
    return applications.values().stream()
        .filter(a -> a.path("displayName").asText().equals(displayName))
        .map(a -> (JsonNode) a)
        .toList();
  }

  synchronized List<JsonNode> listServicePrincipals() {
    Instant now = now();
    List<JsonNode> visible = new ArrayList<>();
    servicePrincipals.forEach(
        (id, sp) -> {
          if (!readableAfter.getOrDefault(id, Instant.MIN).isAfter(now) && listed(id, now)) {
            visible.add(sp);
          }
        });
    return visible;
  }

  synchronized ObjectNode servicePrincipal(String id) {
    ObjectNode sp = servicePrincipals.get(id);
    if (sp == null || readableAfter.getOrDefault(id, Instant.MIN).isAfter(now())) {
      throw GraphError.notFound(id);
    }
    return sp;
  }

  synchronized List<JsonNode> syncTemplates(String spId) {
    servicePrincipal(spId);
    return new ArrayList<>(syncTemplates.getOrDefault(spId, List.of()));
  }

  // ---- jobs

  synchronized List<JsonNode> listJobs(String spId) {
    servicePrincipal(spId);
    return new ArrayList<>(jobs.getOrDefault(spId, Map.of()).values());
  }

  synchronized ObjectNode job(String spId, String jobId) {
    servicePrincipal(spId);
    ObjectNode job = jobs.getOrDefault(spId, Map.of()).get(jobId);
    if (job == null) {
      throw new GraphError(
          404, "NotFound", "The synchronization job '" + jobId + "' was not found.");
    }
    return job;
  }

  /** {@code POST …/synchronization/jobs}: a new, disabled job from a synchronization template. */
  synchronized ObjectNode createJob(String spId, String templateId) {
    servicePrincipal(spId);
    if (templateId == null || templateId.isBlank()) {
      throw GraphError.badRequest("The templateId property is required.");
    }
    boolean known =
        syncTemplates.getOrDefault(spId, List.of()).stream()
            .anyMatch(t -> t.path("id").asText().equals(templateId));
    if (!known) {
      throw GraphError.badRequest(
          "The synchronization template '" + templateId + "' is not available for this app.");
    }
    ObjectNode job = newJob(templateId);
    jobs.computeIfAbsent(spId, k -> new LinkedHashMap<>()).put(job.path("id").asText(), job);
    return job;
  }

  /** A new job as {@code POST …/synchronization/jobs} creates it, not yet added anywhere. */
  public synchronized ObjectNode newJob(String templateId) {
    ObjectNode job = JSON.createObjectNode();
    job.put("id", templateId + "." + tenantId.replace("-", "") + "." + uuid());
    job.put("templateId", templateId);
    ObjectNode schedule = job.putObject("schedule");
    schedule.putNull("expiration");
    schedule.put("interval", DISABLED_INTERVAL);
    schedule.put("state", "Disabled");
    ObjectNode status = job.putObject("status");
    status.put("code", "NotConfigured");
    status.put("countSuccessiveCompleteFailures", 0);
    status.put("escrowsPruned", false);
    status.putNull("lastExecution");
    status.putNull("lastSuccessfulExecution");
    status.putNull("lastSuccessfulExecutionWithExports");
    status.set("progress", JSON.createArrayNode());
    status.putNull("quarantine");
    status.put("steadyStateFirstAchievedTime", NEVER);
    status.put("steadyStateLastAchievedTime", NEVER);
    status.set("synchronizedEntryCountByType", JSON.createArrayNode());
    status.putNull("troubleshootingUrl");
    job.set("synchronizationJobSettings", JSON.createArrayNode());
    return job;
  }

  /**
   * Adds a running API-driven inbound provisioning job ({@code API2AAD}) to {@code spId}: the kind
   * of job {@code bulkUpload} feeds.
   */
  public synchronized String addInboundJob(String spId) {
    ObjectNode job = newJob("API2AAD");
    ((ObjectNode) job.path("schedule")).put("state", "Active").put("interval", "PT40M");
    ((ObjectNode) job.path("status")).put("code", "Active");
    addJob(spId, job);
    return job.path("id").asText();
  }

  /** Adds a job as it is to a service principal (tests that need many jobs). */
  public synchronized void addJob(String spId, ObjectNode job) {
    jobs.computeIfAbsent(spId, k -> new LinkedHashMap<>()).put(job.path("id").asText(), job);
  }

  synchronized void deleteJob(String spId, String jobId) {
    job(spId, jobId);
    jobs.get(spId).remove(jobId);
  }

  synchronized void start(String spId, String jobId) {
    ObjectNode job = job(spId, jobId);
    ObjectNode schedule = (ObjectNode) job.path("schedule");
    schedule.put("state", "Active");
    schedule.put("interval", "PT40M");
    ObjectNode status = (ObjectNode) job.path("status");
    String code = status.path("code").asText();
    if (code.equals("NotConfigured") || code.equals("Paused")) {
      status.put("code", code.equals("Paused") ? "Active" : "NotRun");
    }
  }

  synchronized void pause(String spId, String jobId) {
    ObjectNode job = job(spId, jobId);
    ((ObjectNode) job.path("schedule")).put("state", "Paused");
    ((ObjectNode) job.path("status")).put("code", "Paused");
  }

  /** {@code restart} with a {@code resetScope} flags string such as "Watermark, Escrows". */
  public synchronized void restart(String spId, String jobId, String resetScope) {
    ObjectNode job = job(spId, jobId);
    List<String> scopes = new ArrayList<>();
    if (resetScope != null && !resetScope.isBlank()) {
      for (String s : resetScope.split("\\s*,\\s*")) {
        String match =
            RESTART_SCOPES.stream().filter(r -> r.equalsIgnoreCase(s)).findFirst().orElse(null);
        if (match == null) {
          throw GraphError.badRequest(
              "Requested value '" + s + "' was not found in synchronizationJobRestartScope.");
        }
        scopes.add(match);
      }
    }
    ObjectNode status = (ObjectNode) job.path("status");
    if (scopes.contains("QuarantineState") || scopes.contains("Full")) {
      status.putNull("quarantine");
      status.put("countSuccessiveCompleteFailures", 0);
    }
    if (scopes.contains("Escrows") || scopes.contains("Full")) {
      status.put("escrowsPruned", true);
    }
    ((ObjectNode) job.path("schedule")).put("state", "Active");
    ((ObjectNode) job.path("schedule")).put("interval", "PT40M");
    status.put("code", "Active");
  }

  private volatile boolean echoSecrets;

  /**
   * Makes the tenant quote submitted credential values in its error messages, as some target apps
   * do, so tests can check that the app never passes them on.
   */
  public void setEchoSecrets(boolean on) {
    this.echoSecrets = on;
  }

  /** {@code validateCredentials}: an "invalid" value or a missing BaseAddress fails. */
  synchronized void validateCredentials(String spId, String jobId, JsonNode body) {
    job(spId, jobId);
    Map<String, String> creds = new LinkedHashMap<>();
    if (body.path("useSavedCredentials").asBoolean(false)) {
      creds.putAll(secrets.getOrDefault(spId, Map.of()));
    }
    for (JsonNode c : body.path("credentials")) {
      creds.put(keyName(c.path("key").asText()), c.path("value").asText(""));
    }
    if (!creds.containsKey("BaseAddress") || creds.get("BaseAddress").isBlank()) {
      throw new GraphError(
          400,
          "CredentialValidationUnavailable",
          "Credentials could not be validated: BaseAddress (Tenant URL) is required.");
    }
    boolean refused =
        creds.values().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("invalid"));
    if (refused) {
      throw new GraphError(
          400,
          "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
          "We were unable to validate the credentials: the target app answered 401 Unauthorized."
              + (echoSecrets ? " Credentials sent: " + creds : ""));
    }
  }

  /** {@code PUT …/synchronization/secrets}. */
  synchronized void saveSecrets(String spId, JsonNode body) {
    servicePrincipal(spId);
    JsonNode value = body.path("value");
    if (!value.isArray()) {
      throw GraphError.badRequest("The value property must be an array of key/value pairs.");
    }
    if (echoSecrets) {
      for (JsonNode pair : value) {
        if (pair.path("value").asText("").contains("reject")) {
          throw GraphError.badRequest(
              "The target app rejected the value '" + pair.path("value").asText() + "'.");
        }
      }
    }
    Map<String, String> saved = secrets.computeIfAbsent(spId, k -> new LinkedHashMap<>());
    for (JsonNode pair : value) {
      saved.put(keyName(pair.path("key").asText()), pair.path("value").asText(""));
    }
  }

  static String keyName(String key) {
    return SECRET_KEYS.stream()
        .filter(k -> k.equalsIgnoreCase(key))
        .findFirst()
        .orElseThrow(
            () ->
                GraphError.badRequest(
                    "Requested value '" + key + "' was not found in synchronizationSecret."));
  }

  /** Saved secrets of a service principal (sandbox inspection only; Graph never returns them). */
  public synchronized Map<String, String> savedSecrets(String spId) {
    return Map.copyOf(secrets.getOrDefault(spId, Map.of()));
  }

  /** {@code provisionOnDemand}: provisions one subject now and logs the event. */
  synchronized ObjectNode provisionOnDemand(String spId, String jobId, JsonNode body) {
    ObjectNode job = job(spId, jobId);
    JsonNode subject = body.path("parameters").path(0).path("subjects").path(0);
    if (subject.path("objectId").asText("").isBlank()) {
      throw GraphError.badRequest("parameters[0].subjects[0].objectId is required.");
    }
    ObjectNode event =
        event(spId, job, now(), "create", "success", subject.path("objectId").asText(), null);
    events.add(event);
    eventsVersion++;
    ObjectNode result = JSON.createObjectNode();
    result.put("key", "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo");
    result.put(
        "value",
        "[{\"provisioningSteps\":[],\"provisioningStatusInfo\":{\"status\":\"success\"}}]");
    return result;
  }

  /** The SCIM bulk request schema Graph's {@code bulkUpload} requires. */
  static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

  /** Graph's documented maximum of operations in one {@code bulkUpload} request. */
  static final int MAX_BULK_OPERATIONS = 50;

  private record PendingUpload(String spId, String jobId, Instant dueAt, List<JsonNode> records) {}

  private final List<PendingUpload> pendingUploads = new ArrayList<>();
  private Duration bulkUploadDelay = Duration.ofSeconds(30);

  /**
   * {@code bulkUpload}: accepts a SCIM bulk request of 1 to 50 operations (Graph answers 202). Each
   * record reaches the provisioning logs {@link #bulkUploadDelay} later, but only when the job is
   * running then: a paused or quarantined job's upload is accepted and silently dropped, as Graph's
   * API-driven provisioning does.
   */
  synchronized void bulkUpload(String spId, String jobId, JsonNode request) {
    job(spId, jobId);
    boolean bulkRequest = false;
    for (JsonNode schema : request.path("schemas")) {
      bulkRequest |= BULK_REQUEST.equals(schema.asText());
    }
    JsonNode operations = request.path("Operations");
    if (!bulkRequest || !operations.isArray() || operations.isEmpty()) {
      throw GraphError.badRequest(
          "Invalid Data Format: a bulk request names the schema "
              + BULK_REQUEST
              + " and has at least one entry in Operations.");
    }
    if (operations.size() > MAX_BULK_OPERATIONS) {
      throw GraphError.badRequest(
          "The bulk request has "
              + operations.size()
              + " operations; at most "
              + MAX_BULK_OPERATIONS
              + " are allowed.");
    }
    List<JsonNode> records = new ArrayList<>();
    for (JsonNode op : operations) {
      if (!op.path("method").asText().equals("POST") || !op.path("data").isObject()) {
        throw GraphError.badRequest("Each operation is a POST with data.");
      }
      records.add(op.path("data").deepCopy());
    }
    pendingUploads.add(new PendingUpload(spId, jobId, now().plus(bulkUploadDelay), records));
  }

  /** How long an accepted upload waits before its records reach the provisioning logs. */
  public synchronized void bulkUploadDelay(Duration delay) {
    bulkUploadDelay = delay;
  }

  /** Logs the uploads whose time has come, one event per record, for jobs running now. */
  private void processDueUploads() {
    Instant now = now();
    boolean added = false;
    for (var it = pendingUploads.iterator(); it.hasNext(); ) {
      PendingUpload u = it.next();
      if (u.dueAt().isAfter(now)) {
        continue;
      }
      it.remove();
      ObjectNode job = jobs.getOrDefault(u.spId(), Map.of()).get(u.jobId());
      if (job == null || !job.path("status").path("code").asText().equals("Active")) {
        continue;
      }
      for (JsonNode record : u.records()) {
        // API-driven provisioning names a record by its externalId; one without a userName cannot
        // become an Entra ID user and fails, as a record missing a mapped required attribute does.
        String externalId = record.path("externalId").asText(null);
        String status = record.hasNonNull("userName") ? "success" : "failure";
        events.add(event(u.spId(), job, u.dueAt(), "create", status, externalId, null));
        added = true;
      }
    }
    if (added) {
      eventsVersion++;
      sortedEvents = null;
    }
  }

  // ---- simulation controls

  /** Quarantines a job for {@code reason} (a {@code quarantineReason} member). */
  public synchronized void quarantine(String jobId, String reason) {
    quarantine(jobId, reason, Duration.ZERO);
  }

  /**
   * Quarantines a job for {@code reason}, in a series that began {@code age} ago and was last
   * re-evaluated now.
   */
  public synchronized void quarantine(String jobId, String reason, Duration age) {
    ObjectNode status = (ObjectNode) findJob(jobId).path("status");
    Instant now = now();
    status.put("code", "Quarantine");
    ObjectNode q = status.putObject("quarantine");
    q.put("currentBegan", now.toString());
    q.put("nextAttempt", now.plus(Duration.ofHours(12)).toString());
    q.put("reason", reason);
    q.put("seriesBegan", now.minus(age).toString());
    q.put("seriesCount", 1 + age.toDays());
    ObjectNode error = q.putObject("error");
    error.put("code", quarantineErrorCode(reason));
    error.put("message", quarantineMessage(reason));
    error.put("tenantActionable", true);
    status.put("troubleshootingUrl", TROUBLESHOOTING);
  }

  /** Makes a job's next cycles fail completely. */
  public synchronized void fail(String jobId, int successiveFailures) {
    ObjectNode status = (ObjectNode) findJob(jobId).path("status");
    Instant now = now();
    status.put("code", "Active");
    status.put("countSuccessiveCompleteFailures", successiveFailures);
    status.set(
        "lastExecution",
        execution(
            now.minus(Duration.ofMinutes(3)),
            now,
            "Failed",
            0,
            "SystemForCrossDomainIdentityManagementServiceIncompatible",
            "The SCIM endpoint answered 500 Internal Server Error to every request."));
  }

  /**
   * Turns a job off as Microsoft does four weeks into a quarantine: its schedule Disabled, and no
   * quarantine reported any more (the harder case for a monitor: the cause is gone from Graph).
   */
  public synchronized void disable(String jobId) {
    ObjectNode job = findJob(jobId);
    ((ObjectNode) job.path("schedule")).put("state", "Disabled");
    ((ObjectNode) job.path("schedule")).put("interval", DISABLED_INTERVAL);
    ObjectNode status = (ObjectNode) job.path("status");
    status.put("code", "Paused");
    status.remove("quarantine");
  }

  /** Pauses a job as an admin would. */
  public synchronized void pause(String jobId) {
    ObjectNode job = findJob(jobId);
    ((ObjectNode) job.path("schedule")).put("state", "Paused");
    ((ObjectNode) job.path("status")).put("code", "Paused");
  }

  /** Deletes a job wherever it is. */
  public synchronized void delete(String jobId) {
    jobs.values().forEach(m -> m.remove(jobId));
  }

  /** The service principal a job belongs to. */
  public synchronized String servicePrincipalOf(String jobId) {
    for (var entry : jobs.entrySet()) {
      if (entry.getValue().containsKey(jobId)) {
        return entry.getKey();
      }
    }
    throw new IllegalArgumentException("No job " + jobId);
  }

  /** The seeded job that started in {@code scenario} (such as "quarantinedTooManyDeletes"). */
  public synchronized String jobInScenario(String scenario) {
    return scenarios.entrySet().stream()
        .filter(e -> e.getValue().equals(scenario))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No seeded job in scenario " + scenario));
  }

  /** The first seeded job made from {@code templateId} (such as "Azure2Azure"). */
  public synchronized String jobOfTemplate(String templateId) {
    return jobIds().stream()
        .filter(id -> findJob(id).path("templateId").asText().equals(templateId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No job from template " + templateId));
  }

  /** Every gallery template id, in seed order. */
  public synchronized List<String> applicationTemplateIds() {
    return new ArrayList<>(applicationTemplates.keySet());
  }

  /** Every job id, in seed order. */
  public synchronized List<String> jobIds() {
    List<String> ids = new ArrayList<>();
    jobs.values().forEach(m -> ids.addAll(m.keySet()));
    return ids;
  }

  /** A copy of a job's JSON as Graph would return it. */
  public synchronized JsonNode jobJson(String jobId) {
    return findJob(jobId).deepCopy();
  }

  private ObjectNode findJob(String jobId) {
    return jobs.values().stream()
        .map(m -> m.get(jobId))
        .filter(j -> j != null)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No job " + jobId));
  }

  /**
   * Runs one provisioning cycle for every started job that is not quarantined: each emits events,
   * and a job without saved credentials is quarantined as Graph would.
   */
  public synchronized int runCycle() {
    return runCycle(null);
  }

  /**
   * Records a cycle of one job as if it had begun at {@code began} (minutes of cycles in a test
   * that cannot wait for them): its events and its status, as a cycle ending then would leave.
   */
  public synchronized void cycleBeganAt(String jobId, Instant began) {
    ObjectNode job = findJob(jobId);
    cycle(servicePrincipalOf(jobId), job, began.plus(Duration.ofMinutes(4)));
  }

  /** Runs one provisioning cycle for one job only (tests that must not disturb the others). */
  public synchronized int runCycle(String onlyJobId) {
    Instant now = now();
    int emitted = 0;
    for (var sp : jobs.entrySet()) {
      for (ObjectNode job : sp.getValue().values()) {
        if (onlyJobId != null && !onlyJobId.equals(job.path("id").asText())) {
          continue;
        }
        String schedule = job.path("schedule").path("state").asText();
        String code = job.path("status").path("code").asText();
        if (!schedule.equals("Active") || code.equals("Quarantine") || code.equals("Paused")) {
          continue;
        }
        if (!secrets.containsKey(sp.getKey())) {
          quarantine(job.path("id").asText(), "EncounteredQuarantineException");
          continue;
        }
        emitted += cycle(sp.getKey(), job, now);
      }
    }
    return emitted;
  }

  private int cycle(String spId, ObjectNode job, Instant now) {
    int count = 3 + random.nextInt(6);
    int failures = 0;
    Instant began = now.minus(Duration.ofSeconds(30L * count));
    for (int i = 0; i < count; i++) {
      Instant at = began.plus(Duration.ofSeconds(30L * i));
      double roll = random.nextDouble();
      String status = roll < 0.8 ? "success" : roll < 0.9 ? "skipped" : "failure";
      failures += status.equals("failure") ? 1 : 0;
      String action =
          List.of("create", "update", "update", "disable", "delete").get(random.nextInt(5));
      events.add(event(spId, job, at, action, status, null, null));
      eventsVersion++;
    }
    ObjectNode status = (ObjectNode) job.path("status");
    ObjectNode run =
        execution(
            began, now, failures > 0 ? "EntryLevelErrors" : "Succeeded", failures, null, null);
    status.put("code", "Active");
    status.set("lastExecution", run);
    status.put("countSuccessiveCompleteFailures", 0);
    if (failures == 0) {
      status.set("lastSuccessfulExecution", run.deepCopy());
      status.set("lastSuccessfulExecutionWithExports", run.deepCopy());
      status.put("steadyStateLastAchievedTime", now.toString());
      if (status.path("steadyStateFirstAchievedTime").asText().equals(NEVER)) {
        status.put("steadyStateFirstAchievedTime", now.toString());
      }
    }
    return count;
  }

  ObjectNode execution(
      Instant began, Instant ended, String state, long escrowed, String code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.put("activityIdentifier", uuid());
    e.put("countEntitled", 40 + random.nextInt(200));
    e.put("countEntitledForProvisioning", 40 + random.nextInt(200));
    e.put("countEscrowed", escrowed);
    e.put("countEscrowedRaw", escrowed);
    e.put("countExported", random.nextInt(20));
    e.put("countExports", random.nextInt(20));
    e.put("countImported", 40 + random.nextInt(200));
    e.put("countImportedDeltas", random.nextInt(20));
    e.put("countImportedReferenceDeltas", 0);
    if (code == null) {
      e.putNull("error");
    } else {
      ObjectNode error = e.putObject("error");
      error.put("code", code);
      error.put("message", message);
      error.put("tenantActionable", true);
    }
    e.put("state", state);
    e.put("timeBegan", began.toString());
    e.put("timeEnded", ended.toString());
    return e;
  }

  private static final List<String[]> FAILURES =
      List.of(
          new String[] {
            "SystemForCrossDomainIdentityManagementBadResponse",
            "The SCIM endpoint answered 400 Bad Request: userName is not unique."
          },
          new String[] {
            "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService",
            "The object originated in an external service and cannot be updated."
          },
          new String[] {
            "SystemForCrossDomainIdentityManagementServiceIncompatible",
            "The SCIM endpoint answered 500 Internal Server Error."
          },
          new String[] {
            "AzureActiveDirectoryInvalidEmail", "The mail attribute is not a valid e-mail address."
          });

  private static final List<String> PEOPLE =
      List.of(
          "Adele Vance",
          "Alex Wilber",
          "Diego Siciliani",
          "Grady Archie",
          "Henrietta Mueller",
          "Isaiah Langer",
          "Johanna Lorenz",
          "Joni Sherman",
          "Lee Gu",
          "Lidia Holloway",
          "Lynne Robbins",
          "Megan Bowen",
          "Miriam Graham",
          "Nestor Wilke",
          "Patti Fernandez",
          "Pradeep Gupta");

  ObjectNode event(
      String spId,
      ObjectNode job,
      Instant at,
      String action,
      String status,
      String objectId,
      String cycleId) {
    ObjectNode sp = servicePrincipals.get(spId);
    String person = PEOPLE.get(random.nextInt(PEOPLE.size()));
    ObjectNode e = JSON.createObjectNode();
    e.put("id", "7FsYuyAKmAoGBWsbl" + Long.toHexString(random.nextLong()));
    e.put("activityDateTime", at.toString());
    e.put("changeId", uuid());
    e.put("cycleId", cycleId == null ? uuid() : cycleId);
    e.put("durationInMilliseconds", 200 + random.nextInt(4000));
    ObjectNode initiator = e.putObject("initiatedBy");
    initiator.put("id", "");
    initiator.put("displayName", "Azure AD Provisioning Service");
    initiator.put("initiatorType", "system");
    e.put("jobId", job.path("id").asText());
    ArrayNode modified = e.putArray("modifiedProperties");
    ObjectNode mail = modified.addObject();
    mail.put("displayName", "mail");
    mail.put("oldValue", "");
    mail.put("newValue", person.toLowerCase(Locale.ROOT).replace(' ', '.') + "@contoso.com");
    e.put("provisioningAction", action);
    ObjectNode info = e.putObject("provisioningStatusInfo");
    info.put("status", status);
    if (status.equals("failure")) {
      String[] f = FAILURES.get(random.nextInt(FAILURES.size()));
      ObjectNode err = info.putObject("errorInformation");
      err.put("additionalDetails", "Request-id in the target system: " + uuid());
      err.put("errorCategory", "nonServiceFailure");
      err.put("errorCode", f[0]);
      err.put("reason", f[1]);
      err.put("recommendedAction", "Fix the attribute in Microsoft Entra ID or the target app.");
    } else {
      info.putNull("errorInformation");
    }
    ArrayNode steps = e.putArray("provisioningSteps");
    String[][] stepNames = {
      {"EntryImport", "import"},
      {"EntrySynchronizationScoping", "scoping"},
      {"EntryExportUpdate", "export"}
    };
    for (String[] s : stepNames) {
      ObjectNode step = steps.addObject();
      step.put("description", s[0] + " for " + person);
      step.putObject("details");
      step.put("name", s[0]);
      step.put("provisioningStepType", s[1]);
      step.put("status", s[1].equals("export") ? status : "success");
    }
    ObjectNode spRef = e.putObject("servicePrincipal");
    spRef.put("id", spId);
    spRef.put("displayName", sp == null ? "" : sp.path("displayName").asText());
    ObjectNode source = e.putObject("sourceIdentity");
    source.put("id", objectId == null ? uuid() : objectId);
    source.put("displayName", person);
    source.putObject("details");
    source.put("identityType", "User");
    ObjectNode sourceSystem = e.putObject("sourceSystem");
    sourceSystem.put("id", uuid());
    sourceSystem.put("displayName", "Azure Active Directory");
    sourceSystem.putObject("details");
    ObjectNode target = e.putObject("targetIdentity");
    target.put(
        "id", status.equals("failure") ? "" : Long.toString(100000 + random.nextInt(900000)));
    target.put("displayName", person);
    target.putObject("details");
    target.put("identityType", "urn:ietf:params:scim:schemas:core:2.0:User");
    ObjectNode targetSystem = e.putObject("targetSystem");
    targetSystem.put("id", uuid());
    targetSystem.put("displayName", sp == null ? "" : sp.path("displayName").asText());
    targetSystem.putObject("details");
    e.put("tenantId", tenantId);
    return e;
  }

  /** Newest first, as Graph lists them; the list is shared and must not be changed. */
  public synchronized List<JsonNode> events() {
    processDueUploads();
    if (sortedEvents == null || sortedEvents.size() != events.size()) {
      record Timed(long millis, JsonNode event) {}
      List<Timed> timed = new ArrayList<>(events.size());
      for (ObjectNode e : events) {
        timed.add(new Timed(nanos(Instant.parse(e.path("activityDateTime").asText())), e));
      }
      timed.sort(Comparator.comparingLong(Timed::millis).reversed());
      sortedMillis = timed.stream().mapToLong(Timed::millis).toArray();
      sortedEvents = timed.stream().map(Timed::event).toList();
    }
    return sortedEvents;
  }

  /**
   * The events, newest first, with {@code after < activityDateTime < before} (either bound may be
   * null), found by binary search: the audit endpoint pages 100,000 events without a scan.
   */
  synchronized List<JsonNode> eventsBetween(Instant after, Instant before) {
    List<JsonNode> all = events();
    // Newest first: the first index whose time is below "before", the first at or below "after".
    int from = before == null ? 0 : firstAtOrBelow(nanos(before) - 1);
    int to = after == null ? all.size() : firstAtOrBelow(nanos(after));
    return from >= to ? List.of() : all.subList(from, to);
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private int firstAtOrBelow(long millis) {
    int lo = 0;
    int hi = sortedMillis.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sortedMillis[mid] > millis) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Changes whenever events are added. */
  synchronized long eventsVersion() {
    processDueUploads();
    return eventsVersion;
  }

  /** Adds events directly (seeding and tests). */
  public synchronized void addEvents(List<ObjectNode> more) {
    events.addAll(more);
    eventsVersion++;
    sortedEvents = null;
  }

  private static String quarantineErrorCode(String reason) {
    return switch (reason) {
      case "EncounteredQuarantineException" ->
          "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable";
      case "TooManyDeletes" -> "AccidentalDeletionThresholdExceeded";
      default -> "EscrowProportionThresholdExceeded";
    };
  }

  private static String quarantineMessage(String reason) {
    return switch (reason) {
      case "EncounteredQuarantineException" ->
          "The credentials for the target app are not valid: it answered 401 Unauthorized.";
      case "TooManyDeletes" ->
          "The cycle would delete 512 accounts, more than the threshold of 500.";
      default -> "More than 40% of the objects in scope failed to provision.";
    };
  }

  String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
