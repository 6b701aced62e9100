package com.provisioningops.adapter.graph;

import com.microsoft.graph.core.content.BatchRequestContentCollection;
import com.microsoft.kiota.RequestInformation;
import com.provisioningops.monitoring.jobs.FleetReader;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long reading a fleet of N jobs takes against the sandbox at a fixed latency per Graph request
 * (default 50 ms), four ways: (a) {@link GraphFleetReader} ($batch of 20, {@code BATCH_CONCURRENCY}
 * in flight), (b) one GET per job, (c) the SDK's {@code BatchRequestContentCollection} (batches one
 * after another), (d) the floor ⌈N/20⌉ ÷ concurrency × latency. Prints a table; not a test. Run
 * with {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.provisioningops.adapter.graph.FleetReadBenchmark [-Dexec.args="50
 * 100,1000,5000 1000"]} (latency ms, sizes, largest N for the one-GET loop; beyond it (b) is
 * extrapolated linearly and marked so).
 */
public final class FleetReadBenchmark {
  private static final int CONCURRENCY = 4;

  private FleetReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    long latency = args.length > 0 ? Long.parseLong(args[0]) : 50;
    String sizes = args.length > 1 ? args[1] : "100,1000,5000";
    int loopLimit = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    System.out.printf(
        "latency %d ms per Graph request, concurrency %d, %d cores%n%n",
        latency, CONCURRENCY, Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "%6s  %-34s %10s %10s %12s%n", "N", "approach", "wall s", "requests", "vs (a)");
    double loopPerJob = 0;
    for (String size : sizes.split(",")) {
      int n = Integer.parseInt(size.trim());
      try (GraphSandbox sandbox = GraphSandbox.start(0)) {
        List<JobKey> keys = fleet(sandbox, n);
        GraphConnection graph =
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(30), Duration.ofSeconds(10));
        try (GraphFleetReader reader =
            new GraphFleetReader(graph, CONCURRENCY, Duration.ofSeconds(30))) {
          reader.read(keys.subList(0, Math.min(keys.size(), 200))); // warm-up, no latency
          sandbox.faults().latency(".*", latency, -1);

          long t0 = System.nanoTime();
          FleetReader.FleetRead read = reader.read(keys);
          double a = seconds(System.nanoTime() - t0);
          long unread = read.readings().values().stream().filter(r -> !r.read()).count();
          System.gc();
          Runtime rt = Runtime.getRuntime();
          long heapMiB = (rt.totalMemory() - rt.freeMemory()) >> 20;
          row(n, "(a) fleet reader", a, read.graphRequests(), a);

          double b;
          String bLabel = "(b) one GET per job";
          if (n <= loopLimit) {
            GraphProvisioningClient client = new GraphProvisioningClient(graph);
            long t1 = System.nanoTime();
            for (JobKey k : keys) {
              client.getJob(k.servicePrincipalId(), k.jobId());
            }
            b = seconds(System.nanoTime() - t1);
            loopPerJob = b / n;
          } else {
            b = loopPerJob * n;
            bLabel += " (extrapolated)";
          }
          row(n, bLabel, b, n, a);

          long t2 = System.nanoTime();
          BatchRequestContentCollection collection =
              new BatchRequestContentCollection(graph.client);
          for (JobKey k : keys) {
            collection.addBatchRequestStep(request(graph, k));
          }
          graph.client.getBatchRequestBuilder().post(collection, null);
          double c = seconds(System.nanoTime() - t2);
          row(n, "(c) SDK batch collection", c, (n + 19) / 20, a);

          double d = Math.ceil(Math.ceil(n / 20.0) / CONCURRENCY) * latency / 1000.0;
          row(n, "(d) floor", d, (n + 19) / 20, a);
          System.out.printf(
              "%6d  heap used after (a), after GC: %d MiB; jobs not read: %d%n%n",
              n, heapMiB, unread);
        }
      }
    }
  }

  private static List<JobKey> fleet(GraphSandbox sandbox, int n) {
    List<String> sps = new ArrayList<>();
    for (String jobId : sandbox.tenant().jobIds()) {
      sps.add(sandbox.tenant().servicePrincipalOf(jobId));
    }
    List<JobKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String sp = sps.get(i % sps.size());
      var job = sandbox.tenant().newJob("scim");
      sandbox.tenant().addJob(sp, job);
      keys.add(JobKey.of(sp, job.path("id").asText()));
    }
    return keys;
  }

  private static RequestInformation request(GraphConnection graph, JobKey k) {
    return graph
        .client
        .servicePrincipals()
        .byServicePrincipalId(k.servicePrincipalId().value())
        .synchronization()
        .jobs()
        .bySynchronizationJobId(k.jobId().value())
        .toGetRequestInformation();
  }

  private static void row(int n, String approach, double s, int requests, double a) {
    System.out.printf(
        "%6d  %-34s %10.2f %10d %11.1fx%n", n, approach, s, requests, s / Math.max(a, 1e-9));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
