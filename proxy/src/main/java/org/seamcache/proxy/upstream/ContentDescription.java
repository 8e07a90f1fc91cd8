package org.seamcache.proxy.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.seamcache.proxy.rtsp.NptRange;
import org.seamcache.proxy.rtsp.RtpMap;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.rtsp.Sdp;
import org.seamcache.proxy.rtsp.SdpException;
import org.seamcache.proxy.rtsp.SdpMedia;

/**
 * What an origin's DESCRIBE said about one content: its SDP, its tracks (one per {@code m=} line,
 * in order) with their control URLs at the origin, and whether it can be sought. Immutable.
 *
 * @param seekable true when the SDP's {@code a=range} has an end (stored content); live content
 *     ({@code npt=now-} or no range) is shared between viewers
 */
public record ContentDescription(Sdp sdp, URI originBase, List<Track> tracks, boolean seekable) {

  /** One {@code m=} section. */
  public record Track(int index, String mediaType, String control, URI originControlUri, int payloadType, String encodingName, int clockRateHz) {}

  /** Parses the SDP an origin returned; {@code originBase} is its Content-Base (or request URL). */
  public static ContentDescription parse(String sdpText, URI originBase) {
    Sdp sdp;
    try {
      sdp = Sdp.parse(sdpText);
    } catch (SdpException e) {
      throw new RtspStatusException(502, "origin sent an SDP the proxy cannot read: " + e.getMessage());
    }
    if (sdp.media().isEmpty()) {
      throw new RtspStatusException(502, "origin SDP describes no media");
    }
    List<Track> tracks = new ArrayList<>();
    String base = originBase.toString();
    for (SdpMedia m : sdp.media()) {
      RtpMap map = m.firstRtpMap().orElse(null);
      int pt = map != null ? map.payloadType() : m.payloadTypes().isEmpty() ? -1 : m.payloadTypes().get(0);
      URI originControl;
      try {
        originControl = URI.create(sdp.controlUrl(m, base));
      } catch (IllegalArgumentException e) { // a control with spaces, bad escapes...: nothing to SETUP at the origin
        throw new RtspStatusException(502, "origin SDP has a control URL the proxy cannot read");
      }
      tracks.add(
          new Track(
              tracks.size(),
              m.mediaType(),
              m.control().orElse(""),
              originControl,
              pt,
              map != null ? map.encodingName() : "",
              map != null ? map.clockRateHz() : 90000));
    }
    boolean seekable =
        sdp.range().filter(r -> r instanceof NptRange n && n.end().isPresent() && !n.end().get().isNow()).isPresent();
    return new ContentDescription(sdp, originBase, List.copyOf(tracks), seekable);
  }

  /** The SDP as a viewer sees it: each media's control URL points at the proxy. */
  public String sdpFor(String proxyUri) {
    List<SdpMedia> media = new ArrayList<>();
    for (int i = 0; i < sdp.media().size(); i++) {
      String control = proxyControlUri(proxyUri, i);
      media.add(sdp.media().get(i).withControls(old -> control));
    }
    return new Sdp(sdp.withControls(old -> "*").sessionLines(), media).format();
  }

  /**
   * The control URL under which the proxy offers track {@code index}: the origin's relative control when every
   * track's is its own, else {@code trackID=<index>} for all (an origin may give two tracks one control, and a
   * viewer could then never SETUP the second).
   */
  public String proxyControlUri(String proxyUri, int index) {
    return proxyUri + "/" + (ownNamesDistinct() ? ownName(index) : "trackID=" + index);
  }

  private String ownName(int index) {
    String c = tracks.get(index).control();
    boolean relative = !c.isEmpty() && !c.equals("*") && !c.contains("://");
    return relative ? c : "trackID=" + index;
  }

  private boolean ownNamesDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tracks.size(); i++) {
      if (!seen.add(stripSlash(ownName(i)))) {
        return false;
      }
    }
    return true;
  }

  /** The track a viewer's SETUP URL names, or -1. */
  public int trackFor(String proxyUri, String setupUri) {
    String wanted = stripSlash(setupUri);
    for (Track t : tracks) {
      if (stripSlash(proxyControlUri(proxyUri, t.index())).equals(wanted)) {
        return t.index();
      }
    }
    return tracks.size() == 1 && stripSlash(proxyUri).equals(wanted) ? 0 : -1;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
