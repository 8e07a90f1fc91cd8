package org.seamcache.proxy.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.seamcache.proxy.relay.HeldUntilPlayAnswered;
import org.seamcache.proxy.relay.InterleavedViewerOutput;
import org.seamcache.proxy.relay.UdpViewerOutput;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.route.LoopGuard;
import org.seamcache.proxy.route.OriginResolver;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.rtsp.InterleavedChannels;
import org.seamcache.proxy.rtsp.InterleavedFrame;
import org.seamcache.proxy.rtsp.PortRange;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.CacheControlHeader;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.rtsp.SessionHeader;
import org.seamcache.proxy.rtsp.TransportHeader;
import org.seamcache.proxy.rtsp.TransportSpec;
import org.seamcache.proxy.session.AccessLog;
import org.seamcache.proxy.session.ContentRef;
import org.seamcache.proxy.session.ContentSources;
import org.seamcache.proxy.session.Playbacks;
import org.seamcache.proxy.session.ProxyCounters;
import org.seamcache.proxy.session.SessionRegistry;
import org.seamcache.proxy.session.ViewerRtcp;
import org.seamcache.proxy.session.ViewerSession;
import org.seamcache.proxy.transport.ViewerUdpPorts;
import org.seamcache.proxy.upstream.UpstreamLeg;

/**
 * What the proxy answers to each RTSP method a viewer sends (RFC 2326 §10). Stateless apart from
 * the shared registries; per-connection state lives in {@link ViewerConnection}. Thread-safe.
 */
final class ViewerRequests {
  static final String SERVER = "seamcache/0.1";
  static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

  private final java.util.function.Supplier<OriginResolver> resolver; // routes change on reload
  private final ContentSources sources;
  private final SessionRegistry sessions;
  private final Playbacks playbacks;
  private final ViewerUdpPorts serverPorts;
  private final LongSupplier nanoClock;
  private final ProxyCounters counters;
  private final ConnectionLimits limits;
  private final LoopGuard loopGuard;
  private final Draining draining;
  private final RequestAdmission admission;

  ViewerRequests(
      java.util.function.Supplier<OriginResolver> resolver,
      ContentSources sources,
      SessionRegistry sessions,
      Playbacks playbacks,
      ViewerUdpPorts serverPorts,
      LongSupplier nanoClock,
      ProxyCounters counters,
      ConnectionLimits limits,
      LoopGuard loopGuard,
      Draining draining,
      java.util.function.Supplier<ViewerAccess> access) {
    this.admission = new RequestAdmission(access, resolver, sessions);
    this.draining = draining;
    this.counters = counters;
    this.limits = limits;
    this.loopGuard = loopGuard;
    this.resolver = resolver;
    this.sources = sources;
    this.sessions = sessions;
    this.playbacks = playbacks;
    this.serverPorts = serverPorts;
    this.nanoClock = nanoClock;
  }

  CompletableFuture<Answer> handle(ViewerConnection conn, FullHttpRequest req) {
    counters.requests.increment();
    loopGuard.refuseLooped(req.headers().getAll("Via"));
    String method = req.method().name();
    TokenQuery token = TokenQuery.of(req.uri());
    String uri = token.uri(); // a viewer token goes no further than this check: not to the origin, not into content keys
    java.util.Optional<ViewerAccess.Refusal> refused = admission.refusal(conn, req, token);
    if (refused.isPresent()) {
      FullHttpResponse r = response(refused.get().status(), refused.get().reason());
      refused.get().challenge().ifPresent(c -> r.headers().set(refused.get().challengeHeader(), c));
      return done(r);
    }
    if (draining.isDraining() && (method.equals("DESCRIBE") || method.equals("SETUP") || method.equals("PLAY"))) {
      throw new RtspStatusException(503, "the proxy is shutting down");
    }
    switch (method) {
      case "OPTIONS":
        FullHttpResponse r = response(200, null);
        r.headers().set("Public", PUBLIC);
        touch(conn, req);
        return done(r);
      case "DESCRIBE":
        return describe(conn, uri, cacheControl(req.headers().get("Cache-Control")), loopGuard.viaAfter(req.headers().getAll("Via")),
                admission.originAuthorization(req, uri), !req.headers().getAll("Via").isEmpty())
            .thenApply(Answer::of);
      case "SETUP":
        return done(setup(conn, uri, req));
      case "PLAY":
        return play(conn, req);
      case "PAUSE":
        return pause(conn, req).thenApply(Answer::of);
      case "TEARDOWN":
        return done(teardown(conn, req));
      case "GET_PARAMETER":
      case "SET_PARAMETER":
        if (sessionId(req) != null) {
          own(conn, req); // a keep-alive for a session that is not the viewer's own is 454
        }
        return done(withSession(response(200, null), req.headers().get("Session")));
      case "ANNOUNCE":
      case "RECORD":
      case "REDIRECT":
        FullHttpResponse na = response(405, "a proxy for playback does not accept " + method);
        na.headers().set("Allow", PUBLIC);
        return done(na);
      default:
        return done(response(501, "method " + method + " is not implemented"));
    }
  }

