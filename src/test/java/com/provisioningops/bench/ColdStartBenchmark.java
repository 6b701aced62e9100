package com.provisioningops.bench;

import com.provisioningops.adapter.storage.TableJobRegistry;
import com.provisioningops.devhost.DevHostProcess;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a cold instance costs, each figure the median over fresh host JVMs started as Azure's Java
 * worker starts them: the host's start, the first HTTP request (a job GET), the first job poll's
 * CPU and wall, and a warm job GET through the app against the same GET to Graph's stand-in
 * directly (warm: after 2,000 requests, as on an instance that has served a while; C1 compiles a
 * path only after it has run many times). {@code -Dbench.javaOpts="…"} adds JVM options to the
 * host, as the {@code JAVA_OPTS} setting does. Prints a table; not a test. Run with {@code mvn
 * package -Pbench -Dbench=ColdStartBenchmark -Dbench.args="1000 5"} (jobs, fresh JVMs).
 */
public final class ColdStartBenchmark {
  private ColdStartBenchmark() {}

  private record Cold(
      double startSeconds,
      double firstRequestSeconds,
      double firstRequestCpu,
      double firstPollSeconds,
      double firstPollCpu) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    GraphSandbox sandbox = RunningApp.graph();
    String jobId = sandbox.tenant().jobIds().get(0);
    String sp = sandbox.tenant().servicePrincipalOf(jobId);
    String jobPath = "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId;
    List<Cold> colds = new ArrayList<>();
    double[] warmThroughApp = new double[0];
    double[] warmDirect = new double[0];
    try (RunningApp seeded =
        RunningApp.startOnOwnStorage(
            Map.of("POLL_PARTITION_SIZE", Integer.toString(n)), DevHostProcess.Jvm.PLATFORM)) {
      TableJobRegistry registry = new TableJobRegistry(seeded.tables());
      registry.register(JobKey.of(sp, jobId), "App 0");
      for (int i = 1; i < n; i++) {
        var job = sandbox.tenant().newJob("scim");
        sandbox.tenant().addJob(sp, job);
        registry.register(JobKey.of(sp, job.path("id").asText()), "App " + i);
      }
      Map<String, String> sameStorage = new java.util.HashMap<>();
      sameStorage.put("AzureWebJobsStorage", seeded.settings().get("AzureWebJobsStorage"));
      sameStorage.put("POLL_PARTITION_SIZE", Integer.toString(n));
      if (System.getProperty("bench.javaOpts") != null) {
        sameStorage.put("JAVA_OPTS", System.getProperty("bench.javaOpts"));
      }
      for (int run = 0; run < runs; run++) {
        long t0 = System.nanoTime();
        try (RunningApp app = RunningApp.start(sameStorage, DevHostProcess.Jvm.PLATFORM)) {
          double start = (System.nanoTime() - t0) / 1e9;
          double cpu0 = FleetPollBenchmark.processCpuSeconds(app.handle());
          long t1 = System.nanoTime();
          int status = app.getWithKey(jobPath).statusCode();
          double request = (System.nanoTime() - t1) / 1e9;
          double cpu1 = FleetPollBenchmark.processCpuSeconds(app.handle());
          if (status != 200) {
            throw new IllegalStateException("The job GET answered " + status);
          }
          long t2 = System.nanoTime();
          app.runFunction("JobPollTimer");
          double poll = (System.nanoTime() - t2) / 1e9;
          double cpu2 = FleetPollBenchmark.processCpuSeconds(app.handle());
          colds.add(new Cold(start, request, cpu1 - cpu0, poll, cpu2 - cpu1));
          if (run == runs - 1) {
            warmThroughApp = timed(500, () -> app.getWithKey(jobPath).statusCode());
            HttpClient direct = HttpClient.newHttpClient();
            HttpRequest get =
                HttpRequest.newBuilder(
                        URI.create(
                            sandbox.baseUrl()
                                + "/servicePrincipals/"
                                + sp
                                + "/synchronization/jobs/"
                                + jobId))
                    .build();
            warmDirect =
                timed(
                    500, () -> direct.send(get, HttpResponse.BodyHandlers.ofString()).statusCode());
          }
        }
      }
    }
    System.out.printf(
        "cold start, N = %d jobs, median of %d fresh host JVMs (platform flags), %d cores%n%n",
        n, runs, Runtime.getRuntime().availableProcessors());
    System.out.printf("%-44s %10s%n", "measure", "median");
    print("host start (process to serving)", colds, Cold::startSeconds, "s");
    print("first HTTP request (job GET): wall", colds, Cold::firstRequestSeconds, "s");
    print("first HTTP request: host CPU", colds, Cold::firstRequestCpu, "s");
    print("first job poll after it: wall", colds, Cold::firstPollSeconds, "s");
    print("first job poll after it: host CPU", colds, Cold::firstPollCpu, "s");
    System.out.printf(
        "%-44s %8.2f ms%n", "warm job GET through the app", median(warmThroughApp) * 1000);
    System.out.printf(
        "%-44s %8.2f ms%n", "warm job GET to Graph's stand-in directly", median(warmDirect) * 1000);
    // The shared Graph sandbox's server threads are not daemons: end the JVM, or it waits forever.
    System.exit(0);
  }

  @FunctionalInterface
  private interface Call {
    int send() throws Exception;
  }

  private static double[] timed(int times, Call call) throws Exception {
    for (int i = 0; i < 2_000; i++) {
      call.send();
    }
    double[] seconds = new double[times];
    for (int i = 0; i < times; i++) {
      long t = System.nanoTime();
      call.send();
      seconds[i] = (System.nanoTime() - t) / 1e9;
    }
    return seconds;
  }

  private static void print(
      String measure, List<Cold> colds, ToDoubleFunction<Cold> value, String unit) {
    List<Double> values = new ArrayList<>();
    colds.forEach(c -> values.add(value.applyAsDouble(c)));
    Collections.sort(values);
    System.out.printf("%-44s %8.2f %s%n", measure, values.get(values.size() / 2), unit);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
