package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * Benchmark, not a test (runs only with {@code -Dseamcache.bench=true}): serving a stored title from
 * disk against relaying the live mount, in the same run. Figures: PLAY answer sent → first RTP frame
 * from the cache (median, p99 over sequential sessions); CPU seconds of the proxy's event-loop
 * threads per million delivered packets for N concurrent TCP-interleaved viewers of the cached
 * title and of the live stream ({@code -Dseamcache.bench.viewers=50,200}); upstream bytes for
 * viewers one after another against the title's size.
 */
@EnabledIfSystemProperty(named = "seamcache.bench", matches = "true")
class FromDiskBench {
  @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().build();
  /** Every bench viewer comes from 127.0.0.1: the per-address limits are raised past the viewer counts. */
  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback().limits(5000, 5000)
      .connections(new org.seamcache.proxy.server.ConnectionLimits(5000, 5000, Duration.ofSeconds(10), Duration.ofSeconds(60), 8, 1024));

  @Test
  void fromDiskAgainstLiveRelay() throws Exception {
    String vod = proxy.via(origin.vodVideoUri()).toString();
    String live = proxy.via(origin.liveUri()).toString();
    RtpCapture first = RtspCapture.of(URI(vod)).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod-video") && c.state() == ContentState.COMPLETE));
    long titleBytes = proxy.server().status().bytesIn();
    StringBuilder out = new StringBuilder("FROM DISK BENCH\n");

    // PLAY -> first RTP frame, from the cache
    int sessions = Integer.getInteger("seamcache.bench.sessions", 40);
    double[] firstMillis = new double[sessions];
    for (int i = 0; i < sessions; i++) {
      try (Viewer v = Viewer.open(proxy.port(), vod)) {
        firstMillis[i] = v.playAndAwaitFirstFrame() / 1e6;
      }
    }
    Arrays.sort(firstMillis);
    out.append(String.format(Locale.ROOT, "PLAY -> first RTP from the cache over %d sessions: median %.1f ms, p99 %.1f ms, max %.1f ms%n",
        sessions, firstMillis[sessions / 2], firstMillis[(int) Math.min(sessions - 1, Math.ceil(sessions * 0.99) - 1)],
        firstMillis[sessions - 1]));
    long afterSessions = proxy.server().status().bytesIn();
    out.append(String.format(Locale.ROOT, "upstream bytes: title %d, after %d more viewers from the cache %d (%.3fx the title; %dx without a cache)%n",
        titleBytes, sessions, afterSessions, (double) afterSessions / titleBytes, sessions + 1));

    // CPU per delivered packet: N viewers of the cached title against N of the live relay
    int seconds = Integer.getInteger("seamcache.bench.seconds", 10);
    out.append("| viewers | source | delivered packets | event-loop CPU s | CPU s per M packets |\n|---|---|---|---|---|\n");
    for (String n : System.getProperty("seamcache.bench.viewers", "50,200").split(",")) {
      int viewers = Integer.parseInt(n.trim());
      double disk = measure(out, viewers, vod, "disk", seconds);
      double relay = measure(out, viewers, live, "live relay", seconds);
      out.append(String.format(Locale.ROOT, "| %d | ratio disk/relay | | | %.2fx |%n", viewers, disk / relay));
    }
    System.out.println(out);
  }

  /** N concurrent viewers for {@code seconds}; returns CPU s per M delivered packets and adds a row. */
  private static double measure(StringBuilder out, int viewers, String url, String label, int seconds) throws Exception {
    List<Viewer> open = new ArrayList<>();
    AtomicLong frames = new AtomicLong();
    try {
      for (int i = 0; i < viewers; i++) {
        Viewer v = Viewer.open(proxy.port(), url);
        v.play();
        open.add(v);
        Thread t = new Thread(() -> v.countFrames(frames), "bench-reader");
        t.setDaemon(true);
        t.start();
      }
      Thread.sleep(2_000); // every viewer playing: the start-up (and a late joiner's GOP burst) is not measured
      long cpu0 = loopCpuNanos();
      long f0 = frames.get();
      Thread.sleep(seconds * 1000L);
      long cpu = loopCpuNanos() - cpu0;
      long delivered = frames.get() - f0;
      double perM = cpu / 1e9 / Math.max(1, delivered) * 1e6;
      out.append(String.format(Locale.ROOT, "| %d | %s | %d | %.2f | %.1f |%n", viewers, label, delivered, cpu / 1e9, perM));
      return perM;
    } finally {
      open.forEach(Viewer::close);
    }
  }

