package org.seamcache.cli.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.rtsp.RtspMethods;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.rtsp.InterleavedChannels;
import org.seamcache.proxy.rtsp.InterleavedFrame;
import org.seamcache.proxy.rtsp.PortRange;
import org.seamcache.proxy.rtsp.RtspResponse;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.rtsp.TransportHeader;
import org.seamcache.proxy.rtsp.TransportSpec;
import org.seamcache.proxy.transport.UdpPortPair;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.proxy.upstream.OriginAuthenticator;
import org.seamcache.proxy.upstream.OriginConnection;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.seamer.SeqExtender;

/**
 * One viewer of a relay under test: DESCRIBE, SETUP of every track (UDP or TCP-interleaved), PLAY,
 * TEARDOWN over the proxy's own RTSP client connection. It runs the session itself rather than
 * through {@code UpstreamLeg} because it must know the instant it sent PLAY: PLAY → first packet
 * and PLAY → first key frame are measured from there. Counts the RTP packets that arrive and, from
 * their sequence numbers, those that did not. No RTCP and no keep-alives unless asked for, so the
 * relay's measured work is the media and the session requests.
 *
 * <p>Confined to its event loop; the figures are volatile, read by the bench's thread while it plays.
 */
final class RelayViewer {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final EventLoop loop;
  private final URI url;
  private final boolean tcp;
  private final List<UdpPortPair> udpPairs = new ArrayList<>();
  private final KeyFrameArrival keyFrame = new KeyFrameArrival();
  private OriginConnection connection;
  private String sessionUri;
  private SeqExtender[] sequences = new SeqExtender[0];
  private long[] firstSeq = new long[0];
  private long[] highestSeq = new long[0];
  private int videoTrack = -1;
  private ScheduledFuture<?> keepAlive;

  private volatile long packets;
  private volatile long expected;
  private volatile long playSentNanos;
  private volatile long firstPacketNanos;
  private volatile long firstKeyFrameNanos;
  private volatile String failure;

  RelayViewer(EventLoop loop, URI url, boolean tcp) {
    this.loop = loop;
    this.url = url;
    this.tcp = tcp;
  }

