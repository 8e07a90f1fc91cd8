package org.seamcache.storage;

import java.util.List;
import java.util.Objects;

/**
 * What identifies one content: the origin URL and its SDP (with the tracks parsed from it). Two
 * descriptors with the same URL and the same {@linkplain ContentId#of SDP identity} are the same
 * content and share one recording. Immutable.
 */
public record ContentDescriptor(String originUrl, String sdp, List<TrackInfo> tracks) {

  public ContentDescriptor {
    Objects.requireNonNull(originUrl, "originUrl");
    Objects.requireNonNull(sdp, "sdp");
    tracks = List.copyOf(tracks);
    if (tracks.isEmpty()) {
      throw new IllegalArgumentException("content " + originUrl + " has no tracks");
    }
    for (int i = 0; i < tracks.size(); i++) {
      if (tracks.get(i).index() != i) {
        throw new IllegalArgumentException(
            "tracks must be listed in SDP order with index = position; position " + i + " has index "
                + tracks.get(i).index());
      }
    }
  }

  /** The content id this descriptor records under. */
  public String id() {
    return ContentId.of(this);
  }
}