  /** The viewer as the cache's decisions name it ({@code ip:port}). */
  private static String viewerAddress(ViewerConnection conn) {
    java.net.InetSocketAddress a = conn.remote();
    return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static CacheControlHeader cacheControl(String value) {
    try {
      return CacheControlHeader.parse(value);
    } catch (RtspHeaderException e) {
      throw new RtspStatusException(400, e.getMessage());
    }
  }

  private CompletableFuture<FullHttpResponse> describe(
      ViewerConnection conn, String uri, CacheControlHeader cache, String via, String originAuthorization, boolean viaProxy) {
    java.util.Optional<ContentRef> channel = sources.channelOffset(uri); // an offset of a time-offset channel: played from its recording
    if (channel.isPresent()) {
      conn.described(channel.get());
      FullHttpResponse r = response(200, null, channel.get().description().sdpFor(channel.get().proxyUri()));
      r.headers().set("Content-Type", "application/sdp");
      r.headers().set("Content-Base", channel.get().proxyUri() + "/");
      return CompletableFuture.completedFuture(r);
    }
    OriginTarget resolved =
        resolver.get().resolve(uri, conn.localHostPort()).orElseThrow(() -> new RtspStatusException(404, "no origin for " + uri)).withVia(via);
    // A viewer's Basic answer to the origin's challenge becomes the origin's credentials (and makes the content its own).
    OriginTarget target = RelayedCredentials.into(resolved.originUri(), originAuthorization)
        .map(resolved::withOriginUri)
        .orElse(resolved);
    EventLoop loop = conn.channel().eventLoop();
    if (!conn.reserveUpstream(limits.maxUpstreamPerConnection())) {
      throw new RtspStatusException(
          453, "this connection already holds " + limits.maxUpstreamPerConnection() + " upstream connections; TEARDOWN or close some first");
    }
    CompletableFuture<ContentSources.Described> described;
    try {
      described = sources.describe(target, loop, cache, viewerAddress(conn), viaProxy);
    } catch (RuntimeException e) {
      conn.describeEnded(target.proxyUri(), null, null);
      throw e;
    }
    return described
        .whenComplete(
            // First of all, and whether the viewer is still there or not: the connection owns the leg now.
            (d, err) -> conn.describeEnded(target.proxyUri(), d == null ? null : d.opened(), d == null ? null : d.vodLeg()))
        .thenApply(
            d -> {
              conn.described(d.ref());
              String sdp = d.ref().description().sdpFor(target.proxyUri());
              FullHttpResponse r = response(200, null, sdp);
              r.headers().set("Content-Type", "application/sdp");
              r.headers().set("Content-Base", target.proxyUri() + "/");
              return r;
            });
  }

  private FullHttpResponse setup(ViewerConnection conn, String uri, FullHttpRequest req) {
    String sessionId = sessionId(req);
    ViewerSession session = sessionId == null ? null : own(conn, req);
    ContentRef content = session != null ? session.content() : conn.describedFor(stripSlash(uri));
    if (content == null) {
      throw new RtspStatusException(455, "SETUP of " + uri + " before a DESCRIBE of its content on this connection");
    }
    int track = content.description().trackFor(content.proxyUri(), uri);
    if (track < 0) {
      throw new RtspStatusException(404, "no track at " + uri);
    }
    TransportSpec answer = TransportChoice.choose(req.headers().get("Transport"), 2 * track, multicastAnswer(content, track));
    if (session == null) {
      session = sessions.create(conn.remote(), answer.isTcp() ? conn.channel() : null, content);
      conn.sessions().add(session.id());
    } else if (session.playbackStarted()) {
      throw new RtspStatusException(455, "SETUP while playing is not supported; TEARDOWN first");
    }
    TransportSpec.LowerTransport earlier = session.lowerTransport();
    if (earlier != null && earlier != answer.lowerTransport()) {
      throw new RtspStatusException(461, "all tracks of a session must use the same lower transport");
    }
    for (int other : session.setupTracks()) {
      if (other != track && session.transport(other).isMulticast() != answer.isMulticast()) {
        throw new RtspStatusException(461, "all tracks of a session must be multicast, or none");
      }
    }
    if (answer.isMulticast()) {
      // nothing of the viewer's own: it joins the group
    } else if (answer.isTcp()) {
      refuseSharedChannels(session, track, answer.interleaved().orElseThrow());
    } else {
      answer = answer.withServerPort(PortRange.rtpAndRtcp(serverPorts.rtpPort()));
    }
    session.setTransport(track, answer, conn.channel());
    FullHttpResponse r = response(200, null);
    r.headers().set("Transport", TransportHeader.of(answer).format());
    r.headers().set("Session", SessionHeader.of(session.id(), session.timeoutSeconds()).format());
    return r;
  }

  /**
   * The answer to a viewer asking to join the multicast group a channel offset is sent to, or null
   * where the content is not sent as multicast (RFC 2326 §12.39: destination, port pair, ttl).
   */
  private static TransportSpec multicastAnswer(ContentRef content, int track) {
    return content.multicastGroup()
        .map(g -> TransportSpec.udpMulticast(g.address().getHostAddress(), PortRange.rtpAndRtcp(g.rtp(track).getPort()), content.multicastTtl()))
        .orElse(null);
  }

  /** Two tracks on one channel would mix their packets on the viewer's side. */
  private static void refuseSharedChannels(ViewerSession session, int track, InterleavedChannels wanted) {
    for (int other : session.setupTracks()) {
      InterleavedChannels used = session.transport(other).interleaved().orElse(null);
      if (other != track && used != null && used.first() <= wanted.last() && wanted.first() <= used.last()) {
        throw new RtspStatusException(
            461, "interleaved channels " + wanted.format() + " are already used by track " + other + " of this session");
      }
    }
  }

  private CompletableFuture<Answer> play(ViewerConnection conn, FullHttpRequest req) {
    ViewerSession session = own(conn, req);
    int[] tracks = session.setupTracks();
    if (tracks.length == 0) {
      throw new RtspStatusException(455, "PLAY before any SETUP");
    }
    RangeHeader range = parseRange(req.headers().get("Range"));
    String askedScale = req.headers().get("Scale");
    org.seamcache.proxy.upstream.PlayRate rate = org.seamcache.proxy.upstream.PlayRate.of(askedScale, req.headers().get("Speed"));
    HeldUntilPlayAnswered held = null;
    if (!session.playbackStarted()) {
      UpstreamLeg parked = conn.takeParked(session.content().proxyUri());
      try {
        EventLoop relayLoop =
            session.content().live() != null
                ? session.content().live().eventLoop()
                : parked != null ? parked.eventLoop() : conn.channel().eventLoop();
        held = new HeldUntilPlayAnswered(outputFor(session, tracks, conn.channel(), relayLoop), relayLoop);
        session.deliversTo(held);
        session.attach(playbacks.create(session, parked, held, relayLoop));
      } catch (RuntimeException e) {
        if (parked != null) {
          parked.eventLoop().execute(parked::teardown); // no playback took it
        }
        throw e;
      }
    }
    HeldUntilPlayAnswered release = held;
    return session.playbackFuture()
        .thenCompose(p -> p.play(range, rate))
        .handle(
            (a, err) -> {
              if (err != null) {
                if (release != null) {
                  release.discard();
                }
                throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
              }
              FullHttpResponse r = withSession(response(200, null), session.id());
              if (a.range() != null) {
                r.headers().set("Range", a.range());
              }
              if (a.rtpInfo() != null) {
                r.headers().set("RTP-Info", a.rtpInfo());
              }
              // RFC 2326 §12.34: the answer to a Scale says the scale chosen (1 where only that is played)
              if (a.scale() != null || askedScale != null) {
                r.headers().set("Scale", a.scale() != null ? a.scale() : "1.000");
              }
              if (a.speed() != null) {
                r.headers().set("Speed", a.speed());
              }
              Runnable afterWrite = a.afterWrite();
              return new Answer(r, release == null ? afterWrite : () -> {
                release.release();
                afterWrite.run();
              });
            });
  }

  private ViewerOutput outputFor(ViewerSession session, int[] tracks, Channel connection, EventLoop relayLoop) {
    int n = session.content().description().tracks().size();
    if (session.lowerTransport() == TransportSpec.LowerTransport.TCP) {
      int[] channels = new int[n];
      Arrays.fill(channels, -1);
      for (int t : tracks) {
        channels[t] = session.transport(t).interleaved().orElseThrow().first();
      }
      Channel tcp = session.tcpConnection() != null ? session.tcpConnection() : connection;
      return new InterleavedViewerOutput(tcp, channels, counters.delivery);
    }
    if (session.transport(tracks[0]).isMulticast()) {
      return org.seamcache.proxy.relay.MulticastMemberOutput.INSTANCE;
    }
    InetSocketAddress[] rtp = new InetSocketAddress[n];
    InetSocketAddress[] rtcp = new InetSocketAddress[n];
    for (int t : tracks) {
      PortRange p = session.transport(t).clientPort().orElseThrow();
      rtp[t] = new InetSocketAddress(session.client(), p.first());
      rtcp[t] = new InetSocketAddress(session.client(), p.last() > p.first() ? p.last() : p.first() + 1);
    }
    return new UdpViewerOutput(serverPorts.rtp(relayLoop), serverPorts.rtcp(relayLoop), rtp, rtcp, counters.delivery);
  }

  private static RangeHeader parseRange(String value) {
    if (value == null) {
      return null;
    }
    try {
      return RangeHeader.parse(value);
    } catch (RtspHeaderException e) {
      throw new RtspStatusException(457, "Invalid Range: " + e.getMessage());
    }
  }

  private CompletableFuture<FullHttpResponse> pause(ViewerConnection conn, FullHttpRequest req) {
    ViewerSession session = own(conn, req);
    if (!session.playbackStarted()) {
      throw new RtspStatusException(455, "PAUSE before PLAY");
    }
    return session.playbackFuture().thenCompose(p -> p.pause()).thenApply(v -> withSession(response(200, null), session.id()));
  }

  private FullHttpResponse teardown(ViewerConnection conn, FullHttpRequest req) {
    ViewerSession session = own(conn, req);
    sessions.remove(session, AccessLog.Ending.TEARDOWN);
    conn.sessions().remove(session.id());
    return withSession(response(200, null), session.id());
  }

  /**
   * RTCP from a viewer on its connection: proof of life, and a BYE ends its session (receiver
   * reports are not forwarded: the proxy reports to the origin itself).
   */
  void onViewerFrame(ViewerConnection conn, InterleavedFrame frame) {
    boolean bye = frame.channel() % 2 == 1 && ViewerRtcp.saysBye(frame.content().nioBuffer());
    for (String id : conn.sessions()) {
      ViewerSession s = sessions.find(id);
      if (s != null && s.lowerTransport() == TransportSpec.LowerTransport.TCP) {
        if (bye) {
          sessions.remove(s, AccessLog.Ending.BYE);
          conn.sessions().remove(id);
        } else {
          sessions.touch(s);
        }
      }
    }
  }

  void onConnectionClosed(ViewerConnection conn) {
    conn.releaseParked();
    for (String id : conn.sessions()) {
      ViewerSession s = sessions.find(id);
      if (s != null && s.lowerTransport() == TransportSpec.LowerTransport.TCP) {
        sessions.remove(s, AccessLog.Ending.CONNECTION_CLOSED); // its packets had nowhere else to go
      }
    }
  }

  /** The request's session if it is this viewer's own (see {@link ViewerSession#ownedBy}), or 454. */
  private ViewerSession own(ViewerConnection conn, FullHttpRequest req) {
    return sessions.get(sessionId(req), conn.channel(), conn.remote().getAddress());
  }

  /** A sessionless request naming a session keeps it alive, if it is the viewer's own. */
  private void touch(ViewerConnection conn, FullHttpRequest req) {
    ViewerSession s = sessions.find(sessionId(req), conn.channel(), conn.remote().getAddress());
    if (s != null) {
      sessions.touch(s);
    }
  }

  static String sessionId(FullHttpRequest req) {
    String v = req.headers().get("Session");
    if (v == null) {
      return null;
    }
    int semi = v.indexOf(';');
    return (semi < 0 ? v : v.substring(0, semi)).trim();
  }

  private static FullHttpResponse withSession(FullHttpResponse r, String sessionHeader) {
    if (sessionHeader != null) {
      int semi = sessionHeader.indexOf(';');
      r.headers().set("Session", semi < 0 ? sessionHeader : sessionHeader.substring(0, semi));
    }
    return r;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static CompletableFuture<Answer> done(FullHttpResponse r) {
    return CompletableFuture.completedFuture(Answer.of(r));
  }

  static FullHttpResponse response(int status, String reason) {
    return response(status, reason, null);
  }

  static FullHttpResponse response(int status, String reason, String body) {
    HttpResponseStatus s = reason == null ? HttpResponseStatus.valueOf(status) : new HttpResponseStatus(status, sanitize(reason));
    DefaultFullHttpResponse r =
        new DefaultFullHttpResponse(
            RtspVersions.RTSP_1_0, s, body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    return r;
  }

  /** Keeps the status line's reason short and single-line; the detail goes in the reason itself. */
  private static String sanitize(String reason) {
    String r = reason.replaceAll("[\\r\\n]+", " ");
    return r.length() > 200 ? r.substring(0, 200) : r;
  }

}
