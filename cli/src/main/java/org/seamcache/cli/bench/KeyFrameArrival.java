package org.seamcache.cli.bench;

import java.nio.ByteBuffer;

/**
 * When a viewer's first decodable H.264 picture began to arrive (RFC 6184 payloads): the first
 * packet carrying an IDR slice (NAL type 5) alone, inside a STAP-A (24) or at the start of an FU-A
 * (28); or, when the IDR follows parameter sets directly (SPS 7, then PPS 8 or SEI 6, then the
 * IDR), the packet with that SPS, since a decoder starts there. One per viewer, fed in arrival
 * order; not thread-safe.
 */
final class KeyFrameArrival {
  private static final int NAL_TYPE_MASK = 0x1F;
  private static final int IDR = 5;
  private static final int SEI = 6;
  private static final int SPS = 7;
  private static final int PPS = 8;
  private static final int STAP_A = 24;
  private static final int FU_A = 28;
  private static final int FU_START = 0x80;
  private static final int STAP_A_SIZE_BYTES = 2;

  private long parameterSetsNanos; // arrival of an SPS that may lead the next IDR; 0: none pending
  private long keyFrameNanos;

  /** Reads the payload between its position and limit (not moved); true once the first key frame arrived. */
  boolean onPayload(ByteBuffer payload, long arrivalNanos) {
    if (keyFrameNanos != 0) {
      return true;
    }
    int p = payload.position();
    int n = payload.remaining();
    if (n < 1) {
      return false;
    }
    int type = payload.get(p) & NAL_TYPE_MASK;
    switch (type) {
      case FU_A -> {
        boolean idrStart = n >= 2 && (payload.get(p + 1) & FU_START) != 0 && (payload.get(p + 1) & NAL_TYPE_MASK) == IDR;
        onUnit(idrStart ? IDR : -1, arrivalNanos);
      }
      case STAP_A -> onUnit(strongestInAggregate(payload, p, n), arrivalNanos);
      default -> onUnit(type, arrivalNanos);
    }
    return keyFrameNanos != 0;
  }

  /** IDR if the STAP-A carries one, else SPS if it carries one, else its first unit's type. */
  private static int strongestInAggregate(ByteBuffer payload, int p, int n) {
    int first = -1;
    boolean sps = false;
    for (int at = p + 1; at + STAP_A_SIZE_BYTES < p + n; ) {
      int size = payload.getShort(at) & 0xFFFF;
      int unit = at + STAP_A_SIZE_BYTES;
      if (size == 0 || unit + size > p + n) {
        break; // a malformed aggregate: what was read so far counts
      }
      int t = payload.get(unit) & NAL_TYPE_MASK;
      if (t == IDR) {
        return IDR;
      }
      sps |= t == SPS;
      first = first < 0 ? t : first;
      at = unit + size;
    }
    return sps ? SPS : first;
  }

  private void onUnit(int type, long arrivalNanos) {
    if (type == IDR) {
      keyFrameNanos = parameterSetsNanos != 0 ? parameterSetsNanos : arrivalNanos;
    } else if (type == SPS) {
      parameterSetsNanos = parameterSetsNanos != 0 ? parameterSetsNanos : arrivalNanos;
    } else if (type != PPS && type != SEI) {
      parameterSetsNanos = 0; // anything else between the SPS and the IDR: the SPS did not lead it
    }
  }

  /** Arrival of the key frame's first packet (System.nanoTime), or 0 if none yet. */
  long nanos() {
    return keyFrameNanos;
  }
}
