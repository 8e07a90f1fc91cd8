package org.seamcache.cli.bench;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.seamcache.cli.demo.Cleanup;
import org.seamcache.cli.demo.DemoPorts;
import org.seamcache.cli.demo.TestOrigin;
import org.seamcache.cli.demo.Tools;
import org.seamcache.proxy.transport.Transports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seamcache bench-relay}: seamcache against a baseline relay (e.g. live555ProxyServer) in one
 * run, both relaying the test origin's live stream to the same viewers, repetitions interleaved
 * (seamcache, baseline, seamcache, baseline...), each relay a fresh child process per repetition.
 * Only the relay's process is measured; the viewers run in this one.
 */
@Command(
    name = "bench-relay",
    mixinStandardHelpOptions = true,
    header = "Benchmarks seamcache's relay against a baseline relay binary, in the same run, and prints the ratios.",
    description = {
      "Starts the project's test origin (its shared /live stream), then for each repetition seamcache (serve) and the baseline "
          + "as child processes in turn, each relaying that stream. On each: one keeper viewer for the whole repetition; "
          + "the first load for --warmup-seconds, unmeasured; for each --transport and --viewers, that many viewers started in batches of 20 and a --seconds window once all "
          + "play; then, after an unmeasured --idle-seconds for the load to leave, --sessions sessions one after another "
          + "(DESCRIBE, SETUP, PLAY, TEARDOWN) between two --idle-seconds windows that give the idle CPU rate.",
      "Figures (CPU = utime + stime of the relay's process from /proc, all threads): CPU seconds per million delivered "
          + "packets (what the viewers received: a relay that drops is not cheaper) in the steady window and from the first "
          + "request; CPU per set-up + teardown (idle rate subtracted); VmRSS with the keeper only and under load, growth "
          + "per viewer, VmHWM; PLAY sent -> first RTP packet and -> first H.264 key-frame packet (median over viewers). "
          + "Each the median over --reps with min-max, and seamcache/baseline.",
      "live555ProxyServer: --baseline /path/to/live555ProxyServer (its default --baseline-args and --baseline-url fit). "
          + "Another seamcache build: --baseline-command 'java -jar other/seamcache.jar'.",
      "Loopback only; every process it starts is stopped by its PID at the end, on failure and on Ctrl-C."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:measured", "1:a relay, the origin or a viewer failed (the message says which)", "2:usage error"})
public final class BenchRelayCommand implements Callable<Integer> {
  private static final String NAME = "seamcache bench-relay";
  private static final int MAX_VIEWERS = 2000;
  private static final int MAX_SECONDS = 40; // viewers send no keep-alives: the measured sessions must not time out (60 s)
  private static final int MAX_REPS = 20;
  private static final int MAX_SESSIONS = 1000;
  private static final int SPARE_SESSIONS = 20;

  @Option(names = "--baseline", paramLabel = "PATH", description = "The baseline relay binary, e.g. live555ProxyServer.")
  String baseline;

  @Option(names = "--baseline-args", paramLabel = "ARGS", defaultValue = "-p {port} {origin}",
      description = "Its arguments; {port}: a free loopback port for its RTSP server, {origin}: the origin's live URL "
          + "(default ${DEFAULT-VALUE}, live555ProxyServer's; add -t to have it fetch over TCP).")
  String baselineArgs;

  @Option(names = "--baseline-url", paramLabel = "URL", defaultValue = "rtsp://127.0.0.1:{port}/proxyStream",
      description = "Where it serves the stream (default ${DEFAULT-VALUE}, live555ProxyServer's).")
  String baselineUrl;

  @Option(names = "--baseline-command", paramLabel = "CMD",
      description = "Instead of --baseline: another seamcache (e.g. an older build) as the baseline; run as CMD serve ..., like --seamcache-command.")
  String baselineCommand;

  @Option(names = "--seamcache-command", paramLabel = "CMD",
      description = "The command that runs seamcache (blank-separated; serve and its settings are appended). Default: this "
          + "installation's launcher (its conf/jvm.options), or from a source tree this java and class path with "
          + "packaging/src/dist/conf/jvm.options. The JVM options used are printed.")
  String seamcacheCommand;

  @Option(names = "--seamcache-args", paramLabel = "ARGS", defaultValue = "",
      description = "More serve options for both seamcache relays (blank-separated), e.g. '--record none'.")
  String seamcacheArgs;

  @Option(names = "--viewers", split = ",", defaultValue = "50,200", paramLabel = "N",
      description = "Viewer counts, 1-" + MAX_VIEWERS + " (default ${DEFAULT-VALUE}).")
  List<Integer> viewers;

  @Option(names = "--transport", split = ",", defaultValue = "udp,tcp", paramLabel = "udp|tcp",
      description = "How the viewers receive: udp, tcp (interleaved) or both (default ${DEFAULT-VALUE}).")
  List<String> transports;

  @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Steady window per load, 1-" + MAX_SECONDS + " s (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--reps", defaultValue = "4", paramLabel = "N", description = "Repetitions of each relay, interleaved, 1-" + MAX_REPS + " (default ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--sessions", defaultValue = "40", paramLabel = "K",
      description = "Sessions one after another for the set-up + teardown cost, 1-" + MAX_SESSIONS + " (default ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--idle-seconds", defaultValue = "3", paramLabel = "S", description = "Window for the idle CPU rate, 1-30 s (default ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--warmup-seconds", defaultValue = "10", paramLabel = "S",
      description = "Before measuring, the first load plays this long unmeasured, so a JVM's compiler has settled; 0-60 s, "
          + "0: measure from a cold start (default ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<RelayLoad> loads = validatedLoads();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String missing = Tools.originMissing();
    if (missing != null) {
      err.println(NAME + ": cannot start the test origin: " + missing + ". Install (Debian 12, root): apt-get install -y "
          + "--no-install-recommends " + Tools.ORIGIN_PACKAGES);
      return 1;
    }
    Cleanup cleanup = new Cleanup(NAME).onSignals();
    try {
      RelayBenchReport report = run(loads, cleanup, err);
      out.print(json ? report.json() + "\n" : report.text());
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      if (!cleanup.interrupted()) {
        err.println(NAME + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      }
      return 1;
    } finally {
      cleanup.close();
      out.flush();
      err.flush();
    }
  }

  private List<RelayLoad> validatedLoads() {
    if ((baseline == null) == (baselineCommand == null)) {
      throw usage("give the baseline relay: --baseline PATH (e.g. live555ProxyServer) or --baseline-command CMD (another seamcache)");
    }
    if (baseline != null && !Files.isExecutable(Path.of(baseline))) {
      throw usage("--baseline " + baseline + " is not an executable file");
    }
    if (baseline != null && (!baselineArgs.contains("{port}") || !baselineUrl.contains("{port}"))) {
      throw usage("--baseline-args and --baseline-url must both name {port}, the port the bench picks for the baseline");
    }
    if (viewers.isEmpty() || viewers.stream().anyMatch(v -> v < 1 || v > MAX_VIEWERS)) {
      throw usage("--viewers must be 1-" + MAX_VIEWERS + " each, got " + viewers);
    }
    if (transports.isEmpty() || transports.stream().anyMatch(t -> !t.equals("udp") && !t.equals("tcp"))) {
      throw usage("--transport must be udp, tcp or udp,tcp, got " + String.join(",", transports));
    }
    if (seconds < 1 || seconds > MAX_SECONDS || reps < 1 || reps > MAX_REPS || sessions < 1 || sessions > MAX_SESSIONS
        || idleSeconds < 1 || idleSeconds > 30 || warmupSeconds < 0 || warmupSeconds > 60) {
      throw usage("--seconds must be 1-" + MAX_SECONDS + ", --reps 1-" + MAX_REPS + ", --sessions 1-" + MAX_SESSIONS
          + ", --idle-seconds 1-30, --warmup-seconds 0-60");
    }
    List<RelayLoad> loads = new ArrayList<>();
    for (String t : transports) {
      for (int n : viewers) {
        loads.add(new RelayLoad(n, t.equals("tcp")));
      }
    }
    return loads;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private RelayBenchReport run(List<RelayLoad> loads, Cleanup cleanup, PrintWriter err) throws Exception {
    Path work = Files.createTempDirectory("seamcache-bench-relay-");
    cleanup.deleteTree(work);
    DemoPorts.UdpBlock rtp = DemoPorts.reserveUdpBlock();
    cleanup.add("release the UDP port block", rtp::release);
    // /live is a live encoder: it needs no title, so none is made (origin.py skips the stored mounts)
    TestOrigin origin = TestOrigin.start(work, work.resolve("no-title.mp4"), DemoPorts.freeTcpPort(), rtp, cleanup);
    URI originLive = URI.create(origin.base() + "/live");
    MultiThreadIoEventLoopGroup group = Transports.newEventLoopGroup(1);
    cleanup.add("stop the viewers' event loop", () -> group.shutdownGracefully(0, 3, TimeUnit.SECONDS).awaitUninterruptibly());

    List<String> extra = seamcacheArgs.isBlank() ? List.of() : List.of(seamcacheArgs.trim().split("\\s+"));
    RelayUnderTest seamcache = RelayUnderTest.seamcache("seamcache",
        seamcacheCommand != null ? SeamcacheLaunch.given(seamcacheCommand) : SeamcacheLaunch.ofThisInstallation(), extra);
    RelayUnderTest base = baselineCommand != null
        ? RelayUnderTest.seamcache("baseline", SeamcacheLaunch.given(baselineCommand), extra)
        : RelayUnderTest.binary("baseline", baseline, baselineArgs, baselineUrl);
    int maxViewers = loads.stream().mapToInt(RelayLoad::viewers).max().orElse(1);
    int maxSessions = maxViewers + SPARE_SESSIONS;

    List<String> header = new ArrayList<>();
    header.add(NAME + ": origin " + originLive + " (the project's test origin, pid " + origin.pid() + ")");
    header.add(String.format(Locale.ROOT, "load: %s viewers x %s, %d s steady window each, %d set-up sessions, %d repetition(s) "
        + "interleaved seamcache/baseline, each relay a new process after a %d s unmeasured warm-up", viewers, transports, seconds,
        sessions, reps, warmupSeconds));
    header.add(String.format(Locale.ROOT, "machine: %d cores, load average at start %s", Runtime.getRuntime().availableProcessors(), loadAverage()));
    header.add("seamcache JVM options (" + seamcache.jvmOptionsSource() + "): "
        + (seamcache.jvmOptions().isEmpty() ? "(none from a file)" : String.join(" ", seamcache.jvmOptions())));
    ProcessUsage usage = ProcessUsage.onThisMachine();
    List<List<Figure>> seamcacheFigures = new ArrayList<>();
    List<List<Figure>> baselineFigures = new ArrayList<>();
    for (int rep = 1; rep <= reps; rep++) {
      for (RelayUnderTest relay : List.of(seamcache, base)) {
        if (cleanup.interrupted()) {
          throw new InterruptedException("stopped by a signal");
        }
        err.printf(Locale.ROOT, "%s: repetition %d/%d, %s%n", NAME, rep, reps, relay.name());
        err.flush();
        RelayProcess p = RelayProcess.start(relay, originLive, work, maxSessions, cleanup);
        try {
          if (rep == 1) {
            header.add(relay.name() + " (pid " + p.pid() + " in repetition 1): " + p.commandLine() + " -> " + p.url());
          }
          RelayRepetition measured = new RelayRepetition(group, usage, Duration.ofSeconds(seconds), Duration.ofSeconds(idleSeconds),
              Duration.ofSeconds(warmupSeconds), sessions, load -> {
                err.printf(Locale.ROOT, "%s:   %s%n", NAME, load);
                err.flush();
              });
          (relay == seamcache ? seamcacheFigures : baselineFigures).add(measured.measure(p, loads));
        } catch (Exception e) {
          boolean originAlive = ProcessHandle.of(origin.pid()).map(ProcessHandle::isAlive).orElse(false);
          throw new IllegalStateException(relay.name() + " (" + p.url() + ") in repetition " + rep + ": " + e.getMessage()
              + (originAlive ? "" : "; the test origin (pid " + origin.pid() + ") had ended")
              + (p.isAlive() ? "" : "; " + relay.name() + " had ended; its last output:\n" + p.lastOutput()), e);
        } finally {
          p.stop();
        }
      }
    }
    header.add("machine load average at end " + loadAverage() + " (a shared, busy machine makes these figures noisy)");
    header.add("CPU = utime+stime of the relay's process (all threads); delivered = RTP packets the viewers received, keeper included");
    return RelayBenchReport.of(header, seamcacheFigures, baselineFigures);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