  /** Starts the session; completes once the PLAY answer came, or with the reason it could not. */
  CompletableFuture<Void> start() {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort() < 0 ? 554 : url.getPort());
    return CompletableFuture.supplyAsync(() -> null, loop)
        .thenCompose(x -> OriginConnection.connect(loop, address, OriginAuthenticator.NONE, REQUEST_TIMEOUT))
        .thenComposeAsync(
            c -> {
              connection = c;
              c.listener(new OriginConnection.Listener() {
                @Override
                public void onFrame(InterleavedFrame frame) {
                  try {
                    if (frame.channel() % 2 == 0) {
                      receive(frame.channel() / 2, frame.content());
                    }
                  } finally {
                    frame.release();
                  }
                }

                @Override
                public void onClosed() {}
              });
              return c.request(RtspMethods.DESCRIBE, url.toString(), new DefaultHttpHeaders().set("Accept", "application/sdp"));
            },
            loop)
        .thenComposeAsync(
            r -> {
              ContentDescription content = describe(r);
              return setup(content, 0);
            },
            loop)
        .thenComposeAsync(
            x -> {
              playSentNanos = System.nanoTime();
              return connection.request(RtspMethods.PLAY, sessionUri, new DefaultHttpHeaders());
            },
            loop)
        .handleAsync(
            (r, e) -> {
              Throwable why = e != null ? e : r.isSuccess() ? null : new RtspStatusException(r.status(), "PLAY answered " + r.status() + " " + r.reason());
              if (why != null) {
                failure = reason(why);
                close();
                throw new IllegalStateException(failure);
              }
              return null;
            },
            loop);
  }

  private ContentDescription describe(RtspResponse r) {
    if (!r.isSuccess()) {
      throw new RtspStatusException(r.status(), "DESCRIBE answered " + r.status() + " " + r.reason());
    }
    String base = r.header("Content-Base");
    ContentDescription content = ContentDescription.parse(r.body(), URI.create(base != null ? base.trim() : url.toString()));
    String b = content.originBase().toString();
    sessionUri = b.endsWith("/") ? b : b + "/";
    int n = content.tracks().size();
    sequences = new SeqExtender[n];
    firstSeq = new long[n];
    highestSeq = new long[n];
    for (int i = 0; i < n; i++) {
      sequences[i] = new SeqExtender();
      firstSeq[i] = -1;
      if ("H264".equalsIgnoreCase(content.tracks().get(i).encodingName()) && videoTrack < 0) {
        videoTrack = i;
      }
    }
    return content;
  }

  /** SETUPs track {@code slot} and the ones after it, one after another (one session). */
  private CompletableFuture<Void> setup(ContentDescription content, int slot) {
    if (slot == content.tracks().size()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<TransportSpec> spec = tcp
        ? CompletableFuture.completedFuture(TransportSpec.tcpInterleaved(InterleavedChannels.rtpAndRtcp(2 * slot)))
        : UdpPortPair.bindAsync(loop, InetAddress.getLoopbackAddress(), new RtpReceiver(slot), new Discard())
            .thenApply(pair -> {
              udpPairs.add(pair);
              return TransportSpec.udpUnicast(PortRange.rtpAndRtcp(pair.rtpPort()));
            });
    String control = content.tracks().get(slot).originControlUri().toString();
    return spec.thenComposeAsync(s -> connection.request(RtspMethods.SETUP, control,
            new DefaultHttpHeaders().set("Transport", TransportHeader.of(s).format())), loop)
        .thenComposeAsync(r -> {
          if (!r.isSuccess()) {
            throw new RtspStatusException(r.status(), "SETUP answered " + r.status() + " " + r.reason());
          }
          return setup(content, slot + 1);
        }, loop);
  }

  /** Sends GET_PARAMETER every {@code period}, so a viewer held through a whole run keeps its session. */
  void keepAliveEvery(Duration period) {
    loop.execute(() -> {
      if (connection != null && keepAlive == null) {
        keepAlive = loop.scheduleAtFixedRate(
            () -> connection.request(RtspMethods.GET_PARAMETER, sessionUri, new DefaultHttpHeaders()),
            period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  /** TEARDOWN (if a session exists), then everything closed; completes when done, also on failure. */
  CompletableFuture<Void> stop() {
    return CompletableFuture.supplyAsync(() -> null, loop)
        .thenCompose(x -> connection != null && connection.isOpen() && connection.session() != null
            ? connection.request(RtspMethods.TEARDOWN, sessionUri, new DefaultHttpHeaders()).thenApply(r -> null)
            : CompletableFuture.completedFuture(null))
        .handleAsync((r, e) -> {
          close();
          return null;
        }, loop);
  }

  private void close() {
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    udpPairs.forEach(UdpPortPair::close);
    udpPairs.clear();
    if (connection != null) {
      connection.close();
    }
  }

  private void receive(int track, ByteBuf packet) {
    long now = System.nanoTime();
    ByteBuffer bytes = packet.nioBuffer();
    RtpHeader h;
    try {
      h = RtpHeader.parse(bytes);
    } catch (MalformedPacketException e) {
      return; // not RTP: neither delivered nor lost
    }
    packets++;
    if (firstPacketNanos == 0) {
      firstPacketNanos = now;
    }
    if (track >= sequences.length) {
      return;
    }
    long seq = sequences[track].extend(h.sequence());
    if (seq != SeqExtender.REJECTED) {
      if (firstSeq[track] < 0) {
        firstSeq[track] = seq;
        highestSeq[track] = seq;
        expected += 1;
      } else if (seq > highestSeq[track]) {
        expected += seq - highestSeq[track];
        highestSeq[track] = seq;
      }
    }
    if (track == videoTrack && firstKeyFrameNanos == 0) {
      ByteBuffer payload = bytes.duplicate();
      payload.position(bytes.position() + h.payloadOffset());
      payload.limit(payload.position() + h.payloadLength());
      if (keyFrame.onPayload(payload, now)) {
        firstKeyFrameNanos = keyFrame.nanos();
      }
    }
  }

  /** RTP packets received. */
  long packets() {
    return packets;
  }

  /** Packets the sequence numbers say were sent to it: first to highest, per track. */
  long expectedPackets() {
    return expected;
  }

  /** Expected but never received (duplicates can make received exceed expected: then 0). */
  long lostPackets() {
    return Math.max(0, expected - packets);
  }

  /** PLAY sent → first RTP packet, in ms; NaN if none arrived. */
  double firstPacketMillis() {
    long first = firstPacketNanos;
    return first == 0 ? Double.NaN : (first - playSentNanos) / 1e6;
  }

  /** PLAY sent → first packet of the first key frame, in ms; NaN if none arrived. */
  double firstKeyFrameMillis() {
    long first = firstKeyFrameNanos;
    return first == 0 ? Double.NaN : (first - playSentNanos) / 1e6;
  }

  /** Why the session could not start, or null. */
  String failure() {
    return failure;
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException || t.getMessage() == null)) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /** The RTP socket of one UDP track; sharable because a bind retry hands it to a new socket. */
  @ChannelHandler.Sharable
  private final class RtpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final int track;

    RtpReceiver(int track) {
      this.track = track;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      receive(track, packet.content());
    }
  }

  /** The RTCP socket: sender reports are not counted (the handler releases them). */
  @ChannelHandler.Sharable
  private static final class Discard extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {}
  }
}
