package org.seamcache.cli.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.upstream.LegSettings;
import org.seamcache.proxy.upstream.OriginAuthenticator;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.proxy.upstream.UpstreamLeg;
import org.seamcache.proxy.upstream.ReceivedRtp;

/**
 * One simulated viewer: a real RTSP session (the proxy's own upstream client) that plays every
 * track and counts what arrives; loss and jitter come from the session's own reception figures.
 * Confined to its event loop (the accessors may be read from elsewhere once it stopped). Also the
 * demo's viewer when ffprobe is not installed.
 */
public final class BenchViewer implements PacketSink {
  private UpstreamLeg leg;
  private long packets;
  private long bytes;
  private long firstNanos;
  private long lastNanos;
  private String failure;

  public CompletableFuture<Void> start(EventLoop loop, URI url, boolean tcp) {
    LegSettings s = LegSettings.defaults();
    LegSettings settings = new LegSettings(tcp, s.udpFallback(), s.requestTimeout(), s.originSilence());
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(url.getHost()), url.getPort() < 0 ? 554 : url.getPort());
    } catch (java.net.UnknownHostException e) {
      return CompletableFuture.failedFuture(e);
    }
    return UpstreamLeg.describe(loop, url, address, OriginAuthenticator.NONE, settings, System::nanoTime)
        .thenCompose(
            l -> {
              leg = l;
              int[] all = l.content().tracks().stream().mapToInt(t -> t.index()).toArray();
              return l.start(all, null, this);
            })
        .handle(
            (r, e) -> {
              if (e != null) {
                failure = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
              }
              return null;
            });
  }

  @Override
  public void onPacket(int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos) {
    if (rtp == null) {
      return;
    }
    if (packets == 0) {
      firstNanos = arrivalNanos;
    }
    packets++;
    bytes += packet.readableBytes();
    lastNanos = arrivalNanos;
  }

  @Override
  public void onBatchEnd() {}

  @Override
  public void onLegClosed(String reason) {}

  public void stop() {
    if (leg != null) {
      leg.eventLoop().execute(leg::teardown);
    }
  }

  /** RTP packets received. */
  public long packets() {
    return packets;
  }

  /** Packets its session counted as lost (gaps in the sequence numbers). */
  public long lostPackets() {
    return leg == null ? 0 : leg.lostPackets();
  }

  /** Why the session could not start, or null. */
  public String failure() {
    return failure;
  }

  BenchReport.Viewer report(int index) {
    double seconds = packets > 1 ? (lastNanos - firstNanos) / 1e9 : 0;
    long expected = leg == null ? 0 : leg.expectedPackets();
    long lost = leg == null ? 0 : leg.lostPackets();
    return new BenchReport.Viewer(
        index, failure, packets, bytes, seconds > 0 ? packets / seconds : 0, expected, lost, leg == null ? 0 : leg.jitterMillis(),
        leg != null && leg.isTcp() ? "tcp" : "udp");
  }
}
