package org.seamcache.seamer;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Tells whether an RTP payload begins a random access point, so a viewer that joins a live stream
 * can start on a key frame rather than mid-GOP.
 *
 * <p>H.264 (RFC 6184): a parameter set (SPS 7, PPS 8) or IDR slice (5), alone, first in a STAP-A
 * (24), or at the start of an FU-A (28). H.265 (RFC 7798): VPS/SPS/PPS (32-34) or IRAP (16-21),
 * alone, first in an AP (48) or at the start of an FU (49). Other encodings have no frames that
 * depend on earlier ones at this level, so every packet is a start. Stateless.
 */
public final class KeyframeStart {
  private KeyframeStart() {}

  /** True if {@code encodingName} has key frames worth waiting for. */
  public static boolean hasKeyframes(String encodingName) {
    String e = encodingName.toUpperCase(Locale.ROOT);
    return e.equals("H264") || e.equals("H265");
  }

  /** Reads the payload between {@code payload.position()} and its limit; does not move them. */
  public static boolean isStart(String encodingName, ByteBuffer payload) {
    String e = encodingName.toUpperCase(Locale.ROOT);
    int p = payload.position();
    int n = payload.remaining();
    if (e.equals("H264")) {
      if (n < 1) {
        return false;
      }
      int type = payload.get(p) & 0x1F;
      if (type == 24) {
        return n >= 4 && isH264Key(payload.get(p + 3) & 0x1F);
      }
      if (type == 28) {
        return n >= 2 && (payload.get(p + 1) & 0x80) != 0 && isH264Key(payload.get(p + 1) & 0x1F);
      }
      return isH264Key(type);
    }
    if (e.equals("H265")) {
      if (n < 2) {
        return false;
      }
      int type = (payload.get(p) >> 1) & 0x3F;
      if (type == 48) {
        return n >= 5 && isH265Key((payload.get(p + 4) >> 1) & 0x3F);
      }
      if (type == 49) {
        return n >= 3 && (payload.get(p + 2) & 0x80) != 0 && isH265Key(payload.get(p + 2) & 0x3F);
      }
      return isH265Key(type);
    }
    return true;
  }

  private static boolean isH264Key(int nalType) {
    return nalType == 5 || nalType == 7 || nalType == 8;
  }

  private static boolean isH265Key(int nalType) {
    return (nalType >= 16 && nalType <= 21) || (nalType >= 32 && nalType <= 34);
  }
}
