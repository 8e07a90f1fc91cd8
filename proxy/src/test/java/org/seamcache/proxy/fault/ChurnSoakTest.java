package org.seamcache.proxy.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.seamcache.proxy.RawRtsp;
import org.seamcache.proxy.RunningProxy;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.server.ConnectionLimits;

/**
 * Viewers of a live stream come and go for a while: some leave with TEARDOWN, some vanish (socket
 * closed, no TEARDOWN), some just stop talking (a UDP viewer that sends nothing more and keeps its
 * connection open). Afterwards sessions, upstream legs, live streams, origin and viewer connections
 * are back to zero and threads, file descriptors and heap (after GC) back where they started.
 *
 * <p>Runs {@value #DEFAULT_SECONDS} s in the test command; the full soak runs 10 minutes:
 * {@code -Dseamcache.churn.seconds=600} (see README). Isolated: it measures the whole JVM.
 */
@Isolated("measures the JVM's threads, file descriptors and heap")
class ChurnSoakTest {
  private static final int DEFAULT_SECONDS = 20;
  private static final int SECONDS = Integer.getInteger("seamcache.churn.seconds", DEFAULT_SECONDS);
  private static final int WORKERS = 6;
  /** A bound on viewers whatever the duration: about 6 a second at most. */
  private static final int MAX_VIEWERS = SECONDS * 10;
  private static final int SESSION_TIMEOUT_SECONDS = 5;
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final int THREAD_MARGIN = 4;
  private static final int FD_MARGIN = 4;
  private static final long HEAP_MARGIN_BYTES = 32L << 20;

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback()
      .configure(c -> c.withSessionTimeout(SESSION_TIMEOUT_SECONDS))
      .connections(ConnectionLimits.defaults().withTimeouts(Duration.ofSeconds(10), IDLE));

  /** How a viewer leaves. */
  enum Leaving {
    TEARDOWN_TCP,
    VANISH_TCP,
    SILENT_UDP,
    TEARDOWN_UDP
  }

  private final Queue<SilentViewer> silent = new ConcurrentLinkedQueue<>();
  private final AtomicLongArray left = new AtomicLongArray(Leaving.values().length);
  private final AtomicInteger viewers = new AtomicInteger();
  private final AtomicInteger framesSeen = new AtomicInteger();

