package org.seamcache.proxy.session;

import java.nio.ByteBuffer;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtcpPacket;

/** Whether an RTCP compound packet says BYE (RFC 3550 §6.6): a viewer leaving, or an origin ending. */
public final class ViewerRtcp {
  private ViewerRtcp() {}

  /** True if the compound packet holds a BYE; a malformed packet says nothing. */
  public static boolean saysBye(ByteBuffer packet) {
    try {
      for (RtcpPacket p : RtcpPacket.parseCompound(packet)) {
        if (p instanceof RtcpPacket.Bye) {
          return true;
        }
      }
    } catch (MalformedPacketException e) {
      return false;
    }
    return false;
  }
}
