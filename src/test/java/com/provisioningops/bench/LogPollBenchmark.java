package com.provisioningops.bench;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphLogReader;
import com.provisioningops.adapter.storage.TableAlertStore;
import com.provisioningops.adapter.storage.TableJobRegistry;
import com.provisioningops.adapter.storage.TableLogLedger;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.Ports;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.monitoring.logs.LogRunSummary;
import com.provisioningops.monitoring.logs.LogSource;
import com.provisioningops.sandbox.GraphSandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log monitor's whole timer run, storage included: streaming pages of 500 events from the Graph
 * sandbox, counting them per job, committing each window to Azurite, judging the rules. Prints a
 * table; not a test. Run with {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.provisioningops.bench.LogPollBenchmark [-Dexec.args="100000 60"]} (events
 * over the last day, seconds of throttled catch-up).
 *
 * <p>Processing: the sandbox's audit throttle off and the reader unpaced, so the run is bound by
 * parsing, counting and storage; a cold run, then a warm one over a fresh ledger. Heap: used heap
 * after a full GC, before and after the run (retained), and the highest sample taken every 20 ms
 * during it (garbage included). Catch-up: the throttle on and the reader paced by Graph's limit of
 * 5 requests per 10 s, for a fixed time: how much of that budget the run used, and how many 429s.
 */