  @Test
  void afterTheChurnEverythingIsBackWhereItStarted() throws Exception {
    String live = proxy.via(origin.liveUri()).toString();
    // Warm-up: each way of leaving once, so lazily made threads and pools exist before the baseline.
    Random warm = new Random(1);
    for (Leaving l : Leaving.values()) {
      view(live, l, warm);
    }
    awaitQuiet();
    ProcessMeasures before = ProcessMeasures.now();
    long originBefore = ProcessMeasures.establishedTo(origin.rtspPort());
    for (Leaving l : Leaving.values()) {
      left.set(l.ordinal(), 0); // the warm-up's viewers are not counted
    }
    viewers.set(0);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int w = 0; w < WORKERS; w++) {
        Random random = new Random(100 + w);
        workers.add(pool.submit(() -> {
          while (System.nanoTime() < deadline && viewers.incrementAndGet() <= MAX_VIEWERS) {
            view(live, Leaving.values()[random.nextInt(Leaving.values().length)], random);
            closeSilentOnesTheProxyClosed();
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get(SECONDS + 60L, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = Math.min(viewers.get(), MAX_VIEWERS);

    awaitQuiet();
    await("threads back").atMost(Duration.ofSeconds(20)).until(() -> ProcessMeasures.now().threads() <= before.threads() + THREAD_MARGIN);
    await("file descriptors back").atMost(Duration.ofSeconds(20)).until(() -> ProcessMeasures.openFds() <= before.fds() + FD_MARGIN);
    ProcessMeasures after = ProcessMeasures.now();
    String figures = String.format(
        "churn: %d viewers in %d s (teardown tcp %d, vanished tcp %d, silent udp %d, teardown udp %d; %d frames read); "
            + "sessions %d, legs %d, live streams %d, viewer connections %d, origin connections %d -> %d; "
            + "threads %d -> %d, fds %d -> %d, heap after GC %.1f -> %.1f MB",
        total, SECONDS, left.get(0), left.get(1), left.get(2), left.get(3), framesSeen.get(),
        proxy.server().status().sessions(), proxy.server().status().legs().size(), proxy.server().status().live().size(),
        proxy.server().viewerConnections().open(), originBefore, ProcessMeasures.establishedTo(origin.rtspPort()),
        before.threads(), after.threads(), before.fds(), after.fds(), before.heapBytes() / 1e6, after.heapBytes() / 1e6);
    System.out.println(figures);
    org.slf4j.LoggerFactory.getLogger(ChurnSoakTest.class).info(figures);

    assertThat(total).as(figures).isGreaterThanOrEqualTo(Math.min(MAX_VIEWERS, SECONDS * 2));
    for (Leaving l : Leaving.values()) {
      assertThat(left.get(l.ordinal())).as("%s viewers: %s", l, figures).isPositive();
    }
    assertThat(ProcessMeasures.establishedTo(origin.rtspPort())).as(figures).isEqualTo(originBefore);
    assertThat(after.threads()).as(figures).isLessThanOrEqualTo(before.threads() + THREAD_MARGIN);
    assertThat(after.fds()).as(figures).isLessThanOrEqualTo(before.fds() + FD_MARGIN);
    assertThat(after.heapBytes()).as(figures).isLessThanOrEqualTo(before.heapBytes() + HEAP_MARGIN_BYTES);
  }

  /** No session, leg, live stream, viewer connection or silent viewer left (they time out, then are closed). */
  private void awaitQuiet() {
    Duration bound = Duration.ofSeconds(SESSION_TIMEOUT_SECONDS + 45);
    await("sessions, legs and connections gone").atMost(bound).pollInterval(Duration.ofMillis(200)).until(() -> {
      closeSilentOnesTheProxyClosed();
      var s = proxy.server().status();
      return silent.isEmpty() && s.sessions() == 0 && s.legs().isEmpty() && s.live().isEmpty()
          && proxy.server().viewerConnections().open() == 0 && ProcessMeasures.establishedAt(proxy.port()) == 0;
    });
  }

  /** One viewer: DESCRIBE, SETUP, PLAY, watch a moment, leave as told. */
  private void view(String url, Leaving leaving, Random random) throws Exception {
    boolean udp = leaving == Leaving.SILENT_UDP || leaving == Leaving.TEARDOWN_UDP;
    DatagramSocket media = udp ? new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) : null;
    RawRtsp rtsp = new RawRtsp(proxy.port());
    boolean keep = false;
    try {
      assertThat(rtsp.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(200);
      String transport = udp
          ? "Transport: RTP/AVP;unicast;client_port=" + media.getLocalPort() + "-" + (media.getLocalPort() + 1)
          : "Transport: RTP/AVP/TCP;unicast;interleaved=0-1";
      RawRtsp.Reply setup = rtsp.request("SETUP", url + "/stream=0", "CSeq: 2", transport);
      assertThat(setup.status()).isEqualTo(200);
      String session = "Session: " + setup.header("Session").split(";")[0];
      assertThat(rtsp.request("PLAY", url, "CSeq: 3", session).status()).isEqualTo(200);
      long watchMillis = 300 + random.nextInt(700);
      if (udp) {
        framesSeen.addAndGet(receive(media, watchMillis));
      } else {
        framesSeen.addAndGet(rtsp.countFrames(0, watchMillis));
      }
      switch (leaving) {
        case TEARDOWN_TCP, TEARDOWN_UDP -> assertThat(rtsp.request("TEARDOWN", url, "CSeq: 4", session).status()).isEqualTo(200);
        case VANISH_TCP -> { } // closed below, without a word
        case SILENT_UDP -> {
          silent.add(new SilentViewer(rtsp, media));
          keep = true;
        }
      }
      left.incrementAndGet(leaving.ordinal());
    } finally {
      if (!keep) {
        rtsp.close();
        if (media != null) {
          media.close();
        }
      }
    }
  }

  private static int receive(DatagramSocket media, long millis) throws IOException {
    byte[] buffer = new byte[2048];
    java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, buffer.length);
    long end = System.nanoTime() + millis * 1_000_000L;
    int n = 0;
    media.setSoTimeout(50);
    while (System.nanoTime() < end) {
      try {
        media.receive(p);
        n++;
      } catch (java.net.SocketTimeoutException e) {
        // keep waiting until the end
      }
    }
    return n;
  }

  /** Closes (on our side) the silent viewers whose connection the proxy has closed. */
  private synchronized void closeSilentOnesTheProxyClosed() {
    for (SilentViewer v : silent) {
      if (v.closedByProxy() && silent.remove(v)) {
        v.close();
      }
    }
  }

  @org.junit.jupiter.api.AfterEach
  void closeSilentViewers() {
    for (SilentViewer v; (v = silent.poll()) != null; ) {
      v.close();
    }
  }

  /** A UDP viewer that said nothing since its PLAY: its sockets stay open until the proxy closes the connection. */
  private record SilentViewer(RawRtsp rtsp, DatagramSocket media) {
    boolean closedByProxy() {
      try {
        rtsp.soTimeout(1);
        return rtsp.closedByPeer();
      } catch (java.net.SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    void close() {
      try {
        rtsp.close();
      } catch (IOException e) {
        // closing only
      }
      media.close();
    }
  }
}
