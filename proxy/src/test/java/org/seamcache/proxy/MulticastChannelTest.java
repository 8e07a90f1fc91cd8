package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.LossyNamespace;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;

/**
 * Multicast out, only inside a network namespace this test makes (multicast routed on its loopback,
 * so nothing leaves it): the origin, the proxy (a JVM of its own, {@link ProxyInNamespaceChild}) and
 * every receiver run in it. The channel {@code film} of the origin's 20 s title has offsets 0 and 1 s;
 * offset 0 is also sent to 239.255.12.1:5004 (TTL 1). A receiver that SETUPs offset 0 with {@code
 * Transport: RTP/AVP;multicast} is told the group and gets, from it, every packet a unicast viewer of
 * offset 0 gets, at the same moment (one time line); ffmpeg reading the SDP file the proxy wrote
 * decodes the same frames as ffmpeg playing offset 0 over RTSP; the sender reports come on each track's RTCP port. Offset 1 s, not sent as multicast,
 * answers such a SETUP 461. Last, the proxy stops: the group gets a BYE.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MulticastChannelTest {
  private static final String GROUP = "239.255.12.1";
  private static final int PORT = 5004;

  @RegisterExtension @Order(1) static LossyNamespace net = LossyNamespace.create();
  @RegisterExtension @Order(2) static OriginServer origin = OriginServer.builder().inNamespace(net).build();

  private static Process proxy;
  private static Path dataDir;
  private static Path proxyLog;
  private static int port;

  @BeforeAll
  static void proxyInTheNamespace() throws Exception {
    net.routeMulticastOnLoopback();
    dataDir = Files.createTempDirectory("seamcache-multicast");
    proxyLog = Files.createTempFile("seamcache-multicast", ".log");
    List<String> command = new ArrayList<>(net.execPrefix());
    command.add(ProcessHandle.current().info().command().orElseThrow());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), ProxyInNamespaceChild.class.getName(),
        dataDir.toString(), "film=" + origin.vodUri() + "@0,1s", "0@" + GROUP + ":" + PORT, "1"));
    proxy = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(proxyLog.toFile()).start();
    Pattern listening = Pattern.compile("^rtsp-port (\\d+)$", Pattern.MULTILINE);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!proxy.isAlive()) {
        throw new IllegalStateException("the proxy in the namespace exited:\n" + Files.readString(proxyLog));
      }
      Matcher m = listening.matcher(Files.readString(proxyLog));
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      return port > 0;
    });
  }

  @AfterAll
  static void stopProxy() throws Exception {
    if (proxy != null) {
      proxy.getOutputStream().close(); // it stops as on SIGTERM
      if (!proxy.waitFor(30, TimeUnit.SECONDS)) {
        proxy.destroyForcibly();
        proxy.waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (proxyLog != null) {
      List<String> lines = Files.readAllLines(proxyLog).stream().filter(l -> !l.contains(" DEBUG ")).toList();
      System.out.println("the proxy's log, last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
      Files.delete(proxyLog);
    }
    if (dataDir != null) {
      try (java.util.stream.Stream<Path> all = Files.walk(dataDir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void aMemberOfTheGroupGetsWhatAUnicastViewerOfTheOffsetGets() throws Exception {
    Path sdp = dataDir.resolve("multicast").resolve("film-0.sdp");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(sdp));
    String sdpText = Files.readString(sdp);
    assertThat(sdpText).contains("c=IN IP4 " + GROUP + "/1").contains("m=video " + PORT + " RTP/AVP").doesNotContain("a=control");

    URI zero = URI.create("rtsp://127.0.0.1:" + port + "/film/0");
    // the SDP file is there before the group carries anything (an offset's file is written when the source plays); a
    // member's PLAY before the sender sends is 503 with Retry-After, so wait for the sender as its log tells
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> Files.readString(proxyLog).contains("sending to multicast group " + GROUP + ":" + PORT));
    CompletableFuture<RtpCapture> member = RtspCapture.of(zero).joiningMulticast().seconds(8).inNamespace(net).captureAsync();
    CompletableFuture<RtpCapture> unicast = RtspCapture.of(zero).transport(Transport.TCP).seconds(4).inNamespace(net).captureAsync();
    CompletableFuture<FfmpegDecode> fromSdp = Ffmpeg.ofSdpFile(sdp).durationSeconds(3).timeout(Duration.ofSeconds(30)).inNamespace(net)
        .decodeAsync();
    CompletableFuture<FfmpegDecode> overRtsp = Ffmpeg.of(zero).transport(Transport.TCP).durationSeconds(3).timeout(Duration.ofSeconds(30))
        .inNamespace(net).decodeAsync();

    RtpCapture m = member.get();
    RtpCapture u = unicast.get();
    assertThat(m.dialog()).as("the SETUP answer names the group\n%s", m.describe())
        .contains("Transport: RTP/AVP;multicast;destination=" + GROUP + ";ttl=1;port=" + PORT + "-" + (PORT + 1));
    Matcher rtcp = Pattern.compile("received (\\d+) RTCP packets").matcher(m.dialog());
    assertThat(rtcp.find()).as(m.describe()).isTrue();
    Matcher uRtcp = Pattern.compile("received (\\d+) RTCP packets").matcher(u.dialog());
    System.out.printf("multicast: RTCP packets from the group %s in 8 s, to the unicast viewer %s in 4 s%n", rtcp.group(1),
        uRtcp.find() ? uRtcp.group(1) : "?");
    // the recorded sender reports, on each track's RTCP port (the origin sends one at least every 7.5 s: RFC 3550's 5 s x 1.5)
    assertThat(Integer.parseInt(rtcp.group(1))).as("RTCP packets from the group").isGreaterThanOrEqualTo(1);
    System.out.printf("multicast: sequence gaps seen by the member %s, by the unicast viewer %s%n", m.losses(), u.losses());
    // nothing lost on the way to the group (the sender's socket takes a picture group sent at once: it once dropped ~12%)
    assertThat(m.loss(0).lost()).as("video packets the member missed\n%s", m.describe()).isZero();
    List<RtpCapture.CapturedPacket> mRtp = m.packets(0);
    List<RtpCapture.CapturedPacket> uRtp = u.packets(0);
    assertThat(mRtp).as("packets from the group\n%s", m.describe()).hasSizeGreaterThan(50);
    assertThat(uRtp).as("packets to the unicast viewer\n%s", u.describe()).hasSizeGreaterThan(50);

    Map<String, List<Double>> fromGroup = new HashMap<>();
    for (RtpCapture.CapturedPacket p : mRtp) {
      fromGroup.computeIfAbsent(p.payloadSha1(), k -> new ArrayList<>()).add(m.monotonicT0() + p.arrivalSeconds());
    }
    double joined = uRtp.get(0).arrivalSeconds();
    List<Double> apart = new ArrayList<>();
    for (RtpCapture.CapturedPacket p : uRtp) {
      if (p.arrivalSeconds() - joined < 1.5 || p.arrivalSeconds() > 3.5) {
        continue; // the group the viewer joined on came at once (the member had them before it joined); the end: one may stop first
      }
      List<Double> at = fromGroup.get(p.payloadSha1());
      assertThat(at).as("a packet of offset 0 the group never carried, %.3f s after the unicast viewer joined", p.arrivalSeconds() - joined)
          .isNotNull();
      if (at.size() == 1) { // parameter sets come again with each key frame: their times say nothing
        apart.add(u.monotonicT0() + p.arrivalSeconds() - at.get(0));
      }
    }
    double least = apart.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double most = apart.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    System.out.printf("multicast: %d packets of offset 0 came to the unicast viewer %.3f to %.3f s after the group's copies%n", apart.size(), least,
        most);
    assertThat(apart).hasSizeGreaterThan(40);
    assertThat(least).as("s apart, least: one time line").isGreaterThan(-0.5);
    assertThat(most).as("s apart, most: one time line").isLessThan(0.5);

    List<String> groupFrames = fromSdp.get().video().orElseThrow(() -> new AssertionError(fromSdp.join().describe())).md5s();
    List<String> rtspFrames = overRtsp.get().video().orElseThrow(() -> new AssertionError(overRtsp.join().describe())).md5s();
    assertThat(groupFrames).as("video frames ffmpeg decoded from the SDP file").hasSizeGreaterThan(25);
    int i = 0;
    while (i < groupFrames.size() && !rtspFrames.contains(groupFrames.get(i))) {
      i++;
    }
    assertThat(i).as("a frame ffmpeg decoded from the SDP file that ffmpeg over RTSP decoded too (%d and %d frames)\n%s\n%s", groupFrames.size(),
        rtspFrames.size(), fromSdp.get().describe(), overRtsp.get().describe()).isLessThan(groupFrames.size());
    int j = rtspFrames.indexOf(groupFrames.get(i));
    int same = 0;
    while (i + same < groupFrames.size() && j + same < rtspFrames.size() && groupFrames.get(i + same).equals(rtspFrames.get(j + same))) {
      same++;
    }
    boolean toTheEnd = i + same == groupFrames.size() || j + same == rtspFrames.size();
    long missed = fromSdp.get().missedRtpPackets();
    System.out.printf("multicast: RTP packets missed by ffmpeg reading the SDP file %d, over RTSP %d%n", missed, overRtsp.get().missedRtpPackets());
    System.out.printf("multicast: %d frames decoded from the SDP file equal those decoded over RTSP, one by one%s%n", same,
        toTheEnd ? "" : " (then ffmpeg reading the group missed " + missed + " RTP packets)");
    assertThat(toTheEnd).as("frame %d of the common run differs (ffmpeg reading the group missed %d RTP packets); from the SDP file (from %d) %s; "
        + "over RTSP (from %d) %s", same, missed, i, groupFrames, j, rtspFrames).isTrue();
    assertThat(same).as("frames decoded alike (about a second of video; how many depends on where ffmpeg over RTSP started)").isGreaterThanOrEqualTo(20);
  }

  @Test
  @Order(2)
  void anOffsetNotSentAsMulticastRefusesAMulticastSetup() throws IOException {
    URI one = URI.create("rtsp://127.0.0.1:" + port + "/film/1s");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      RtpCapture c = RtspCapture.of(one).joiningMulticast().seconds(1).inNamespace(net).capture();
      return !c.dialog().contains("DESCRIBE failed");
    });
    RtpCapture c = RtspCapture.of(one).joiningMulticast().seconds(1).inNamespace(net).capture();
    assertThat(c.dialog()).contains("RTSP/1.0 461").contains("multicast delivery is not offered").contains("failed: 461");
  }

  /** A member of the group, on track 0's RTCP port: says "joined", then "BYE" when an RTCP BYE comes (or "none" after 20 s). */
  private static final String BYE_LISTENER = String.join("\n",
      "import socket, sys, time",
      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
      "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
      "s.bind((sys.argv[1], int(sys.argv[2])))",
      "s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(sys.argv[1]) + socket.inet_aton('0.0.0.0'))",
      "s.settimeout(0.5)",
      "print('joined', flush=True)",
      "end = time.monotonic() + 20",
      "while time.monotonic() < end:",
      "    try:",
      "        p = s.recv(65536)",
      "    except socket.timeout:",
      "        continue",
      "    i = 0",
      "    while i + 4 <= len(p):",
      "        if p[i + 1] == 203:",
      "            print('BYE', flush=True)",
      "            sys.exit(0)",
      "        i += 4 * (int.from_bytes(p[i + 2:i + 4], 'big') + 1)",
      "print('none', flush=True)");

  @Test
  @Order(3)
  void stoppingTheProxyTellsTheGroupItsStreamEnds() throws Exception {
    List<String> command = new ArrayList<>(net.execPrefix());
    command.addAll(List.of("python3", "-c", BYE_LISTENER, GROUP, String.valueOf(PORT + 1)));
    Process listener = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(listener.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("joined");
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.readString(proxyLog).contains("has played the whole source"),
          "offset 0 played the whole 20 s title before the stop (its own BYE ends it)");
      proxy.getOutputStream().close(); // the proxy stops as on SIGTERM
      assertThat(out.readLine()).as("what the group's RTCP port got after the stop").isEqualTo("BYE");
      assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(proxyLog)).doesNotContain("has played the whole source").contains("stopped");
    } finally {
      listener.destroy();
      listener.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
