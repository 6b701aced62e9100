package com.provisioningops.bench;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphFleetReader;
import com.provisioningops.adapter.storage.TableAlertStore;
import com.provisioningops.adapter.storage.TableJobRegistry;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.DevHostProcess;
import com.provisioningops.devhost.Ports;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobMonitor;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.HealthThresholds;
import com.provisioningops.sandbox.GraphSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job monitor's whole timer run, storage included: registry read, fleet read through {@code
 * $batch} at a fixed Graph latency, alert reconciliation and snapshot writes, against the Graph
 * sandbox and Azurite. Prints a table; not a test. Run with {@code mvn -q test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=com.provisioningops.bench.FleetPollBenchmark
 * [-Dexec.args="50 100,1000"]} (latency ms, sizes). A tenth of the jobs are quarantined, so the
 * alert book has work; the first run writes every snapshot, the second only what changed.
 *
 * <p>With {@code -Dexec.args="host 50 100,1000,5000 5"} (after {@code mvn package}) it runs the
 * packaged app in the dev host instead, its JVM started as Azure's Java worker starts it, and fires
 * the timer through the admin route as the platform does: the first poll after start, the second,
 * then the median of five steady polls. CPU is the host JVM's process CPU over the run, so it
 * includes everything the app spends (HTTP, JSON, storage SDK, GC, JIT), not just the monitor.
 */
public final class FleetPollBenchmark {
  private static final int CONCURRENCY = 4;

