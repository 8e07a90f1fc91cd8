package org.seamcache.proxy.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.seamcache.proxy.rtsp.InterleavedFrame;
import org.seamcache.proxy.rtsp.PortRange;
import org.seamcache.proxy.rtsp.RtspResponse;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.rtsp.InterleavedChannels;
import org.seamcache.proxy.rtsp.TransportHeader;
import org.seamcache.proxy.rtsp.TransportSpec;
import org.seamcache.proxy.transport.UdpPortPair;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP session with an origin for one content: DESCRIBE, SETUP of the chosen tracks, PLAY,
 * PAUSE, TEARDOWN, and the packets that arrive (UDP or interleaved) handed to a {@link PacketSink}.
 *
 * <p>UDP is tried first unless TCP is preferred; a 461 answer or silence after PLAY switches the
 * leg to TCP-interleaved, as ffmpeg and live555 do. While playing, silence longer than
 * {@link LegSettings#originSilence()} means the origin is dead and the leg closes. Keep-alives are
 * sent at half the origin's session timeout.
 *
 * <p>Confined to the event loop of its origin connection; call every method from there.
 */
public final class UpstreamLeg {
  private static final Logger log = LoggerFactory.getLogger(UpstreamLeg.class);
  private static final AtomicLong IDS = new AtomicLong();
  /** RFC 3550's minimum report interval is 5 s; one report per track at that pace is a negligible load. */
  private static final long RECEIVER_REPORT_SECONDS = 5;

  private final long id = IDS.incrementAndGet();
  private final OriginConnection origin;
  private final ContentDescription content;
  private final LegSettings settings;
  private final LongSupplier nanoClock;
  private final String sessionUri;
  private final LegReception reception;
  private java.util.function.Supplier<CompletableFuture<PacketSink>> tapAtStart = () -> CompletableFuture.completedFuture(null);
  private int[] tracks = new int[0];
  private final List<UdpPortPair> udpPairs = new ArrayList<>();
  private boolean tcp;
  private boolean playing;
  private boolean closed;
  private final InetSocketAddress[] serverRtcp;
  private ScheduledFuture<?> receiverReports;
  private int sessionTimeoutSeconds = 60;
  private ScheduledFuture<?> keepAlive;
  private ScheduledFuture<?> watchdog;
  private final CompletableFuture<String> closedReason = new CompletableFuture<>();
  private volatile String originUri = "";
  private OriginCacheHeaders cacheHeaders = OriginCacheHeaders.NONE;
  private PlayRate rate = PlayRate.NORMAL; // sent with every PLAY from now on
  private RtspResponse describeAnswer;

  private UpstreamLeg(OriginConnection origin, ContentDescription content, LegSettings settings, LongSupplier nanoClock) {
    this.origin = origin;
    this.content = content;
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.tcp = settings.preferTcp();
    this.reception = new LegReception(content.tracks().stream().mapToInt(ContentDescription.Track::clockRateHz).toArray());
    this.serverRtcp = new InetSocketAddress[content.tracks().size()];
    String base = content.originBase().toString();
    this.sessionUri = base.endsWith("/") ? base : base + "/";
  }

  /**
   * Connects and DESCRIBEs; an origin error status (401, 404...) comes back as that status. The
   * connection belongs to this call until it returns the leg: on every other outcome (error, refused
   * answer, an answer the proxy cannot use) it is closed here.
   */
  public static CompletableFuture<UpstreamLeg> describe(
      EventLoop loop, URI originUri, InetSocketAddress address, OriginAuthenticator auth, LegSettings settings, LongSupplier nanoClock) {
    return describe(loop, originUri, address, auth, settings, nanoClock, null);
  }

  /** As above; every request of the leg carries {@code via} as its {@code Via} header (null: none). */
  public static CompletableFuture<UpstreamLeg> describe(
      EventLoop loop, URI originUri, InetSocketAddress address, OriginAuthenticator auth, LegSettings settings, LongSupplier nanoClock,
      String via) {
    String uri = withoutCredentials(originUri);
    return OriginConnection.connect(loop, address, auth, settings.requestTimeout(), via)
        .thenCompose(
            conn -> {
              HttpHeaders h = new DefaultHttpHeaders().set("Accept", "application/sdp");
              return conn.request(RtspMethods.DESCRIBE, uri, h)
                  .handle(
                      (r, err) -> {
                        try {
                          return legFor(conn, uri, r, err, settings, nanoClock, auth == OriginAuthenticator.NONE);
                        } catch (RuntimeException e) {
                          conn.close();
                          throw e;
                        }
                      });
            });
  }

  /** At most this many of an origin's challenges, each at most this long, reach the viewer. */
  private static final int MAX_CHALLENGES = 4;
  private static final int MAX_CHALLENGE_CHARS = 1024;

  private static UpstreamLeg legFor(
      OriginConnection conn, String uri, RtspResponse r, Throwable err, LegSettings settings, LongSupplier nanoClock,
      boolean passChallenges) {
    if (err != null) {
      throw asStatus(err);
    }
    if (r.status() == 401 && passChallenges) {
      // The proxy has no credentials for this origin: the viewer gets the origin's challenge, so a
      // player can ask its user (the answer is the viewer's to give; see README "Who may watch").
      List<String> challenges = r.headers().getAll("WWW-Authenticate").stream()
          .filter(c -> c.length() <= MAX_CHALLENGE_CHARS && c.chars().noneMatch(ch -> ch < 0x20 && ch != '\t'))
          .limit(MAX_CHALLENGES)
          .toList();
      throw new RtspStatusException(401, "origin answered DESCRIBE with 401 " + r.reason(), challenges);
    }
    if (!r.isSuccess()) {
      throw new RtspStatusException(r.status(), "origin answered DESCRIBE with " + r.status() + " " + r.reason());
    }
    String base = r.header("Content-Base");
    URI originBase;
    try {
      originBase = URI.create(base != null ? base.trim() : uri);
    } catch (IllegalArgumentException e) {
      throw new RtspStatusException(502, "origin sent a malformed Content-Base");
    }
    ContentDescription content;
    try {
      content = ContentDescription.parse(r.body(), originBase);
    } catch (IllegalArgumentException e) { // a control URL that is no URI
      throw new RtspStatusException(502, "origin sent an SDP the proxy cannot use");
    }
    UpstreamLeg leg = new UpstreamLeg(conn, content, settings, nanoClock);
    leg.originUri = uri;
    leg.cacheHeaders = new OriginCacheHeaders(r.header("Cache-Control"), r.header("ETag"), r.header("Last-Modified"));
    leg.describeAnswer = r;
    return leg;
  }

  static String withoutCredentials(URI uri) {
    return org.seamcache.proxy.rtsp.RtspUrl.withoutUserInfo(uri.toString());
  }

  private static RuntimeException asStatus(Throwable err) {
    Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    return t instanceof RtspStatusException s ? s : new RtspStatusException(502, "origin failed: " + t.getMessage(), t);
  }

  public long id() {
    return id;
  }

  /** The Scale and Speed its PLAY requests ask the origin for, from the next one on. */
  public void rate(PlayRate rate) {
    this.rate = rate;
  }

  /**
   * Its packets are no longer recorded (a trick-play rendition must never become the cached copy):
   * the recording taps end this leg's part now, and a leg not started yet gets none.
   */
  public void untap(String why) {
    tapAtStart = () -> CompletableFuture.completedFuture(null);
    reception.removeTaps(why);
  }

  /** The caching headers of the origin's DESCRIBE answer. */
  /** A header of the origin's DESCRIBE answer (e.g. the one a channel reads its offsets from), or null. */
  public String describeHeader(String name) {
    return describeAnswer == null ? null : describeAnswer.header(name);
  }

  public OriginCacheHeaders cacheHeaders() {
    return cacheHeaders;
  }

  /** Completes with the reason when the leg closes. */
  public CompletableFuture<String> closed() {
    return closedReason;
  }

  public String originUri() {
    return originUri;
  }

  public boolean isPlaying() {
    return playing;
  }

  public ContentDescription content() {
    return content;
  }

  public EventLoop eventLoop() {
    return origin.eventLoop();
  }

  public boolean isTcp() {
    return tcp;
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Sets what supplies an extra reader of this leg's packets (a recorder) when the leg starts; the
   * leg waits for it before its SETUP, so the reader misses no packet.
   */
  public void tapAtStart(java.util.function.Supplier<CompletableFuture<PacketSink>> supplier) {
    this.tapAtStart = supplier;
  }

  /** SETUPs {@code trackIndexes} and PLAYs from {@code range} (null: from the start or live edge). */
  public CompletableFuture<RtspResponse> start(int[] trackIndexes, String range, PacketSink sink) {
    reception.sink(sink);
    this.tracks = trackIndexes.clone();
    origin.listener(
        new OriginConnection.Listener() {
          @Override
          public void onFrame(InterleavedFrame frame) {
            try {
              int ch = frame.channel();
              int slot = ch / 2;
              if (slot < tracks.length) {
                receive(tracks[slot], ch % 2 == 1, frame.content());
                reception.batchEnded();
              }
            } finally {
              frame.release();
            }
          }

          @Override
          public void onClosed() {
            close("origin closed the RTSP connection");
          }
        });
    return tapAtStart.get()
        .thenComposeAsync(
            tap -> {
              if (tap != null) {
                reception.addTap(tap);
                if (closed) {
                  tap.onLegClosed("closed before it started");
                }
              }
              return setupAll(0);
            },
            origin.eventLoop())
        .thenCompose(v -> play(range))
        .thenCompose(this::awaitFirstPacketOrFallBack);
  }

  /**
   * SETUPs the tracks from {@code slot} on. An origin that refuses UDP (461) makes the leg start
   * over with TCP-interleaved, once; a session already holding UDP tracks is torn down first.
   */
  private CompletableFuture<Void> setupAll(int slot) {
    if (slot == tracks.length) {
      return CompletableFuture.completedFuture(null);
    }
    return setup(slot)
        .thenCompose(
            refusedUdp -> {
              if (!refusedUdp) {
                return setupAll(slot + 1);
              }
              log.info("leg {}: origin refused UDP (461), switching to TCP-interleaved", id);
              CompletableFuture<RtspResponse> drop =
                  origin.session() == null
                      ? CompletableFuture.completedFuture(null)
                      : origin.request(RtspMethods.TEARDOWN, sessionUri, new DefaultHttpHeaders());
              return drop.handle((r, e) -> null)
                  .thenCompose(
                      x -> {
                        origin.clearSession();
                        switchToTcp();
                        return setupAll(0);
                      });
            });
  }

  /** SETUP of one track; completes with true when the origin refused UDP. */
  private CompletableFuture<Boolean> setup(int slot) {
    if (tcp) {
      return sendSetup(slot, TransportSpec.tcpInterleaved(InterleavedChannels.rtpAndRtcp(2 * slot)));
    }
    InetAddress local = ((InetSocketAddress) origin.channel().localAddress()).getAddress();
    int trackIndex = tracks[slot];
    return UdpPortPair.bindAsync(origin.eventLoop(), local, new UdpReceiver(trackIndex, false), new UdpReceiver(trackIndex, true))
        .exceptionally(
            e -> {
              throw new RtspStatusException(503, "no free UDP ports towards the origin: " + e.getMessage(), e);
            })
        .thenComposeAsync(
            pair -> {
              if (closed || tcp) {
                pair.close();
                return CompletableFuture.completedFuture(false);
              }
              udpPairs.add(pair);
              return sendSetup(slot, TransportSpec.udpUnicast(PortRange.rtpAndRtcp(pair.rtpPort())));
            },
            origin.eventLoop());
  }

  private CompletableFuture<Boolean> sendSetup(int slot, TransportSpec spec) {
    ContentDescription.Track track = content.tracks().get(tracks[slot]);
    HttpHeaders h = new DefaultHttpHeaders().set("Transport", TransportHeader.of(spec).format());
    return origin.request(RtspMethods.SETUP, track.originControlUri().toString(), h)
        .thenApply(
            r -> {
              if (r.status() == 461 && !tcp) {
                return true;
              }
              if (!r.isSuccess()) {
                throw new RtspStatusException(r.status(), "origin answered SETUP with " + r.status() + " " + r.reason());
              }
              readSessionTimeout(r.header("Session"));
              if (!tcp) {
                serverRtcp[slot] = serverRtcpAddress(r.header("Transport"));
              }
              return false;
            });
  }

  /** Where the origin wants our RTCP: its server_port + 1 (or the second port of the pair). */
  private InetSocketAddress serverRtcpAddress(String transport) {
    if (transport == null) {
      return null;
    }
    try {
      TransportSpec spec = TransportHeader.parse(transport).first();
      InetAddress originAddress = ((InetSocketAddress) origin.channel().remoteAddress()).getAddress();
      return spec.serverPort()
          .map(p -> new InetSocketAddress(originAddress, p.last() > p.first() ? p.last() : p.first() + 1))
          .orElse(null);
    } catch (RtspHeaderException e) {
      return null; // no receiver reports then; keep-alives still go over RTSP
    }
  }

  private void readSessionTimeout(String session) {
    if (session == null) {
      return;
    }
    int i = session.indexOf("timeout=");
    if (i >= 0) {
      try {
        sessionTimeoutSeconds = Math.max(2, Integer.parseInt(session.substring(i + 8).replaceAll("[^0-9].*", "")));
      } catch (NumberFormatException ignored) {
        // a malformed timeout keeps the RFC 2326 default of 60 s
      }
    }
  }

  private void switchToTcp() {
    tcp = true;
    udpPairs.forEach(UdpPortPair::close);
    udpPairs.clear();
  }

  /** PLAY; {@code range} null keeps the position (resume) or starts at the beginning. */
  public CompletableFuture<RtspResponse> play(String range) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (range != null) {
      h.set("Range", range);
    }
    if (rate.scale() != 1) {
      h.set("Scale", PlayRate.format(rate.scale()));
    }
    if (rate.speed() != 1) {
      h.set("Speed", PlayRate.format(rate.speed()));
    }
    return origin.request(RtspMethods.PLAY, sessionUri, h)
        .thenApply(
            r -> {
              if (!r.isSuccess()) {
                throw new RtspStatusException(r.status(), "origin answered PLAY with " + r.status() + " " + r.reason());
              }
              playing = true;
              reception.resetSilence(nanoClock.getAsLong());
              startTimers();
              return r;
            });
  }

  private CompletableFuture<RtspResponse> awaitFirstPacketOrFallBack(RtspResponse playResponse) {
    if (tcp) {
      return CompletableFuture.completedFuture(playResponse);
    }
    CompletableFuture<RtspResponse> result = new CompletableFuture<>();
    ScheduledFuture<?> timer =
        origin.eventLoop()
            .schedule(
                () -> {
                  if (result.isDone() || closed) {
                    return;
                  }
                  log.info("leg {}: no UDP packet {} ms after PLAY, switching to TCP-interleaved", id, settings.udpFallback().toMillis());
                  String range = playResponse.header("Range");
                  origin.request(RtspMethods.TEARDOWN, sessionUri, new DefaultHttpHeaders())
                      .handle((r, e) -> null)
                      .thenCompose(
                          x -> {
                            switchToTcp();
                            origin.clearSession();
                            playing = false;
                            return setupAll(0);
                          })
                      .thenCompose(v -> play(range))
                      .whenComplete(
                          (r, e) -> {
                            if (e != null) {
                              result.completeExceptionally(e);
                            } else {
                              result.complete(r);
                            }
                          });
                },
                settings.udpFallback().toMillis(),
                TimeUnit.MILLISECONDS);
    reception.firstRtp().whenComplete(
        (v, e) -> {
          timer.cancel(false);
          result.complete(playResponse);
        });
    return result;
  }

  public CompletableFuture<RtspResponse> pause() {
    return origin.request(RtspMethods.PAUSE, sessionUri, new DefaultHttpHeaders())
        .thenApply(
            r -> {
              if (r.isSuccess()) {
                playing = false;
              }
              return r;
            });
  }

  private void startTimers() {
    if (keepAlive == null) {
      long period = Math.max(1, sessionTimeoutSeconds / 2);
      keepAlive =
          origin.eventLoop()
              .scheduleAtFixedRate(
                  () -> origin.request(RtspMethods.GET_PARAMETER, sessionUri, new DefaultHttpHeaders()),
                  period, period, TimeUnit.SECONDS);
    }
    if (receiverReports == null) {
      receiverReports = origin.eventLoop().scheduleAtFixedRate(this::sendReceiverReports, 1, RECEIVER_REPORT_SECONDS, TimeUnit.SECONDS);
    }
    if (watchdog == null) {
      long checkMillis = Math.max(50, Math.min(250, settings.originSilence().toMillis() / 4));
      watchdog =
          origin.eventLoop()
              .scheduleAtFixedRate(this::checkSilence, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void checkSilence() {
    if (playing && !closed && nanoClock.getAsLong() - reception.lastPacketNanos() > settings.originSilence().toNanos()) {
      close("origin sent nothing for " + settings.originSilence().toMillis() + " ms");
    }
  }

  private void receive(int track, boolean rtcp, ByteBuf packet) {
    if (!closed) {
      reception.receive(track, rtcp, packet, nanoClock.getAsLong());
    }
  }

  /** Sends a receiver report per track to the origin (RFC 3550 §6.4.2), so it sees us alive and our loss. */
  private void sendReceiverReports() {
    if (!playing || closed) {
      return;
    }
    long now = nanoClock.getAsLong();
    for (int slot = 0; slot < tracks.length; slot++) {
      byte[] rr = reception.receiverReport(tracks[slot], now);
      if (rr == null) {
        continue;
      }
      if (tcp) {
        origin.writeFrame(new InterleavedFrame(2 * slot + 1, Unpooled.wrappedBuffer(rr)));
      } else if (slot < udpPairs.size() && serverRtcp[slot] != null) {
        Channel socket = udpPairs.get(slot).rtcp();
        socket.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(rr), serverRtcp[slot]), socket.voidPromise());
      }
    }
  }

  public long packetsIn() {
    return reception.packetsIn();
  }

  public long bytesIn() {
    return reception.bytesIn();
  }

  public long malformedIn() {
    return reception.malformedIn();
  }

  public long rtcpIn() {
    return reception.rtcpIn();
  }

  /** RTP packets the origin sent on this leg, judged from sequence numbers. */
  public long expectedPackets() {
    return reception.expectedPackets();
  }

  /** RTP packets judged lost on this leg (reordered ones that arrived late are not lost). */
  public long lostPackets() {
    return reception.lostPackets();
  }

  /**
   * The newest closed loss interval of {@code track} (an interval with no arrivals when the origin
   * went silent), or null before its first packet. Call it once per interval.
   */
  public org.seamcache.seamer.LossInterval pollLoss(int track, long nowNanos) {
    return reception.pollLoss(track, nowNanos);
  }

  /** The largest interarrival jitter among the tracks (RFC 3550 A.8), in milliseconds. */
  public double jitterMillis() {
    return reception.jitterMillis();
  }

  /** TEARDOWN (best effort) and release everything; the sink hears {@code onLegClosed}. */
  public void teardown() {
    if (closed) {
      return;
    }
    if (origin.isOpen() && origin.session() != null) {
      origin.request(RtspMethods.TEARDOWN, sessionUri, new DefaultHttpHeaders()).whenComplete((r, e) -> origin.close());
    } else {
      origin.close();
    }
    close("torn down");
  }

  private void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    playing = false;
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    if (receiverReports != null) {
      receiverReports.cancel(false);
    }
    udpPairs.forEach(UdpPortPair::close);
    udpPairs.clear();
    if (!origin.isOpen() || !reason.equals("torn down")) {
      origin.close();
    }
    log.info("leg {} closed: {}", id, reason);
    closedReason.complete(reason);
    reception.closed(reason);
  }

  /**
   * Receives one UDP socket's datagrams; only packets from the origin's address are accepted.
   * Sharable: it keeps no per-channel state, and a bind retry hands the same instance to a new socket.
   */
  @io.netty.channel.ChannelHandler.Sharable
  private final class UdpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final int track;
    private final boolean rtcp;

    UdpReceiver(int track, boolean rtcp) {
      this.track = track;
      this.rtcp = rtcp;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      InetAddress originAddress = ((InetSocketAddress) origin.channel().remoteAddress()).getAddress();
      if (!packet.sender().getAddress().equals(originAddress)) {
        return; // not from the origin: ignore, never relay
      }
      receive(track, rtcp, packet.content());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      reception.batchEnded();
    }
  }
}
