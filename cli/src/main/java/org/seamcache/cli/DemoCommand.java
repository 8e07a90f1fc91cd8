package org.seamcache.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.seamcache.cli.demo.Cleanup;
import org.seamcache.cli.demo.DemoPorts;
import org.seamcache.cli.demo.OriginLinkLoss;
import org.seamcache.cli.demo.QuietLogs;
import org.seamcache.cli.demo.TestOrigin;
import org.seamcache.cli.demo.Tools;
import org.seamcache.cli.demo.Viewer;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.ProxyServer;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.proxy.session.ContentHubStatus;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seamcache demo}: the proxy at work in one command, on loopback, bounded in time, leaving
 * nothing behind. A subcommand rather than a script: it runs from the packaged install as well as
 * from the source tree, drives the proxy in-process (its figures are the {@code /status} snapshot
 * itself) and cleans up from one place, Ctrl-C included.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Shows seamcache at work in one command: extra legs under loss, repair, serving from disk.",
    description = {
      "Starts the project's test origin (GStreamer's RTSP server; or uses --origin), the proxy on free loopback ports "
          + "with a temporary data directory, and a viewer (ffprobe, or seamcache's own RTSP client). As root it drops "
          + "a share of the origin's UDP packets on loopback (nftables), so the proxy opens extra legs and fills the "
          + "gaps. Then a stored title is watched once through the proxy (recorded, repaired until complete), the "
          + "origin is stopped, and a second viewer is served from disk.",
      "Says what happened in plain words and the commands to look further. Takes under 90 s; every process, file "
          + "and rule it made is removed at the end, also on Ctrl-C (--keep keeps the recordings)."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:everything shown worked", "1:something did not (the output says what), or a prerequisite is missing",
        ExitCodes.L2})
public final class DemoCommand implements Callable<Integer> {
  private static final Duration BUDGET = Duration.ofSeconds(90);
  private static final Duration REPAIR_WAIT = Duration.ofSeconds(30);

  @Option(names = "--origin", paramLabel = "rtsp://HOST:PORT",
      description = "Use this running origin instead of starting the test origin; it must serve a live stream at "
          + "--live-path and a stored (seekable) title at --stored-path, as test-data/harness/origin.py does.")
  URI origin;

  @Option(names = "--live-path", defaultValue = "/live", paramLabel = "PATH", description = "Live mount (default ${DEFAULT-VALUE}).")
  String livePath;

  @Option(names = "--stored-path", defaultValue = "/vod-video", paramLabel = "PATH",
      description = "Stored title's mount (default ${DEFAULT-VALUE}).")
  String storedPath;

  @Option(names = "--origin-rtp-ports", paramLabel = "FIRST-LAST",
      description = "With --origin on this machine: the UDP ports it sends RTP from (origin.py: --rtp-ports), for the loss rule.")
  String originRtpPorts;

  @Option(names = "--loss", defaultValue = "5", paramLabel = "PERCENT",
      description = "Share of the origin's UDP packets to drop, 0.1-50 (default ${DEFAULT-VALUE}; needs root).")
  double lossPercent;

  @Option(names = "--no-loss", description = "Add no loss (no extra legs will be needed).")
  boolean noLoss;

  @Option(names = "--seconds", defaultValue = "10", paramLabel = "N",
      description = "Length of the live viewing and of the test title, 4-30 s (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--keep", description = "Keep the recordings (their directory is printed) for seamcache ls/inspect/export.")
  boolean keep;