  private FleetPollBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("host")) {
      throughHost(
          args.length > 1 ? Long.parseLong(args[1]) : 50,
          args.length > 2 ? args[2] : "100,1000,5000",
          args.length > 3 ? Integer.parseInt(args[3]) : 5);
      // The shared Graph sandbox's server threads would keep the JVM (and mvn) running.
      System.exit(0);
    }
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
        seed(sandbox, registry, n);
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
                  new HealthRules(new HealthThresholds(24, 3, 100, 6, 3)),
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

  private static void throughHost(long latency, String sizes, int steadyRuns) throws Exception {
    System.out.printf(
        "through the dev host (platform JVM flags), latency %d ms per Graph request, %d cores%n%n",
        latency, Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "%6s  %-22s %8s %7s %11s %10s %9s  %s%n",
        "N", "run", "wall s", "floor×", "CPU ms/job", "CPU s", "heap MiB", "summary");
    GraphSandbox sandbox = RunningApp.graph();
    for (String size : sizes.split(",")) {
      int n = Integer.parseInt(size.trim());
      sandbox.faults().clear();
      // One timer run polls the whole fleet: what is measured is one poll.
      Map<String, String> settings = new java.util.HashMap<>();
      settings.put("POLL_PARTITION_SIZE", Integer.toString(Math.max(n, 1)));
      // -Dbench.hostJavaOpts="-XX:FlightRecorderOptions=stackdepth=256" keeps deep SDK stacks.
      settings.put("JAVA_OPTS", System.getProperty("bench.hostJavaOpts", ""));
      try (RunningApp app = RunningApp.startOnOwnStorage(settings, DevHostProcess.Jvm.PLATFORM)) {
        seed(sandbox, new TableJobRegistry(app.tables()), n);
        sandbox.faults().latency(".*", latency, -1);
        double floor = Math.ceil(Math.ceil(n / 20.0) / CONCURRENCY) * latency / 1000.0;
        List<HostRun> steady = new ArrayList<>();
        Map<String, Long> threadsBefore = Map.of();
        for (int run = 0; run < 2 + steadyRuns; run++) {
          if (run == 2) {
            profile(
                app,
                "JFR.start",
                "name=poll",
                "settings=" + System.getProperty("bench.jfr.settings", "profile"));
            threadsBefore = threadCpu(app.handle());
          }
          HostRun r = HostRun.of(app);
          if (run < 2) {
            r.print(n, run == 0 ? "first after start" : "second", floor);
          } else {
            steady.add(r);
          }
        }
        profile(
            app,
            "JFR.stop",
            "name=poll",
            "filename=" + Path.of("target/poll-" + n + ".jfr").toAbsolutePath());
        steady.sort(java.util.Comparator.comparingDouble(HostRun::cpuSeconds));
        steady.get(steady.size() / 2).print(n, "steady (median of " + steadyRuns + ")", floor);
        Map<String, Long> threadsAfter = threadCpu(app.handle());
        StringBuilder split = new StringBuilder("        CPU of the steady runs by thread:");
        Map<String, Long> before = threadsBefore;
        threadsAfter.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(
                e -> split.append(String.format(" %s %.2fs", e.getKey(), e.getValue() / 100.0)));
        System.out.println(split);
      }
    }
  }

  /**
   * The process's user and system CPU from {@code /proc/<pid>/stat} (clock ticks of 1/100 s):
   * {@code ProcessHandle.Info} answers nothing for it in containers.
   */
  static double processCpuSeconds(ProcessHandle jvm) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the name: state is field 3, utime field 14, stime field 15 (proc(5)).
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Reading the host's CPU time needs Linux /proc", e);
    }
  }

  /**
   * With {@code -Dbench.jfr=true}, records the steady runs with Flight Recorder's profile settings
   * into {@code target/poll-<N>.jfr} ({@code jfr print --events jdk.ExecutionSample} reads it).
   */
  private static void profile(RunningApp app, String... command) throws Exception {
    if (!Boolean.getBoolean("bench.jfr")) {
      return;
    }
    List<String> jcmd = new ArrayList<>();
    jcmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    jcmd.add(Long.toString(app.handle().pid()));
    jcmd.addAll(List.of(command));
    new ProcessBuilder(jcmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  /** CPU ticks per thread kind (thread names without their numbers), from {@code /proc}. */
  private static Map<String, Long> threadCpu(ProcessHandle jvm) throws IOException {
    Map<String, Long> byKind = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(jvm.pid()), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          byKind.merge(name.replaceAll("[0-9]+", "#"), ticks, Long::sum);
        } catch (IOException e) {
          // The thread ended meanwhile.
        }
      }
    }
    return byKind;
  }

  private static void seed(GraphSandbox sandbox, TableJobRegistry registry, int n) {
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
  }

  /** One timer run through the admin route: wall, the host JVM's CPU, its heap, its summary. */
  private record HostRun(double wallSeconds, double cpuSeconds, long heapMiB, String summary) {
    static HostRun of(RunningApp app) {
      int seen = app.output().size();
      double before = processCpuSeconds(app.handle());
      long t0 = System.nanoTime();
      var answer = app.runFunction("JobPollTimer");
      double wall = (System.nanoTime() - t0) / 1e9;
      double after = processCpuSeconds(app.handle());
      if (answer.statusCode() != 202) {
        throw new IllegalStateException("The timer run answered " + answer.statusCode());
      }
      List<String> lines = app.output();
      String summary =
          lines.subList(seen, lines.size()).stream()
              .filter(l -> l.contains("JobPollTimer: "))
              .reduce((a, b) -> b)
              .map(l -> l.substring(l.indexOf("JobPollTimer: ") + 14))
              .orElse("(no summary line)");
      return new HostRun(wall, after - before, heapMiB(app.handle()), summary);
    }

    void print(int n, String run, double floor) {
      System.out.printf(
          "%6d  %-22s %8.2f %7.1f %11.3f %10.2f %9d  %s%n",
          n,
          run,
          wallSeconds,
          wallSeconds / floor,
          cpuSeconds * 1000 / n,
          cpuSeconds,
          heapMiB,
          summary);
    }

    /** Heap in use after a full GC, from {@code jcmd}; -1 when jcmd cannot attach. */
    private static long heapMiB(ProcessHandle jvm) {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      try {
        new ProcessBuilder(jcmd, Long.toString(jvm.pid()), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor();
        Process p =
            new ProcessBuilder(jcmd, Long.toString(jvm.pid()), "GC.heap_info")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        long usedK = 0;
        Matcher m = USED.matcher(out);
        while (m.find()) {
          usedK += Long.parseLong(m.group(1));
        }
        return usedK >> 10;
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }

  // The heap's generations or regions, not Metaspace: "... total 123K, used 45K [...".
  private static final Pattern USED =
      Pattern.compile(
          "^\\s*(?!Metaspace|class space)[a-z -]+total \\d+K, used (\\d+)K", Pattern.MULTILINE);
}
