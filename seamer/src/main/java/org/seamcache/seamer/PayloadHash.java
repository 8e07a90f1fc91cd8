package org.seamcache.seamer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A fast 64-bit hash of an RTP payload together with its marker bit and payload type: the key that
 * proposes which canonical position a packet of another leg corresponds to.
 *
 * <p>Construction: the payload is read as big-endian 8-byte words. Blocks of 32 bytes feed four
 * independent lanes (add, multiply, rotate, multiply: the xxHash64 pattern) that are joined at the
 * end; the remaining words are multiplied by an odd constant, rotated and folded into the state,
 * which is multiplied again; the tail (fewer than 8 bytes) is packed into one more word; the
 * length, marker and payload type seed the state; a final avalanche (xor-shift-multiply, as in
 * SplitMix64) spreads every input bit over the output.
 *
 * <p>Collisions: for distinct payloads it behaves like a random 64-bit function, so among {@code n}
 * distinct payloads the chance of any collision is about {@code n²/2^65} (one million packets:
 * about 3·10⁻⁸). It is not cryptographic: someone who controls payloads can make collisions, so a
 * hash hit is confirmed by comparing bytes wherever the bytes are at hand. Identical payloads hash
 * identically by design; repeated payloads are the aligner's problem, not the hash's.
 *
 * <p>Stateless and thread-safe. Reads never copy and never move the buffer's position.
 */
public final class PayloadHash {

  private static final long K1 = 0x9E37_79B9_7F4A_7C15L;
  private static final long K2 = 0xC2B2_AE3D_27D4_EB4FL;
  private static final long K3 = 0x1656_67B1_9E37_79F9L;
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private PayloadHash() {}

  /** Hash of {@code buf[offset, offset+length)} (absolute indices) with the marker and payload type. */
  public static long of(ByteBuffer buf, int offset, int length, boolean marker, int payloadType) {
    long h = seed(length, marker, payloadType);
    boolean bigEndian = buf.order() == ByteOrder.BIG_ENDIAN;
    int end = offset + length;
    int i = offset;
    if (length >= 32) {
      long v1 = h ^ K1;
      long v2 = h ^ K2;
      long v3 = h ^ K3;
      long v4 = h;
      for (; i + 32 <= end; i += 32) {
        long w1 = buf.getLong(i);
        long w2 = buf.getLong(i + 8);
        long w3 = buf.getLong(i + 16);
        long w4 = buf.getLong(i + 24);
        if (!bigEndian) {
          w1 = Long.reverseBytes(w1);
          w2 = Long.reverseBytes(w2);
          w3 = Long.reverseBytes(w3);
          w4 = Long.reverseBytes(w4);
        }
        v1 = lane(v1, w1);
        v2 = lane(v2, w2);
        v3 = lane(v3, w3);
        v4 = lane(v4, w4);
      }
      h = join(v1, v2, v3, v4);
    }
    for (; i + 8 <= end; i += 8) {
      long w = buf.getLong(i);
      h = mix(h, bigEndian ? w : Long.reverseBytes(w));
    }
    if (i < end) {
      long tail = 0;
      for (; i < end; i++) {
        tail = (tail << 8) | (buf.get(i) & 0xFF);
      }
      h = mix(h, tail);
    }
    return avalanche(h);
  }

  /** Hash of {@code bytes[offset, offset+length)}; equal to the ByteBuffer form over the same bytes. */
  public static long of(byte[] bytes, int offset, int length, boolean marker, int payloadType) {
    long h = seed(length, marker, payloadType);
    int end = offset + length;
    int i = offset;
    if (length >= 32) {
      long v1 = h ^ K1;
      long v2 = h ^ K2;
      long v3 = h ^ K3;
      long v4 = h;
      for (; i + 32 <= end; i += 32) {
        v1 = lane(v1, (long) LONG_BE.get(bytes, i));
        v2 = lane(v2, (long) LONG_BE.get(bytes, i + 8));
        v3 = lane(v3, (long) LONG_BE.get(bytes, i + 16));
        v4 = lane(v4, (long) LONG_BE.get(bytes, i + 24));
      }
      h = join(v1, v2, v3, v4);
    }
    for (; i + 8 <= end; i += 8) {
      h = mix(h, (long) LONG_BE.get(bytes, i));
    }
    if (i < end) {
      long tail = 0;
      for (; i < end; i++) {
        tail = (tail << 8) | (bytes[i] & 0xFF);
      }
      h = mix(h, tail);
    }
    return avalanche(h);
  }

  /** Hash of the payload of the RTP packet {@code header} was parsed from ({@code packetStart} absolute). */
  public static long ofPacket(ByteBuffer packet, int packetStart, RtpHeader header) {
    return of(packet, packetStart + header.payloadOffset(), header.payloadLength(), header.marker(), header.payloadType());
  }

  private static long seed(int length, boolean marker, int payloadType) {
    return K3 ^ ((long) length << 8 | (marker ? 0x80 : 0) | (payloadType & 0x7F)) * K1;
  }

  private static long mix(long h, long word) {
    return (h ^ Long.rotateLeft(word * K1, 31)) * K2 + K3;
  }

  /** One of four independent lanes over 32-byte blocks (independent chains keep the multipliers busy). */
  private static long lane(long v, long word) {
    return Long.rotateLeft(v + word * K2, 31) * K1;
  }

  private static long join(long v1, long v2, long v3, long v4) {
    long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
    h = mix(h, v1);
    h = mix(h, v2);
    h = mix(h, v3);
    return mix(h, v4);
  }

  private static long avalanche(long h) {
    h = (h ^ (h >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return h ^ (h >>> 31);
  }
}
