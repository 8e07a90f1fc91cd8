package org.seamcache.proxy.session;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * What an origin's DESCRIBE said about one content: its SDP, its tracks (one per {@code m=} line,
 * in order) with their control URLs at the origin, and whether it can be sought. Immutable.
 *
 * @param seekable true when the SDP's {@code a=range} has an end (stored content); live content
 *     ({@code npt=now-} or no range) is shared between viewers
 */
public record ContentDescription(String sdp, URI originBase, List<Track> tracks, boolean seekable) {

  /** One {@code m=} section. */
  public record Track(int index, String mediaType, String control, URI originControlUri, int payloadType, String encodingName, int clockRateHz) {}

  /** Parses the SDP an origin returned; {@code originBase} is its Content-Base (or request URL). */
  public static ContentDescription parse(String sdp, URI originBase) {
    List<Track> tracks = new ArrayList<>();
    String sessionRange = null;
    String mediaType = null;
    String control = null;
    int pt = -1;
    String encoding = "";
    int clock = 0;
    for (String raw : sdp.split("\r?\n")) {
      String line = raw.trim();
      if (line.startsWith("m=")) {
        if (mediaType != null) {
          tracks.add(track(tracks.size(), mediaType, control, originBase, pt, encoding, clock));
        }
        String[] f = line.substring(2).split(" ");
        if (f.length < 4) {
          throw new RtspStatusException(502, "origin SDP has a malformed m= line: " + line);
        }
        mediaType = f[0];
        control = null;
        pt = parseInt(f[3]);
        encoding = "";
        clock = 0;
      } else if (line.startsWith("a=control:") && mediaType != null) {
        control = line.substring("a=control:".length()).trim();
      } else if (line.startsWith("a=rtpmap:") && mediaType != null) {
        String[] f = line.substring("a=rtpmap:".length()).split("[ /]");
        if (f.length >= 3 && parseInt(f[0]) == pt) {
          encoding = f[1];
          clock = parseInt(f[2]);
        }
      } else if (line.startsWith("a=range:") && mediaType == null) {
        sessionRange = line.substring("a=range:".length()).trim();
      }
    }
    if (mediaType != null) {
      tracks.add(track(tracks.size(), mediaType, control, originBase, pt, encoding, clock));
    }
    if (tracks.isEmpty()) {
      throw new RtspStatusException(502, "origin SDP describes no media");
    }
    return new ContentDescription(sdp, originBase, List.copyOf(tracks), hasEnd(sessionRange));
  }

  private static Track track(int index, String media, String control, URI base, int pt, String enc, int clock) {
    String c = control == null ? "" : control;
    return new Track(index, media, c, resolve(base, c), pt, enc, clock > 0 ? clock : defaultClock(pt));
  }

  /** RFC 2326 C.1.1: absolute controls stand; "*" or none means the base; others are relative. */
  static URI resolve(URI base, String control) {
    if (control.isEmpty() || control.equals("*")) {
      return base;
    }
    if (control.toLowerCase(Locale.ROOT).startsWith("rtsp://") || control.toLowerCase(Locale.ROOT).startsWith("rtsps://")) {
      return URI.create(control);
    }
    String b = base.toString();
    return URI.create(b.endsWith("/") ? b + control : b + "/" + control);
  }

  private static boolean hasEnd(String range) {
    if (range == null) {
      return false;
    }
    int dash = range.indexOf('-');
    return dash >= 0 && !range.substring(dash + 1).isBlank();
  }

  private static int defaultClock(int pt) {
    return pt == 0 || pt == 8 ? 8000 : 90000; // static payload types of RFC 3551
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The SDP as a viewer sees it: each media's control URL points at the proxy. */
  public String sdpFor(String proxyUri) {
    StringBuilder out = new StringBuilder();
    int media = -1;
    for (String raw : sdp.split("\r?\n")) {
      String line = raw.trim();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("m=")) {
        media++;
      }
      if (line.startsWith("a=control:") && media >= 0) {
        line = "a=control:" + proxyControlUri(proxyUri, media);
      } else if (line.startsWith("a=control:")) {
        line = "a=control:*";
      }
      out.append(line).append("\r\n");
    }
    return out.toString();
  }

  /** The control URL under which the proxy offers track {@code index}. */
  public String proxyControlUri(String proxyUri, int index) {
    String c = tracks.get(index).control();
    boolean relative = !c.isEmpty() && !c.equals("*") && !c.contains("://");
    return proxyUri + "/" + (relative ? c : "trackID=" + index);
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
