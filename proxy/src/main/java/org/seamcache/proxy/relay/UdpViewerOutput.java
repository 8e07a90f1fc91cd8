package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import org.seamcache.seamer.RtpHeader;

/**
 * Sends a viewer's packets as datagrams from the proxy's shared server port pair to the viewer's
 * client ports (or, for a multicast sender, to a group). A datagram that the socket cannot take now
 * is dropped and counted. A destination no socket can send to (port 0, a wildcard address) is refused here, each packet counted
 * as failed for this viewer; a send the kernel refuses later is counted by the shared socket's
 * {@link DatagramSendFailures} — writes carry no promise, which per datagram per viewer would cost
 * more than the rest of the fan-out.
 */
public final class UdpViewerOutput implements ViewerOutput {
  private final Channel rtpSocket;
  private final Channel rtcpSocket;
  private final InetSocketAddress[] rtpTargets;
  private final InetSocketAddress[] rtcpTargets;
  private final String refused;
  private final DeliveryTotals totals;
  private final ViewerFailures failures;
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
    this.refused = refusal(rtpTargets, rtcpTargets);
    this.failures =
        new ViewerFailures(
            "udp " + Arrays.stream(rtpTargets).filter(Objects::nonNull).findFirst().map(Object::toString).orElse("-"),
            totals.failed);
  }

  /** Why no datagram can reach these targets, or null when they are sendable addresses. */
  private static String refusal(InetSocketAddress[] rtp, InetSocketAddress[] rtcp) {
    for (InetSocketAddress[] targets : new InetSocketAddress[][] {rtp, rtcp}) {
      for (InetSocketAddress a : targets) {
        if (a == null) {
          continue;
        }
        if (a.isUnresolved() || a.getPort() == 0 || a.getAddress().isAnyLocalAddress()) {
          return "destination " + a + " cannot receive datagrams";
        }
      }
    }
    return null;
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {
    send(track, rtp, packet, null);
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet, FanOutBatch batch) {
    send(track, rtp, packet, batch.isCurrent(packet) ? batch : null);
  }

  private void send(int track, RtpHeader rtp, ByteBuf packet, FanOutBatch batch) {
    try {
      if (track >= rtpTargets.length || rtpTargets[track] == null) {
        return;
      }
      if (refused != null) {
        failures.failed(refused);
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
      ByteBuf content = batch != null ? batch.datagramContent() : packet.retainedDuplicate();
      socket.write(new DatagramPacket(content, target), socket.voidPromise());
      if (batch != null) {
        batch.touched(socket);
      }
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

  @Override
  public void flush(FanOutBatch batch) {
    // the batch flushes each shared socket once
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
