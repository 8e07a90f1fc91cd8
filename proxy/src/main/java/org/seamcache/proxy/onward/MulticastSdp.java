package org.seamcache.proxy.onward;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import org.seamcache.proxy.rtsp.Sdp;
import org.seamcache.proxy.rtsp.SdpLine;
import org.seamcache.proxy.rtsp.SdpMedia;

/**
 * The SDP file of an onward stream sent as multicast, from which a receiver that never speaks RTSP
 * (ffmpeg, VLC, a recipient server) joins the group: the group in {@code c=} (with its TTL for
 * IPv4, RFC 4566 §5.7), each media section at its port ({@link MulticastGroup#rtp}; RTCP on the next
 * one, the receivers' default), and the source's own media lines (rtpmap, fmtp...) without its RTSP
 * control URLs. Stateless.
 */
public final class MulticastSdp {
  private MulticastSdp() {}

  /**
   * @param source the source's description, as its origin gave it
   * @param sessionName what {@code s=} says, e.g. {@code film15/15m}
   * @param sessionId a number that changes when the stream does (the channel's start, in seconds)
   */
  public static String of(Sdp source, MulticastGroup group, int ttl, String sessionName, long sessionId) {
    boolean v6 = group.address() instanceof Inet6Address;
    String family = v6 ? "IP6" : "IP4";
    List<SdpLine> session = new ArrayList<>();
    session.add(new SdpLine('v', "0"));
    session.add(new SdpLine('o', "- " + sessionId + " 1 IN " + family + " " + (v6 ? "::" : "0.0.0.0")));
    session.add(new SdpLine('s', sessionName));
    session.add(new SdpLine('c', "IN " + family + " " + group.address().getHostAddress() + (v6 ? "" : "/" + ttl)));
    session.add(new SdpLine('t', "0 0"));
    session.add(SdpLine.attribute("tool", "seamcache"));
    session.add(SdpLine.attribute("type", "broadcast"));
    session.add(new SdpLine('a', "recvonly"));
    List<SdpMedia> media = new ArrayList<>();
    for (int t = 0; t < source.media().size(); t++) {
      SdpMedia m = source.media().get(t);
      List<SdpLine> lines = new ArrayList<>();
      lines.add(new SdpLine('m', m.mediaType() + " " + group.rtp(t).getPort() + " " + m.proto() + " " + String.join(" ", m.formats())));
      for (SdpLine l : m.lines()) {
        if (l.type() == 'm' || l.type() == 'c' || l.isAttribute("control") || l.isAttribute("range")) {
          continue; // the group is the session's c=; no RTSP here
        }
        lines.add(l);
      }
      media.add(new SdpMedia(lines));
    }
    return new Sdp(session, media).format();
  }
}
