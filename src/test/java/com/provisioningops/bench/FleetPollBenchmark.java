package com.provisioningops.bench;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphFleetReader;
import com.provisioningops.adapter.storage.TableAlertStore;
import com.provisioningops.adapter.storage.TableJobRegistry;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.Ports;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobMonitor;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.HealthThresholds;
import com.provisioningops.sandbox.GraphSandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The job monitor's whole timer run, storage included: registry read, fleet read through {@code
 * $batch} at a fixed Graph latency, alert reconciliation and snapshot writes, against the Graph
 * sandbox and Azurite. Prints a table; not a test. Run with {@code mvn -q test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=com.provisioningops.bench.FleetPollBenchmark
 * [-Dexec.args="50 100,1000"]} (latency ms, sizes). A tenth of the jobs are quarantined, so the
 * alert book has work; the first run writes every snapshot, the second only what changed.
 */
public final class FleetPollBenchmark {
  private static final int CONCURRENCY = 4;

  private FleetPollBenchmark() {}

  public static void main(String[] args) throws Exception {
    long latency = args.length > 0 ? Long.parseLong(args[0]) : 50;
    String sizes = args.length > 1 ? args[1] : "100,1000";
    System.out.printf(
        "latency %d ms per Graph request, concurrency %d, %d cores%n%n",
        latency, CONCURRENCY, Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "%6s  %-28s %9s %9s %8s %8s %10s %9s%n",
        "N", "run", "wall s", "requests", "opened", "resolved", "floor s", "heap MiB");
    for (String size : sizes.split(",")) {
      int n = Integer.parseInt(size.trim());
      try (GraphSandbox sandbox = GraphSandbox.start(0);
          Azurite azurite =
              Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null)) {
        TableServiceClient tables =
            new TableServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .buildClient();
        TableJobRegistry registry = new TableJobRegistry(tables);
        List<String> sps = new ArrayList<>();
        for (String jobId : sandbox.tenant().jobIds()) {
          sps.add(sandbox.tenant().servicePrincipalOf(jobId));
        }
        for (int i = 0; i < n; i++) {
          String sp = sps.get(i % sps.size());
          var job = sandbox.tenant().newJob("scim");
          sandbox.tenant().addJob(sp, job);
          String id = job.path("id").asText();
          registry.register(JobKey.of(sp, id), "App " + i);
          if (i % 10 == 0) {
            sandbox.tenant().quarantine(id, "TooManyDeletes");
          }
        }
        GraphConnection graph =
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(30), Duration.ofSeconds(10));
        try (GraphFleetReader reader =
            new GraphFleetReader(graph, CONCURRENCY, Duration.ofSeconds(30))) {
          JobMonitor monitor =
              new JobMonitor(
                  registry,
                  reader,
                  new AlertBook(new TableAlertStore(tables), Clock.systemUTC()),
                  new HealthRules(new HealthThresholds(24, 3, 100, 6)),
                  Clock.systemUTC());
          sandbox.faults().latency(".*", latency, -1);
          double floor = Math.ceil(Math.ceil(n / 20.0) / CONCURRENCY) * latency / 1000.0;
          for (String run : List.of("first (writes every snapshot)", "second (changes only)")) {
            long t0 = System.nanoTime();
            JobMonitor.PollSummary s = monitor.poll();
            double wall = (System.nanoTime() - t0) / 1e9;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                "%6d  %-28s %9.2f %9d %8d %8d %10.2f %9d%n",
                n,
                run,
                wall,
                s.graphRequests(),
                s.alerts().opened(),
                s.alerts().resolved(),
                floor,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
          }
        }
      }
    }
  }
}