  @Option(names = "--verbose", description = "Also show the proxy's own log lines.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private PrintWriter out;
  private long startNanos;

  @Override
  public Integer call() {
    if (seconds < 4 || seconds > 30) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be 4-30");
    }
    if (!noLoss && (lossPercent < 0.1 || lossPercent > 50)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--loss must be 0.1-50 (percent)");
    }
    if (origin != null && (!"rtsp".equals(origin.getScheme()) || origin.getHost() == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--origin must be rtsp://HOST:PORT, got " + origin);
    }
    out = spec.commandLine().getOut();
    startNanos = System.nanoTime();
    QuietChronicle.apply();
    Cleanup cleanup = new Cleanup().onSignals();
    try (QuietLogs quiet = QuietLogs.unless(verbose)) {
      try {
        return run(cleanup);
      } finally {
        cleanup.close(); // while the logs are still quiet: the proxy's shutdown lines are not the story
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    } catch (Exception e) { // DemoFailure, a program that would not start, a port taken: said in one line
      if (!cleanup.interrupted()) {
        spec.commandLine().getErr().println("seamcache demo: "
            + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      }
      return ExitCodes.FAILURE;
    } finally {
      cleanup.close(); // idempotent: here for a failure in QuietLogs itself
      out.flush();
    }
  }

  /** Ends the demo with a message for the user (no stack trace). */
  private static final class DemoFailure extends Exception {
    DemoFailure(String message) {
      super(message, null, false, false);
    }
  }

  private int run(Cleanup cleanup) throws Exception {
    Path work = Files.createTempDirectory("seamcache-demo-");
    cleanup.deleteTree(work);
    Path data = keep ? Files.createTempDirectory("seamcache-demo-data-") : work.resolve("data");

    say("seamcache demo: origin, proxy and viewers on 127.0.0.1; everything started is stopped at the end (Ctrl-C too).");
    URI base;
    DemoPorts.UdpBlock rtp = null;
    TestOrigin testOrigin = null;
    if (origin == null) {
      String missing = Tools.originMissing();
      if (missing != null) {
        throw new DemoFailure("cannot start the test origin: " + missing + ".\n"
            + "  Install (Debian 12, root): apt-get install -y --no-install-recommends " + Tools.ORIGIN_PACKAGES + "\n"
            + "  or point the demo at a running origin that serves a live stream and a stored title:\n"
            + "    seamcache demo --origin rtsp://HOST:PORT [--live-path /live] [--stored-path /vod-video]");
      }
      say("  making a %d s test title with ffmpeg ...", seconds);
      Path title = TestOrigin.makeTitle(work, seconds, cleanup);
      DemoPorts.UdpBlock block = DemoPorts.reserveUdpBlock();
      cleanup.add("release the UDP port block", block::release);
      rtp = block;
      testOrigin = TestOrigin.start(work, title, DemoPorts.freeTcpPort(), block, cleanup);
      base = testOrigin.base();
      say("  test origin   origin.py (gst-rtsp-server), pid %d, at %s (RTP from UDP %d-%d)", testOrigin.pid(), base,
          block.first(), block.last());
    } else {
      base = URI.create("rtsp://" + origin.getRawAuthority());
      say("  origin        %s (yours; the demo does not stop it)", base);
    }

    ProxyServer proxy = startProxy(data, base, cleanup);
    int rtspPort = proxy.rtspAddress().getPort();
    String admin = "http://127.0.0.1:" + proxy.adminAddress().getPort();
    say("  proxy         rtsp://127.0.0.1:%d, admin %s, data %s", rtspPort, admin, data);
    say("                (extra legs open after 2 s above 1%% loss here; the default is 3 s)");

    String lossNote = addLoss(rtp, cleanup);
    Viewer viewer = Viewer.best();
    say("  viewer        %s, over TCP: only the origin-to-proxy path is lossy", viewer.name());
    say("  while it runs: curl -s %s/status", admin);

    String via = "rtsp://127.0.0.1:" + rtspPort + "/" + base.getRawAuthority();
    long liveLegs = live(proxy, viewer, URI.create(via + livePath), base + livePath, cleanup);
    Optional<ContentInfo> recorded = stored(proxy, viewer, URI.create(via + storedPath), base + storedPath, cleanup);
    boolean fromDisk = recorded.isPresent() && fromDisk(proxy, viewer, URI.create(via + storedPath), testOrigin, cleanup);

    say("");
    boolean lossShown = lossNote != null || liveLegs > 0;
    say("Result: %s; %s.",
        lossNote != null ? "no loss added (" + lossNote + ")" : "extra legs opened under loss: " + liveLegs,
        fromDisk ? "the stored title was served from disk" + (testOrigin != null ? " with the origin stopped" : "")
            : "the stored title was NOT served from disk");
    lookFurther(admin, data, proxy);
    return lossShown && fromDisk ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private ProxyServer startProxy(Path data, URI base, Cleanup cleanup) throws Exception {
    List<Cidr> allowed = new ArrayList<>(List.of(Cidr.parse("127.0.0.0/8")));
    InetAddress originAddress = InetAddress.getByName(base.getHost());
    if (!originAddress.isLoopbackAddress()) {
      allowed.add(Cidr.parse(originAddress.getHostAddress() + (originAddress.getAddress().length == 4 ? "/32" : "/128")));
    }
    ProxyConfig config = ProxyConfig.defaults(0, 0, data, allowed, Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(1)) // the live legs go as soon as the live viewer leaves
        .withSeaming(SeamSettings.defaults().withOpen(0.01, 2));
    ProxyServer proxy = ProxyServer.start(config);
    cleanup.add("stop the proxy", proxy::close);
    return proxy;
  }

  /** Installs the loss rule; null when loss is on, else why not (said to the user too). */
  private String addLoss(DemoPorts.UdpBlock rtp, Cleanup cleanup) throws InterruptedException {
    String why;
    String match = null;
    if (noLoss) {
      why = "--no-loss";
    } else if (rtp == null && originRtpPorts == null) {
      why = "with --origin, give --origin-rtp-ports FIRST-LAST (the ports it sends RTP from) to add loss";
    } else if ((why = OriginLinkLoss.unavailable()) == null) {
      match = rtp != null ? rtp.udpSourceMatch() : "udp sport " + originRtpPorts.strip();
      if (rtp == null && !originRtpPorts.strip().matches("\\d{1,5}-\\d{1,5}")) {
        why = "--origin-rtp-ports must be FIRST-LAST, got " + originRtpPorts;
        match = null;
      }
    }
    if (match != null) {
      OriginLinkLoss loss = new OriginLinkLoss();
      why = loss.install(lossPercent, match, cleanup);
      if (why == null) {
        say("  loss          %s of the origin's UDP packets dropped on loopback (nftables table inet %s)",
            String.format(Locale.ROOT, "%.1f%%", lossPercent), loss.table());
        return null;
      }
    }
    say("  loss          skipped: %s", why);
    return why;
  }

  /** Part 1: a live viewer through a lossy origin link. Returns the extra legs opened. */
  private long live(ProxyServer proxy, Viewer viewer, URI url, String originUrl, Cleanup cleanup) throws Exception {
    say("");
    say("1. Live: %s for %d s", url, seconds);
    Watched<ProxyStatus.Live> w = watch(proxy, viewer, url, false, cleanup,
        st -> st.live().stream().filter(l -> l.origin().contains(originUrl)).findFirst().orElse(null),
        ProxyStatus.Live::seaming);
    say("   viewer: %s", w.played.describe());
    if (w.last == null) {
      say("   the proxy never had this live stream (see above)");
      return 0;
    }
    w.words().forEach(l -> say("   %s", l));
    return org.seamcache.cli.demo.SeamingWords.extraLegs(w.last.seaming());
  }

  /** Part 2: a first viewing of a stored title, recorded and repaired until complete. */
  private Optional<ContentInfo> stored(ProxyServer proxy, Viewer viewer, URI url, String originUrl, Cleanup cleanup) throws Exception {
    say("");
    say("2. Stored title: %s (%d s), first viewing: from the origin, recorded", url, seconds);
    Watched<ProxyStatus.Stored> w = watch(proxy, viewer, url, true, cleanup,
        st -> st.storedViewings().stream().filter(v -> v.origin().contains(originUrl)).findFirst().orElse(null),
        ProxyStatus.Stored::seaming);
    say("   viewer: %s", w.played.describe());
    if (w.last != null) {
      w.words().forEach(l -> say("   %s", l));
    }
    long deadline = System.nanoTime() + Math.min(REPAIR_WAIT.toNanos(), remaining().toNanos());
    String lastState = "";
    while (true) {
      Optional<ContentInfo> c = proxy.recordedContents().stream()
          .filter(x -> x.originUrl().contains(originUrl))
          .max(Comparator.comparingLong(ContentInfo::createdAtMillis));
      String state = c.map(x -> (x.state() == ContentState.RECORDING ? "being written" : x.state().label()) + (x.missing() > 0 ? ", " + x.missing() + " positions missing" : "")).orElse("none yet");
      if (!state.equals(lastState)) {
        say("   %5.1f s  recording: %s%s", elapsed(), state,
            c.isPresent() && c.get().state() == ContentState.PARTIAL ? " (the proxy fetches what is missing again, over TCP)" : "");
        lastState = state;
      }
      if (c.isPresent() && c.get().state() == ContentState.COMPLETE) {
        ProxyStatus st = proxy.status();
        say("   recording complete: %s; repairs %d, ranges fetched again %d", c.get().id(), st.repairs(), st.repairRanges());
        return c;
      }
      if (c.isEmpty() && !w.played.ok()) {
        say("   nothing was recorded: the viewing failed");
        return Optional.empty();
      }
      if (System.nanoTime() > deadline || cleanup.interrupted()) {
        say("   the recording did not become complete in time (%s): it cannot be served from disk", state);
        return Optional.empty();
      }
      Thread.sleep(250);
    }
  }

  /** Part 3: the origin stopped, a second viewer of the stored title. True if it was served from disk. */
  private boolean fromDisk(ProxyServer proxy, Viewer viewer, URI url, TestOrigin testOrigin, Cleanup cleanup) throws Exception {
    say("");
    if (testOrigin != null) {
      testOrigin.stop();
      say("3. Origin stopped (pid %d). Second viewing of the stored title: %s", testOrigin.pid(), url);
    } else {
      say("3. Second viewing of the stored title (your origin still runs; no request may reach it): %s", url);
    }
    long upstreamBefore = proxy.status().upstreamSessionsOpened();
    Viewer.Played p = viewer.play(url, seconds, true, viewerTimeout(true), cleanup);
    long upstreamAfter = proxy.status().upstreamSessionsOpened();
    say("   viewer: %s", p.describe());
    boolean fromDisk = p.ok() && p.count() > 0 && upstreamAfter == upstreamBefore;
    say(fromDisk ? "   served from disk: %d upstream sessions opened for it" : "   NOT served from disk: %d upstream sessions opened for it",
        upstreamAfter - upstreamBefore);
    return fromDisk;
  }

  /** What a watched viewing left: the viewer's result and the content's last status entry. */
  private record Watched<T>(Viewer.Played played, T last, ProxyStatus status, Function<T, ContentHubStatus> seaming) {
    List<String> words() {
      return org.seamcache.cli.demo.SeamingWords.of(seaming.apply(last), status);
    }
  }

  /**
   * Plays {@code url} while reading the proxy's status every 250 ms: prints each new leg decision
   * as it is taken and keeps the content's last entry (it leaves {@code /status} with the viewer).
   */
  private <T> Watched<T> watch(ProxyServer proxy, Viewer viewer, URI url, boolean toTheEnd, Cleanup cleanup,
      Function<ProxyStatus, T> find, Function<T, ContentHubStatus> seaming) throws Exception {
    CompletableFuture<Viewer.Played> played = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        played.complete(viewer.play(url, seconds, toTheEnd, viewerTimeout(toTheEnd), cleanup));
      } catch (Throwable e) {
        played.completeExceptionally(e);
      }
    }, "seamcache-demo-viewer");
    t.setDaemon(true);
    t.start();
    T last = null;
    ProxyStatus lastStatus = null;
    String decision = "";
    while (!played.isDone()) {
      Thread.sleep(250);
      ProxyStatus st = proxy.status();
      T now = find.apply(st);
      if (now == null) {
        continue;
      }
      last = now;
      lastStatus = st;
      String d = seaming.apply(now).lastDecision();
      if (!d.isBlank() && !d.equals(decision) && !cleanup.interrupted()) {
        say("   %5.1f s  %s", elapsed(), d);
        decision = d;
      }
    }
    return new Watched<>(played.join(), last, lastStatus, seaming);
  }

  private Duration viewerTimeout(boolean toTheEnd) {
    Duration wanted = Duration.ofSeconds(seconds + (toTheEnd ? 20 : 15));
    Duration left = remaining();
    return left.compareTo(wanted) < 0 ? left : wanted;
  }

  private Duration remaining() {
    Duration left = BUDGET.minusNanos(System.nanoTime() - startNanos);
    return left.isNegative() ? Duration.ofSeconds(1) : left;
  }

  private double elapsed() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void lookFurther(String admin, Path data, ProxyServer proxy) {
    say("");
    say("Look further:");
    say("  curl -s http://127.0.0.1:8081/status   # of a running seamcache serve (this run's was %s/status):", admin);
    say("      liveStreams[].seaming, storedViewings[].seaming, upstreamLegs, repairs");
    String id = proxy.recordedContents().stream().findFirst().map(ContentInfo::id).orElse("ID");
    if (keep) {
      say("  seamcache ls --data-dir %s", data);
      say("  seamcache inspect %s --data-dir %s --svg gaps.svg", id, data);
      say("  seamcache export %s --track 0 -o track0.pcap --data-dir %s", id, data);
      say("  (the recordings stay in %s: delete it when done)", data);
    } else {
      say("  seamcache ls --data-dir DIR; seamcache inspect ID --data-dir DIR --svg gaps.svg");
      say("  (this run's recordings are deleted; seamcache demo --keep keeps them)");
    }
  }

  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