public final class LogPollBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogPollBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int catchUpSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    try (GraphSandbox sandbox = GraphSandbox.start(0);
        Azurite azurite =
            Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null)) {
      sandbox.tenant().addEvents(generate(events, Instant.now()));
      TableServiceClient tables =
          new TableServiceClientBuilder()
              .connectionString(azurite.connectionString())
              .buildClient();
      GraphConnection graph =
          GraphConnection.create(
              sandbox.baseUrl(), null, Duration.ofSeconds(30), Duration.ofSeconds(10));
      System.out.printf(
          "%d generated events over the last day (plus the seed's), 200 jobs, %d cores, max heap"
              + " %d MiB%n%n",
          events,
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(
          "%-34s %9s %8s %10s %8s %8s %6s %9s %11s %10s%n",
          "run",
          "events",
          "wall s",
          "events/s",
          "requests",
          "per req",
          "429s",
          "budget %",
          "retained MiB",
          "peak MiB");
      sandbox.auditThrottle(false);
      for (String run :
          List.of("processing, cold (throttle off)", "processing, warm (throttle off)")) {
        fresh(tables);
        row(run, monitor(GraphLogReader.unpaced(graph), tables, Duration.ofMinutes(30)), false);
      }
      sandbox.auditThrottle(true);
      Thread.sleep(10_500); // the previous requests leave the sandbox's window
      fresh(tables);
      row(
          "Graph-bound catch-up, " + catchUpSeconds + " s (paced)",
          monitor(new GraphLogReader(graph), tables, Duration.ofSeconds(catchUpSeconds)),
          true);
    }
  }

  private static LogMonitor monitor(LogSource source, TableServiceClient tables, Duration budget) {
    return new LogMonitor(
        source,
        new TableLogLedger(tables),
        new TableJobRegistry(tables),
        new AlertBook(new TableAlertStore(tables), Clock.systemUTC()),
        new LogMonitor.Settings(
            10, Duration.ofHours(1), Duration.ofMinutes(10), 24, Duration.ofDays(1), budget),
        com.provisioningops.monitoring.logs.LogWatch.NONE,
        Clock.systemUTC());
  }

  private static void row(String name, LogMonitor monitor, boolean budgeted) throws Exception {
    long before = usedAfterGc();
    AtomicLong peak = new AtomicLong(before);
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                Runtime rt = Runtime.getRuntime();
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
    long t0 = System.nanoTime();
    LogRunSummary s = monitor.run("bench-" + UUID.randomUUID());
    double wall = (System.nanoTime() - t0) / 1e9;
    sampler.interrupt();
    sampler.join();
    long after = usedAfterGc();
    // Graph's budget over the run: 5 requests in the first instant, 5 more every 10 s after.
    double budget = 5 * (1 + Math.floor(wall / 10.0));
    System.out.printf(
        "%-34s %9d %8.2f %10.0f %8d %8d %6d %9s %11d %10d%n",
        name,
        s.events(),
        wall,
        s.events() / wall,
        s.requests(),
        s.events() / Math.max(1, s.requests()),
        s.throttled(),
        budgeted ? String.format("%.0f", 100.0 * s.requests() / budget) : "-",
        (after - before) >> 20,
        (peak.get() - before) >> 20);
  }

  private static void fresh(TableServiceClient tables) {
    for (String table : List.of("checkpoints", "joblogs", "alerts", "jobs")) {
      try {
        tables.deleteTable(table);
      } catch (RuntimeException absent) {
        // not created yet
      }
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Events shaped as Graph writes them (about 1 KB each), spread over the last day. */
  private static List<ObjectNode> generate(int n, Instant now) {
    Random random = new Random(42);
    String[] codes = {
      "SystemForCrossDomainIdentityManagementBadResponse",
      "AzureActiveDirectoryInvalidEmail",
      "SystemForCrossDomainIdentityManagementServiceIncompatible"
    };
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int job = random.nextInt(200);
      Instant at = now.minusMillis((long) (random.nextDouble() * Duration.ofDays(1).toMillis()));
      ObjectNode e = JSON.createObjectNode();
      e.put("id", "bench-" + i + "-" + Long.toHexString(random.nextLong()));
      e.put("activityDateTime", at.toString());
      e.put("changeId", UUID.randomUUID().toString());
      e.put("cycleId", UUID.randomUUID().toString());
      e.put("durationInMilliseconds", 200 + random.nextInt(4000));
      e.putObject("initiatedBy")
          .put("id", "")
          .put("displayName", "Azure AD Provisioning Service")
          .put("initiatorType", "system");
      e.put("jobId", "scim.bench" + job + ".0000000000000000000000000000000");
      e.putArray("modifiedProperties")
          .addObject()
          .put("displayName", "mail")
          .put("oldValue", "")
          .put("newValue", "person" + i + "@contoso.com");
      String status = random.nextInt(10) == 0 ? "failure" : "success";
      e.put("provisioningAction", random.nextInt(50) == 0 ? "stagedDelete" : "update");
      ObjectNode info = e.putObject("provisioningStatusInfo").put("status", status);
      if (status.equals("failure")) {
        String code = codes[random.nextInt(codes.length)];
        info.putObject("errorInformation")
            .put("errorCode", code)
            .put("errorCategory", "failure")
            .put("reason", "The target app refused the change: " + code + ".")
            .put("recommendedAction", "Check the attribute mappings for " + code + ".");
      }
      e.putArray("provisioningSteps")
          .addObject()
          .put("name", "EntryImport")
          .put("provisioningStepType", "import")
          .put("status", status)
          .put("description", "Retrieved the user from Microsoft Entra ID");
      e.putObject("servicePrincipal")
          .put("id", "00000000-0000-0000-0000-" + String.format("%012d", job))
          .put("displayName", "Bench app " + job);
      e.putObject("sourceIdentity")
          .put("id", UUID.randomUUID().toString())
          .put("displayName", "Person " + i)
          .put("identityType", "User");
      e.putObject("sourceSystem").put("id", "").put("displayName", "Azure Active Directory");
      e.putObject("targetIdentity")
          .put("id", UUID.randomUUID().toString())
          .put("displayName", "person" + i)
          .put("identityType", "urn:ietf:params:scim:schemas:core:2.0:User");
      e.putObject("targetSystem").put("id", "").put("displayName", "Bench SCIM app");
      e.put("tenantId", "00000000-0000-0000-0000-000000000001");
      out.add(e);
    }
    return out;
  }
}
