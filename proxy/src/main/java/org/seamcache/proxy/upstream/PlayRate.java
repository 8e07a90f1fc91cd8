package org.seamcache.proxy.upstream;

import java.util.Locale;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * What a viewer's PLAY asks of the rate (RFC 2326 §12.34 Scale: media time per wall time, a
 * trick-play rendition such as key frames only when not 1; §12.35 Speed: delivery faster or slower,
 * the content unchanged). Immutable.
 */
public record PlayRate(double scale, double speed) {

  public static final PlayRate NORMAL = new PlayRate(1, 1);

  /** From a PLAY's {@code Scale} and {@code Speed} values (null: absent); 400 for one that is not a number. */
  public static PlayRate of(String scaleHeader, String speedHeader) {
    double scale = number("Scale", scaleHeader, 1);
    double speed = number("Speed", speedHeader, 1);
    if (scale == 0 || speed <= 0) {
      throw new RtspStatusException(400, "Scale must be a non-zero number and Speed a positive one");
    }
    return new PlayRate(scale, speed);
  }

  private static double number(String name, String value, double absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      double v = Double.parseDouble(value.trim());
      if (Double.isFinite(v) && Math.abs(v) <= 1000) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new RtspStatusException(400, name + " must be a number, got '" + value.trim() + "'");
  }

  /**
   * Not the title as it is: never recorded as the cached copy. A Scale other than 1 is another
   * rendition; a Speed other than 1 should leave the content alone (RFC 2326 §12.35), but the test
   * origin (gst-rtsp-server) rewrites the RTP timestamps to its delivery clock at Speed 4 (16 s of
   * media arrived in 4 s with a 4 s timestamp span), so such packets cannot stand for the title either.
   */
  public boolean trickPlay() {
    return scale != 1 || speed != 1;
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
