package com.provisioningops.bench;

import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.LogQuery;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measures the Graph adapter against the local sandbox and prints a table: the SDK's cold start
 * (first client and first call in this JVM), and per-request latency of a job read, a job list and
 * a 100-event log page once warm. Latency is per HTTP request to Graph. Not a test: run it with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.provisioningops.bench.GraphLatencyBenchmark}.
 */
public final class GraphLatencyBenchmark {
  private GraphLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    try (GraphSandbox sandbox = GraphSandbox.start(0)) {
      sandbox.auditThrottle(false);
      String jobId = sandbox.tenant().jobInScenario("healthy");
      ServicePrincipalId sp = new ServicePrincipalId(sandbox.tenant().servicePrincipalOf(jobId));
      JobId job = new JobId(jobId);

      long t0 = System.nanoTime();
      GraphProvisioningClient client =
          new GraphProvisioningClient(
              GraphConnection.create(
                  sandbox.baseUrl(), null, Duration.ofSeconds(30), Duration.ofSeconds(10)));
      long built = System.nanoTime();
      client.getJob(sp, job);
      long firstCall = System.nanoTime();

      LogQuery page100 =
          LogQuery.parse(null, null, null, null, null, null, null, "100", Instant.now());
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"cold: build Graph client", ms(built - t0), "", "", "1"});
      rows.add(new String[] {"cold: first call (job read)", ms(firstCall - built), "", "", "1"});
      rows.add(measure("warm: job read", rounds, () -> client.getJob(sp, job)));
      rows.add(measure("warm: job list", rounds, () -> client.listJobs(sp)));
      rows.add(
          measure("warm: log page of 100", rounds, () -> client.provisioningEvents(page100, null)));

      System.out.printf(
          "%-30s %10s %10s %10s %8s%n", "measure", "median ms", "p95 ms", "max ms", "n");
      for (String[] r : rows) {
        System.out.printf("%-30s %10s %10s %10s %8s%n", (Object[]) r);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "heap used after the run: %d MiB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

  private static String[] measure(String name, int rounds, Supplier<?> call) {
    for (int i = 0; i < 20; i++) {
      call.get();
    }
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      call.get();
      samples.add(System.nanoTime() - start);
    }
    Collections.sort(samples);
    return new String[] {
      name,
      ms(samples.get(samples.size() / 2)),
      ms(samples.get((int) (samples.size() * 0.95))),
      ms(samples.get(samples.size() - 1)),
      Integer.toString(rounds)
    };
  }

  private static String ms(long nanos) {
    return String.format("%.2f", nanos / 1e6);
  }
}
