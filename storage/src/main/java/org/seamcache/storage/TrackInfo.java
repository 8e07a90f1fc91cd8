package org.seamcache.storage;

import java.util.Objects;

/**
 * One {@code m=} line of the content's SDP as the proxy parsed it. Immutable.
 *
 * @param index 0-based position in SDP order
 * @param control the {@code a=control} value ("" when absent)
 * @param mediaType {@code video}, {@code audio}, ...
 * @param payloadType RTP payload type from the {@code m=} line
 * @param encodingName from {@code a=rtpmap} (e.g. {@code H264})
 * @param clockRateHz RTP clock rate from {@code a=rtpmap}
 */
public record TrackInfo(
    int index, String control, String mediaType, int payloadType, String encodingName, int clockRateHz) {

  /** Tracks are stored in one byte per excerpt. */
  public static final int MAX_TRACKS = 255;

  public TrackInfo {
    if (index < 0 || index >= MAX_TRACKS) {
      throw new IllegalArgumentException("track index " + index + " is outside 0.." + (MAX_TRACKS - 1));
    }
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("RTP payload type " + payloadType + " is outside 0..127");
    }
    if (clockRateHz <= 0) {
      throw new IllegalArgumentException("clock rate must be positive, was " + clockRateHz);
    }
    control = Objects.requireNonNullElse(control, "");
    mediaType = Objects.requireNonNull(mediaType, "mediaType");
    encodingName = Objects.requireNonNull(encodingName, "encodingName");
  }
}
