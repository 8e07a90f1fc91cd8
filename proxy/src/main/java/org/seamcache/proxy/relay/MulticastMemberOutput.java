package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import org.seamcache.seamer.RtpHeader;

/**
 * The output of a viewer that joined a multicast group the proxy sends to: it gets the group's
 * packets, none of its own, so nothing offered here is sent. Stateless.
 */
public final class MulticastMemberOutput implements ViewerOutput {
  public static final MulticastMemberOutput INSTANCE = new MulticastMemberOutput();

  private MulticastMemberOutput() {}

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {}

  @Override
  public void flush() {}

  @Override
  public long dropped() {
    return 0;
  }

  @Override
  public long failed() {
    return 0;
  }

  @Override
  public long sent() {
    return 0;
  }

  @Override
  public long bytesSent() {
    return 0;
  }
}
