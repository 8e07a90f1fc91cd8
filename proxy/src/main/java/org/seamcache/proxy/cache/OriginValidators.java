package org.seamcache.proxy.cache;

import java.util.HashMap;
import java.util.Map;
import org.seamcache.proxy.rtsp.Sdp;
import org.seamcache.proxy.rtsp.SdpLine;
import org.seamcache.proxy.rtsp.SdpMedia;
import org.seamcache.proxy.upstream.OriginCacheHeaders;

/**
 * What the origin said about a title when it was fetched: its caching headers, the SDP's session
 * version ({@code o=}) and the SDP lines that describe the media, and when. Kept with the recording
 * (as storage attributes) so that a later DESCRIBE can judge the copy's freshness and revalidate it.
 * Immutable.
 *
 * @param cacheControl the origin's Cache-Control value, or null
 * @param sdpVersion the {@code o=} line's session version, or null
 * @param media the lines that describe the media ({@code m=}, rtpmap, fmtp, control, framerate), one
 *     string; what changes per session (the {@code o=} session id, which gst-rtsp-server draws anew
 *     for every DESCRIBE, SSRCs, ranges) is left out
 */
public record OriginValidators(String cacheControl, String etag, String lastModified, String sdpVersion, String media, long fetchedAtMillis) {

  private static final String PREFIX = "origin.";
  /** The attribute that keeps the origin's Cache-Control. */
  public static final String CACHE_CONTROL_ATTRIBUTE = PREFIX + "cache-control";

  public static OriginValidators of(OriginCacheHeaders headers, Sdp sdp, long fetchedAtMillis) {
    return new OriginValidators(headers.cacheControl(), headers.etag(), headers.lastModified(), sessionVersion(sdp), media(sdp),
        fetchedAtMillis);
  }

  /** As kept with a recording; a recording from before validators were kept gets the SDP's alone. */
  public static OriginValidators fromAttributes(Map<String, String> attributes, Sdp storedSdp, long recordedAtMillis) {
    String fetched = attributes.get(PREFIX + "fetched-at-millis");
    long at = recordedAtMillis;
    if (fetched != null) {
      try {
        at = Long.parseLong(fetched);
      } catch (NumberFormatException e) {
        // a damaged attribute: the recording's own time stands
      }
    }
    return new OriginValidators(attributes.get(CACHE_CONTROL_ATTRIBUTE), attributes.get(PREFIX + "etag"),
        attributes.get(PREFIX + "last-modified"), sessionVersion(storedSdp), media(storedSdp), at);
  }

  /** The storage attributes that keep these (the SDP itself is kept by the recording). */
  public Map<String, String> toAttributes() {
    Map<String, String> m = new HashMap<>();
    if (cacheControl != null) {
      m.put(CACHE_CONTROL_ATTRIBUTE, cacheControl);
    }
    if (etag != null) {
      m.put(PREFIX + "etag", etag);
    }
    if (lastModified != null) {
      m.put(PREFIX + "last-modified", lastModified);
    }
    m.put(PREFIX + "fetched-at-millis", Long.toString(fetchedAtMillis));
    return m;
  }

  /**
   * Why the origin's title now differs from the one these describe, or null if it is the same. The
   * strongest validator both sides have decides: ETag, then Last-Modified, then the SDP's session
   * version and media description (RFC 4566: the version changes when the session does).
   */
  public String changedIn(OriginValidators now) {
    if (etag != null && now.etag != null) {
      return etag.equals(now.etag) ? null : "ETag " + etag + " is now " + now.etag;
    }
    if (lastModified != null && now.lastModified != null) {
      return lastModified.equals(now.lastModified) ? null : "Last-Modified " + lastModified + " is now " + now.lastModified;
    }
    if (sdpVersion != null && now.sdpVersion != null && !sdpVersion.equals(now.sdpVersion)) {
      return "the SDP's session version " + sdpVersion + " is now " + now.sdpVersion;
    }
    if (!media.equals(now.media)) {
      return "the SDP describes other media";
    }
    return null;
  }

  /** The strongest validator, as a log line names it. */
  public String describe() {
    if (etag != null) {
      return "ETag " + etag;
    }
    if (lastModified != null) {
      return "Last-Modified " + lastModified;
    }
    return sdpVersion != null ? "SDP version " + sdpVersion : "the SDP's media lines";
  }

  private static String sessionVersion(Sdp sdp) {
    for (SdpLine l : sdp.sessionLines()) {
      if (l.type() == 'o') {
        String[] f = l.value().trim().split("\\s+");
        return f.length >= 3 ? f[2] : null;
      }
    }
    return null;
  }

  /** The lines that describe the media itself (as the content id takes them); SSRCs and ranges change per session. */
  private static String media(Sdp sdp) {
    StringBuilder b = new StringBuilder();
    for (SdpMedia m : sdp.media()) {
      for (SdpLine l : m.lines()) {
        String name = l.attributeName().orElse("");
        if (l.type() == 'm' || MEDIA_ATTRIBUTES.contains(name)) {
          b.append(l.type()).append('=').append(l.value().strip()).append('\n');
        }
      }
    }
    return b.toString();
  }

  private static final java.util.Set<String> MEDIA_ATTRIBUTES = java.util.Set.of("rtpmap", "fmtp", "control", "framerate");
}
