package org.seamcache.proxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real RTSP origin for end-to-end tests: {@code test-data/harness/origin.py} (gst-rtsp-server)
 * serving {@link TestMedia} on {@code /vod} and {@code /vod-video}, and a live encoder on {@code
 * /live}, on a free TCP port and a private block of server-side RTP/RTCP ports.
 *
 * <p>As a JUnit 5 extension on a static field it starts before the class's tests and stops after
 * them:
 *
 * <pre>{@code
 * @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().build();
 * }</pre>
 *
 * It can also be driven by hand with {@link #start()} and {@link #close()}.
 *
 * <p>Thread-safe: lifecycle methods are synchronized; accessors may be called from any thread once
 * started. The origin's output is collected by one daemon thread per process.
 */
public final class OriginServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  /** Which mounts feed all their clients from one pipeline (origin.py {@code --shared}). */
  public enum Shared {
    NONE, VOD, LIVE, ALL;

    String cliName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final int START_ATTEMPTS = 3;
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    // A test JVM that ends without afterAll (e.g. a crash in another extension) must not leave origins behind.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "origin-reaper"));
  }

  private final Builder config;
  private Process process;
  private int rtspPort;
  private PortRange rtpPorts;
  private final OriginLog log = new OriginLog();

  private OriginServer(Builder config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Starts origin.py and waits for its {@code READY} line. Fails with the origin's output if READY
   * does not come within the builder's ready timeout.
   */
  public synchronized void start() {
    if (process != null) {
      throw new IllegalStateException("origin already running on port " + rtspPort);
    }
    OriginPrerequisites.require();
    Path media = config.media != null ? config.media : TestMedia.get().path();
    Path videoOnly = config.media != null ? null : TestMedia.get().videoOnlyPath();
    StringBuilder failures = new StringBuilder();
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = LoopbackPorts.freeTcpPort();
      PortRange rtp = LoopbackPorts.reserveUdpRange(config.rtpPortCount);
      List<String> argv = command(port, rtp, media, videoOnly);
      String failure = tryStart(argv);
      if (failure == null) {
        rtspPort = port;
        rtpPorts = rtp;
        return;
      }
      LoopbackPorts.release(rtp);
      failures.append("attempt ").append(attempt).append(": ").append(failure).append('\n');
      // Only a lost race for the RTSP port is worth another try.
      if (!failure.contains("cannot listen")) {
        break;
      }
    }
    throw new IllegalStateException("origin.py did not start:\n" + failures);
  }

  /** Stops the origin: SIGTERM, then SIGKILL if it has not exited within a few seconds. */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    try {
      process.destroy();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.add("[harness] origin ignored SIGTERM for " + STOP_GRACE + "; sending SIGKILL");
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      RUNNING.remove(process);
      process = null;
      LoopbackPorts.release(rtpPorts);
    }
  }

  /**
   * Kills the origin (SIGKILL: a crash, no TEARDOWN, no BYE) and starts it again at once on the
   * same RTSP and RTP ports, as an origin that went away and came back (its start-up, a few hundred
   * milliseconds, is the outage). Its request log starts empty again.
   */
  public synchronized void crashAndRestart() throws InterruptedException {
    Process old = running();
    int port = rtspPort;
    PortRange rtp = rtpPorts;
    old.destroyForcibly();
    old.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    RUNNING.remove(old);
    process = null;
    Path media = config.media != null ? config.media : TestMedia.get().path();
    Path videoOnly = config.media != null ? null : TestMedia.get().videoOnlyPath();
    String failure = tryStart(command(port, rtp, media, videoOnly));
    if (failure != null) {
      throw new IllegalStateException("origin did not come back on port " + port + ": " + failure);
    }
    rtspPort = port;
    rtpPorts = rtp;
  }

  /**
   * Starts the origin again (after {@link #close()}) on the same RTSP and RTP ports, with other extra
   * arguments: the same title published anew (another ETag, say). Its request log starts empty.
   */
  public synchronized void restartWith(String... extraArgs) {
    if (process != null) {
      throw new IllegalStateException("close the origin first");
    }
    int port = rtspPort;
    PortRange rtp = LoopbackPorts.reserveUdpRange(config.rtpPortCount);
    config.extraArgs = List.of(extraArgs);
    Path media = config.media != null ? config.media : TestMedia.get().path();
    Path videoOnly = config.media != null ? null : TestMedia.get().videoOnlyPath();
    String failure = tryStart(command(port, rtp, media, videoOnly));
    if (failure != null) {
      LoopbackPorts.release(rtp);
      throw new IllegalStateException("origin did not come back on port " + port + ": " + failure);
    }
    rtpPorts = rtp;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** PID of the origin process (python itself, also when run through {@code ip netns exec}). */
  public synchronized long pid() {
    return running().pid();
  }

  public synchronized int rtspPort() {
    running();
    return rtspPort;
  }

  /** The server-side RTP/RTCP UDP ports ({@code --rtp-ports}); match them in nftables loss rules. */
  public synchronized PortRange rtpPorts() {
    running();
    return rtpPorts;
  }

  /** {@code rtsp://127.0.0.1:PORT/mount}; {@code mount} with or without a leading slash. */
  public URI rtspUri(String mount) {
    String path = mount.startsWith("/") ? mount : "/" + mount;
    return URI.create("rtsp://127.0.0.1:" + rtspPort() + path);
  }

  /** The A/V file mount. */
  public URI vodUri() {
    return rtspUri("/vod");
  }

  /** The video-only file mount (seeks land exactly on keyframes). */
  public URI vodVideoUri() {
    return rtspUri("/vod-video");
  }

  /** The live encoder mount. */
  public URI liveUri() {
    return rtspUri("/live");
  }

  /** Everything the origin printed so far (stdout and stderr, one line each), and harness notes. */
  public String log() {
    return log.text();
  }

  /** The RTSP requests the origin logged ({@code HH:MM:SS peer METHOD uri}), in order. */
  public List<String> requestLog() {
    return log.requests();
  }

  /**
   * Waits until the origin has logged {@code count} requests of {@code method} (e.g. {@code PLAY}), so
   * a test can act once a client is really playing. Fails with the log after {@code timeout}.
   */
  public void awaitRequests(String method, int count, Duration timeout) {
    log.awaitRequests(method, count, timeout);
  }

  private List<String> command(int port, PortRange rtp, Path media, Path videoOnly) {
    List<String> argv = new ArrayList<>();
    if (config.namespace != null) {
      argv.addAll(config.namespace.execPrefix());
    }
    argv.addAll(
        List.of(
            OriginPrerequisites.PYTHON,
            "-u",
            HarnessFiles.script("origin.py").toString(),
            "--port",
            String.valueOf(port),
            "--rtp-ports",
            rtp.toString(),
            "--file",
            media.toString(),
            "--shared",
            config.shared.cliName(),
            "--protocols",
            config.protocols,
            "--session-timeout",
            String.valueOf(config.sessionTimeoutSeconds),
            "--log"));
    if (videoOnly != null) {
      argv.addAll(List.of("--video-file", videoOnly.toString()));
    }
    if (config.liveAudio) {
      argv.add("--live-audio");
    }
    argv.addAll(config.extraArgs);
    return argv;
  }

  /** Returns null when READY was seen, else why not (with the origin's output). */
  private String tryStart(List<String> argv) {
    log.clear();
    log.add("[harness] " + String.join(" ", argv));
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv.get(0), e);
    }
    RUNNING.add(p);
    CompletableFuture<String> ready = log.follow(p.getInputStream(), "origin-log-" + p.pid());
    try {
      ready.get(config.readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
      process = p;
      return null;
    } catch (TimeoutException | ExecutionException e) {
      String why =
          e instanceof TimeoutException
              ? "no READY line within " + config.readyTimeout
              : e.getCause().getMessage();
      stopQuietly(p);
      return why + "\n--- origin log ---\n" + log();
    } catch (InterruptedException e) {
      stopQuietly(p);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for origin READY", e);
    }
  }

  private static void stopQuietly(Process p) {
    try {
      CommandRunner.stop(p);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      RUNNING.remove(p);
    }
  }

  private Process running() {
    if (process == null) {
      throw new IllegalStateException("origin not started (register it with @RegisterExtension on a static field, or call start())");
    }
    return process;
  }

  /** Options for origin.py. Confined to the building thread; {@link #build()} copies nothing mutable out. */
  public static final class Builder {
    private Shared shared = Shared.NONE;
    private String protocols = "udp,tcp";
    private int sessionTimeoutSeconds = 60;
    private boolean liveAudio;
    private int rtpPortCount = LoopbackPorts.BLOCK_PORTS;
    private Duration readyTimeout = Duration.ofSeconds(20);
    private Path media;
    private LossyNamespace namespace;
    private List<String> extraArgs = List.of();

    private Builder() {}

    public Builder shared(Shared which) {
      this.shared = which;
      return this;
    }

    /** All clients of {@code /live} share one pipeline: same SSRC, seq and payloads. */
    public Builder sharedLive() {
      return shared(Shared.LIVE);
    }

    /** Allowed lower transports ({@code --protocols}); default UDP and TCP. */
    public Builder protocols(Transport... allowed) {
      if (allowed.length == 0) {
        throw new IllegalArgumentException("at least one transport");
      }
      this.protocols = Arrays.stream(allowed).map(Transport::clientName).collect(Collectors.joining(","));
      return this;
    }

    /** RTSP session timeout the origin announces and enforces; default 60 s. */
    public Builder sessionTimeoutSeconds(int seconds) {
      this.sessionTimeoutSeconds = seconds;
      return this;
    }

    /** Adds an AAC track to {@code /live}. */
    public Builder liveAudio() {
      this.liveAudio = true;
      return this;
    }

    /** Size of the RTP/RTCP port range (rounded up to blocks of 100); each UDP session uses 2 per track. */
    public Builder rtpPortCount(int ports) {
      this.rtpPortCount = ports;
      return this;
    }

    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = timeout;
      return this;
    }

    /** Serve this MP4 on {@code /vod} instead of {@link TestMedia} (its {@code -video.mp4} sibling on {@code /vod-video}). */
    public Builder media(Path mp4) {
      this.media = mp4;
      return this;
    }

    /** Run the origin inside this namespace (register the namespace's extension first). */
    public Builder inNamespace(LossyNamespace ns) {
      this.namespace = ns;
      return this;
    }

    /** Further origin.py arguments, appended last (e.g. {@code --live-fps 10}). */
    public Builder extraArgs(String... args) {
      this.extraArgs = List.of(args);
      return this;
    }

    public OriginServer build() {
      Builder copy = new Builder();
      copy.shared = shared;
      copy.protocols = protocols;
      copy.sessionTimeoutSeconds = sessionTimeoutSeconds;
      copy.liveAudio = liveAudio;
      copy.rtpPortCount = rtpPortCount;
      copy.readyTimeout = readyTimeout;
      copy.media = media;
      copy.namespace = namespace;
      copy.extraArgs = extraArgs;
      return new OriginServer(copy);
    }
  }
}
