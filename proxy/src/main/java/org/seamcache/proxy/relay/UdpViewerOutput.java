package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import org.seamcache.seamer.RtpHeader;

/**
 * Sends a viewer's packets as datagrams from the proxy's shared server port pair to the viewer's
 * client ports. A datagram that the socket cannot take now is dropped and counted; so is one the
 * socket fails to send (each send reports to this viewer's {@link ViewerFailures}, never to the
 * shared socket's pipeline, where every failure would be a logged stack trace).
 */
public final class UdpViewerOutput implements ViewerOutput {
  private final Channel rtpSocket;
  private final Channel rtcpSocket;
  private final InetSocketAddress[] rtpTargets;
  private final InetSocketAddress[] rtcpTargets;
  private final DeliveryTotals totals;
  private final ViewerFailures failures;
  private final ChannelFutureListener onSent;
  // Written on the relay's loop only; read (possibly a moment stale) by status.
  private volatile long sent;
  private volatile long bytesSent;
  private volatile long dropped;

  /** Targets are indexed by track; a null target means the viewer did not SETUP that track. */
  public UdpViewerOutput(Channel rtpSocket, Channel rtcpSocket, InetSocketAddress[] rtpTargets, InetSocketAddress[] rtcpTargets, DeliveryTotals totals) {
    this.totals = totals;
    this.rtpSocket = rtpSocket;
    this.rtcpSocket = rtcpSocket;
    this.rtpTargets = rtpTargets.clone();
    this.rtcpTargets = rtcpTargets.clone();
    this.failures =
        new ViewerFailures(
            "udp " + Arrays.stream(rtpTargets).filter(Objects::nonNull).findFirst().map(Object::toString).orElse("-"),
            totals.failed);
    this.onSent =
        f -> {
          if (!f.isSuccess()) {
            failures.failed(f.cause());
          }
        };
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {
    try {
      if (track >= rtpTargets.length || rtpTargets[track] == null) {
        return;
      }
      boolean rtcp = rtp == null;
      Channel socket = rtcp ? rtcpSocket : rtpSocket;
      if (!socket.isWritable()) {
        dropped++;
        totals.dropped.increment();
        return;
      }
      InetSocketAddress target = rtcp ? rtcpTargets[track] : rtpTargets[track];
      // The socket releases the datagram whatever happens to the write.
      socket.write(new DatagramPacket(packet.retainedDuplicate(), target), socket.newPromise().addListener(onSent));
      sent++;
      bytesSent += packet.readableBytes();
      totals.sent.increment();
    } catch (RuntimeException e) {
      failures.failed(e);
    }
  }

  @Override
  public void flush() {
    try {
      rtpSocket.flush();
      rtcpSocket.flush();
    } catch (RuntimeException e) {
      failures.failed(e);
    }
  }

  /** True if a datagram from {@code sender} is this viewer's RTCP. */
  public boolean isRtcpFrom(InetSocketAddress sender) {
    for (InetSocketAddress a : rtcpTargets) {
      if (sender.equals(a)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long dropped() {
    return dropped + failures.total();
  }

  @Override
  public long failed() {
    return failures.total();
  }

  @Override
  public long sent() {
    return sent;
  }

  @Override
  public long bytesSent() {
    return bytesSent;
  }
}