  /** CPU time of the proxy's event-loop threads (what serves viewers; client threads are the bench's own). */
  private static long loopCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long id : mx.getAllThreadIds()) {
      var info = mx.getThreadInfo(id);
      if (info != null && info.getThreadName().startsWith("seamcache-io")) {
        long t = mx.getThreadCpuTime(id);
        total += Math.max(0, t);
      }
    }
    return total;
  }

  private static java.net.URI URI(String s) {
    return java.net.URI.create(s);
  }

  /** One TCP-interleaved viewer on a raw socket: SETUP of track 0, PLAY, then reading frames. */
  private static final class Viewer implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream os;
    private final String url;
    private String session;
    private int cseq = 1;

    private Viewer(Socket socket, String url) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
      this.os = socket.getOutputStream();
      this.url = url;
    }

    static Viewer open(int port, String url) throws IOException {
      Viewer v = new Viewer(new Socket("127.0.0.1", port), url);
      v.request("DESCRIBE " + url, "");
      String setup = v.request("SETUP " + url + "/stream=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
      int at = setup.indexOf("Session: ");
      v.session = setup.substring(at + 9, setup.indexOf("\r\n", at)).split(";")[0];
      return v;
    }

    void play() throws IOException {
      os.write(("PLAY " + url + " RTSP/1.0\r\nCSeq: " + cseq++ + "\r\nSession: " + session + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      os.flush();
    }

    /** Nanoseconds from sending PLAY to the first RTP frame on channel 0. */
    long playAndAwaitFirstFrame() throws IOException {
      long t0 = System.nanoTime();
      play();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed");
        }
        if (b == '$') {
          int ch = in.readUnsignedByte();
          int len = in.readUnsignedShort();
          in.skipNBytes(len);
          if (ch == 0) {
            return System.nanoTime() - t0;
          }
        } else {
          readHead(b); // the PLAY answer
        }
      }
    }

    void countFrames(AtomicLong frames) {
      try {
        while (true) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          if (b == '$') {
            int ch = in.readUnsignedByte();
            int len = in.readUnsignedShort();
            in.skipNBytes(len);
            if (ch == 0) {
              frames.incrementAndGet();
            }
          } else {
            readHead(b);
          }
        }
      } catch (IOException e) {
        // closed at the end of the measurement
      }
    }

    private String request(String line, String headers) throws IOException {
      os.write((line + " RTSP/1.0\r\nCSeq: " + cseq++ + "\r\n" + (session != null ? "Session: " + session + "\r\n" : "") + headers + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      os.flush();
      int b = in.read();
      while (b == '$') {
        in.readUnsignedByte();
        in.skipNBytes(in.readUnsignedShort());
        b = in.read();
      }
      return readHead(b);
    }

    /** Reads a response head (and body) whose first byte is {@code first}. */
    private String readHead(int first) throws IOException {
      StringBuilder h = new StringBuilder().append((char) first);
      while (!h.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("closed mid-answer");
        }
        h.append((char) c);
      }
      String head = h.toString();
      int cl = head.toLowerCase(Locale.ROOT).indexOf("content-length:");
      if (cl >= 0) {
        int len = Integer.parseInt(head.substring(cl + 15, head.indexOf("\r\n", cl)).trim());
        in.skipNBytes(len);
      }
      return head;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // gone
      }
    }
  }
}
