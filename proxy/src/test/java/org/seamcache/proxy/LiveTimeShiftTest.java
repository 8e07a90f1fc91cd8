package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.rtsp.Sdp;

/**
 * Live time-shift: while viewer A watches a live content through the proxy (which records it),
 * viewer B plays it with {@code Range: npt=-10}: its first packet starts a key frame, and every
 * packet it gets is one A got about 10 s earlier (payloads compared), paced (B stays that far
 * behind); then B plays {@code npt=now-} and gets what A gets at the same moment; then B pauses
 * (nothing comes) and plays without Range: it goes on from where it paused, from the recording.
 */
@Order(1)
class LiveTimeShiftTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback()
      .route("short", origin::liveUri).routeTimeShift("short", Duration.ofSeconds(3))
      .route("none", origin::liveUri).routeTimeShift("none", Duration.ZERO);

  @Test
  void aLiveViewerPlaysTenSecondsAgoThenReturnsToLive() throws Exception {
    URI via = proxy.via(origin.liveUri());
    CompletableFuture<RtpCapture> truthAsync = RtspCapture.of(via).transport(Transport.TCP).seconds(28).timeout(Duration.ofSeconds(60)).captureAsync();
    // ten seconds back needs ten seconds recorded: wait until the recording has run for 12 s
    AtomicLong recordingSeen = new AtomicLong();
    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
      boolean recording = proxy.server().status().toString().contains("/live") && !proxy.server().recordedContents().isEmpty();
      if (recording && recordingSeen.get() == 0) {
        recordingSeen.set(System.nanoTime());
      }
      return recordingSeen.get() != 0 && System.nanoTime() - recordingSeen.get() >= 12_000_000_000L;
    });

    List<RawRtsp.Frame> past;
    List<RawRtsp.Frame> live;
    List<RawRtsp.Frame> whilePaused;
    List<RawRtsp.Frame> resumed;
    long pausedNanos;
    long resumedNanos;
    long pastPlayNanos;
    long livePlayNanos;
    try (RawRtsp b = new RawRtsp(proxy.port())) {
      RawRtsp.Reply d = b.request("DESCRIBE", via.toString(), "CSeq: 1", "Accept: application/sdp");
      assertThat(d.status()).isEqualTo(200);
      Sdp sdp = Sdp.parse(d.body());
      String base = d.header("Content-Base") != null ? d.header("Content-Base") : via + "/";
      String control = sdp.controlUrl(sdp.media().get(0), base);
      RawRtsp.Reply s = b.request("SETUP", control, "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(s.status()).isEqualTo(200);
      String session = s.header("Session").split(";")[0];

      pastPlayNanos = System.nanoTime();
      RawRtsp.Reply p = b.request("PLAY", via.toString(), "CSeq: 3", "Session: " + session, "Range: npt=-10");
      assertThat(p.status()).as("%s %s", p.status(), p.reason()).isEqualTo(200);
      assertThat(p.header("Range")).startsWith("clock=");
      assertThat(p.header("RTP-Info")).contains("seq=");
      past = b.frames(3000);

      livePlayNanos = System.nanoTime();
      RawRtsp.Reply l = b.request("PLAY", via.toString(), "CSeq: 4", "Session: " + session, "Range: npt=now-");
      assertThat(l.status()).isEqualTo(200);
      live = b.frames(3000);

      RawRtsp.Reply pause = b.request("PAUSE", via.toString(), "CSeq: 5", "Session: " + session);
      pausedNanos = System.nanoTime();
      assertThat(pause.status()).isEqualTo(200);
      whilePaused = b.frames(1500);
      resumedNanos = System.nanoTime();
      RawRtsp.Reply resume = b.request("PLAY", via.toString(), "CSeq: 6", "Session: " + session);
      assertThat(resume.status()).isEqualTo(200);
      resumed = b.frames(1500);
      b.request("TEARDOWN", via.toString(), "CSeq: 7", "Session: " + session);
    }

    RtpCapture truth = truthAsync.get();
    assertThat(truth.run().succeeded()).as(truth.describe()).isTrue();
    double t0 = truth.monotonicT0();
    assertThat(t0).as("the capture tells its monotonic t0").isNotNaN();
    // when A got each payload: parameter sets repeat before every key frame (their times say nothing),
    // and the live origin loops its 20 s file (a frame's payload comes again 20 s later: take the nearest)
    Map<String, List<Double>> seenByA = new HashMap<>();
    for (RtpCapture.CapturedPacket a : truth.packets(0)) {
      seenByA.computeIfAbsent(a.payloadSha1(), k -> new java.util.ArrayList<>()).add(t0 + a.arrivalSeconds());
    }

    List<RawRtsp.Frame> pastRtp = past.stream().filter(f -> f.channel() == 0).toList();
    assertThat(pastRtp).as("packets from the recording").hasSizeGreaterThan(50);
    byte[] first = pastRtp.get(0).payloadHead();
    int nal = first[0] & 0x1F;
    int type = nal == 28 ? first[1] & 0x1F : nal;
    assertThat(type).as("the time-shifted playout starts on a key frame (NAL %d)", nal).isIn(5, 7, 8);

    // every packet B got from the past is one A got 10-11.5 s before the PLAY (the start is the last
    // key frame at or before -10 s; one a second here), and B stays as far behind live as it started: paced, not a burst (a burst
    // would catch up by seconds within the first moment)
    List<Double> behind = new java.util.ArrayList<>();
    for (RawRtsp.Frame f : pastRtp) {
      List<Double> times = seenByA.get(f.payloadSha1());
      assertThat(times).as("a packet from the past that viewer A never got").isNotNull();
      if (times.size() > 2) {
        continue;
      }
      double aAt = nearest(times, f.receivedNanos() / 1e9 - 10);
      if (behind.isEmpty()) {
        double before = pastPlayNanos / 1e9 - aAt;
        System.out.printf("time-shift: first distinct packet recorded %.3f s before the PLAY%n", before);
        assertThat(before).as("s before the PLAY").isBetween(9.5, 11.5);
      }
      behind.add(f.receivedNanos() / 1e9 - aAt);
    }
    double least = behind.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double most = behind.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    System.out.printf("time-shift: %d distinct packets %.3f-%.3f s behind live%n", behind.size(), least, most);
    assertThat(behind).as("distinct packets from the past").hasSizeGreaterThan(30);
    assertThat(most - least).as("spread of how far behind live, s").isLessThan(1.0);
    assertThat(least).as("s behind live").isGreaterThan(9.5);

    // back to live: what A gets at the same moment
    List<RawRtsp.Frame> liveRtp = live.stream().filter(f -> f.channel() == 0).toList();
    assertThat(liveRtp).hasSizeGreaterThan(50);
    int matched = 0;
    for (RawRtsp.Frame f : liveRtp) {
      List<Double> times = seenByA.get(f.payloadSha1());
      if (times != null) {
        matched++;
      }
      if (times != null && times.size() <= 2) {
        double aAt = nearest(times, f.receivedNanos() / 1e9);
        assertThat(Math.abs(f.receivedNanos() / 1e9 - aAt)).as("live again: received with viewer A").isLessThan(1.0);
      }
    }
    assertThat(matched).as("live packets viewer A also got").isGreaterThanOrEqualTo(liveRtp.size() - 2);
    assertThat(liveRtp.get(liveRtp.size() - 1).receivedNanos()).isGreaterThan(livePlayNanos);

    // PAUSE on live holds the position: nothing comes (a moment's packets in flight aside), and PLAY
    // goes on from the pause, behind live by as long as it paused
    assertThat(whilePaused.stream().filter(f -> f.channel() == 0 && f.receivedNanos() > pausedNanos + 200_000_000L).count())
        .as("packets while paused").isZero();
    List<RawRtsp.Frame> resumedRtp = resumed.stream().filter(f -> f.channel() == 0).toList();
    assertThat(resumedRtp).hasSizeGreaterThan(20);
    double pausedFor = (resumedNanos - pausedNanos) / 1e9;
    for (RawRtsp.Frame f : resumedRtp) {
      List<Double> times = seenByA.get(f.payloadSha1());
      assertThat(times).as("a resumed packet viewer A never got").isNotNull();
      if (times.size() <= 2) {
        double lag = f.receivedNanos() / 1e9 - nearest(times, f.receivedNanos() / 1e9 - pausedFor);
        // it goes on from the key frame at or before the pause (one a second here)
        assertThat(lag).as("resumed %.3f s after pausing: behind live by about that", pausedFor).isBetween(pausedFor - 0.3, pausedFor + 1.5);
      }
    }
  }

  /**
   * A route's time-shift window bounds how far back its viewers go: 3 s back at most on one route
   * (asked for 10), none at all on another (457 with the reason), on the same live content.
   */
  @Test
  void aRoutesWindowBoundsHowFarBackItsViewersGo() throws Exception {
    URI via = proxy.via(origin.liveUri());
    try (RawRtsp live = new RawRtsp(proxy.port()); RawRtsp shortBack = new RawRtsp(proxy.port()); RawRtsp noBack = new RawRtsp(proxy.port())) {
      String liveSession = setUp(live, via.toString());
      assertThat(live.request("PLAY", via.toString(), "CSeq: 3", "Session: " + liveSession).status()).isEqualTo(200);
      AtomicLong recordingSeen = new AtomicLong();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        if (recordingSeen.get() == 0 && !proxy.server().recordedContents().isEmpty()) {
          recordingSeen.set(System.nanoTime());
        }
        live.frames(100); // keep reading what the live viewer is sent
        return recordingSeen.get() != 0 && System.nanoTime() - recordingSeen.get() >= 6_000_000_000L;
      });

      String shortSession = setUp(shortBack, proxy.route("short").toString());
      long asked = java.time.Instant.now().toEpochMilli();
      RawRtsp.Reply p = shortBack.request("PLAY", proxy.route("short").toString(), "CSeq: 3", "Session: " + shortSession, "Range: npt=-10");
      assertThat(p.status()).as("%s %s", p.status(), p.reason()).isEqualTo(200);
      long startMillis = java.time.LocalDateTime.parse(p.header("Range").substring("clock=".length(), p.header("Range").length() - 2),
          java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
      System.out.printf("time-shift: asked 10 s back on a 3 s route, started %.3f s back%n", (asked - startMillis) / 1e3);
      assertThat((asked - startMillis) / 1e3).as("s back (the first key frame within the 3 s window)").isBetween(0.0, 3.0);
      assertThat(shortBack.frames(500).stream().filter(f -> f.channel() == 0).count()).isPositive();

      String noSession = setUp(noBack, proxy.route("none").toString());
      RawRtsp.Reply refused = noBack.request("PLAY", proxy.route("none").toString(), "CSeq: 3", "Session: " + noSession, "Range: npt=-10");
      assertThat(refused.status()).isEqualTo(457);
      assertThat(refused.reason()).contains("time-shift is off");
    }
  }

  /**
   * A viewer alone on a live content that pauses keeps the stream (and its recording) up past the
   * live idle teardown (2 s here), and PLAY goes on from where it paused.
   */
  @Test
  void aPausedViewerAloneKeepsTheStreamUpAndGoesOnWhereItPaused() throws Exception {
    URI via = proxy.via(origin.liveUri());
    // a stream of an earlier test may still be idling out, and its recording finishing (a new run of
    // the same content is not recorded while the last one is still being finished): start afresh
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> proxy.server().status().live().isEmpty()
        && proxy.server().recordedContents().stream().noneMatch(r -> r.state() == org.seamcache.storage.ContentState.RECORDING));
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      String session = setUp(c, via.toString());
      assertThat(c.request("PLAY", via.toString(), "CSeq: 3", "Session: " + session).status()).isEqualTo(200);
      AtomicLong recordingSeen = new AtomicLong();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        if (recordingSeen.get() == 0 && proxy.server().status().recordings().stream().anyMatch(r -> r.running())) {
          recordingSeen.set(System.nanoTime());
        }
        c.frames(100);
        return recordingSeen.get() != 0 && System.nanoTime() - recordingSeen.get() >= 3_000_000_000L;
      });
      assertThat(c.request("PAUSE", via.toString(), "CSeq: 4", "Session: " + session).status()).isEqualTo(200);
      long pausedAt = java.time.Instant.now().toEpochMilli();
      // twice the idle teardown: the stream stays (a GET_PARAMETER keeps the session itself alive)
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(250))
          .until(() -> proxy.server().status().live().size() == 1);
      assertThat(c.request("GET_PARAMETER", via.toString(), "CSeq: 5", "Session: " + session).status()).isEqualTo(200);

      RawRtsp.Reply resume = c.request("PLAY", via.toString(), "CSeq: 6", "Session: " + session);
      assertThat(resume.status()).as("%s %s", resume.status(), resume.reason()).isEqualTo(200);
      long startMillis = java.time.LocalDateTime.parse(resume.header("Range").substring("clock=".length(), resume.header("Range").length() - 2),
          java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
      System.out.printf("time-shift: paused alone for %.3f s, went on %.3f s after the pause point%n",
          (java.time.Instant.now().toEpochMilli() - pausedAt) / 1e3, (startMillis - pausedAt) / 1e3);
      assertThat((startMillis - pausedAt) / 1e3).as("s from the pause to where it goes on (the key frame before)").isBetween(-1.3, 0.2);
      assertThat(c.frames(1000).stream().filter(f -> f.channel() == 0).count()).isGreaterThan(20);
      c.request("TEARDOWN", via.toString(), "CSeq: 7", "Session: " + session);
    }
  }

  /** DESCRIBE and SETUP of the first track over TCP-interleaved; the session id. */
  private static String setUp(RawRtsp c, String url) throws Exception {
    RawRtsp.Reply d = c.request("DESCRIBE", url, "CSeq: 1", "Accept: application/sdp");
    assertThat(d.status()).isEqualTo(200);
    Sdp sdp = Sdp.parse(d.body());
    String base = d.header("Content-Base") != null ? d.header("Content-Base") : url + "/";
    RawRtsp.Reply s = c.request("SETUP", sdp.controlUrl(sdp.media().get(0), base), "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
    assertThat(s.status()).isEqualTo(200);
    return s.header("Session").split(";")[0];
  }

  private static double nearest(List<Double> times, double to) {
    return times.stream().min(java.util.Comparator.comparingDouble(t -> Math.abs(t - to))).orElseThrow();
  }
}
