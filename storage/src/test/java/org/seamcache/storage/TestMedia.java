package org.seamcache.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/** Descriptors, RTP packets and configs for storage tests. */
final class TestMedia {

  static final long T0_MILLIS = 1_763_700_000_000L;

  private TestMedia() {}

  static ContentDescriptor content(String url) {
    String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=test\r\nt=0 0\r\n"
        + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:stream=0\r\n"
        + "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/1\r\na=control:stream=1\r\n";
    return new ContentDescriptor(url, sdp, List.of(
        new TrackInfo(0, "stream=0", "video", 96, "H264", 90_000),
        new TrackInfo(1, "stream=1", "audio", 97, "MPEG4-GENERIC", 48_000)));
  }

  /** One H.264 track; {@code sessionLines} (e.g. an {@code a=range}) go into the session part of the SDP. */
  static ContentDescriptor videoOnly(String url, String sessionLines) {
    String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=test\r\nt=0 0\r\n" + sessionLines
        + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:stream=0\r\n";
    return new ContentDescriptor(url, sdp, List.of(new TrackInfo(0, "stream=0", "video", 96, "H264", 90_000)));
  }

  /** Offers an RTP packet with the given numbers and payload on track 0. */
  static boolean offerPayload(Recording r, int leg, long arrivalNanos, long seq, long ts, byte[] payload) {
    return r.offerRtp(0, leg, arrivalNanos, seq, ts, false, 96, hash(payload),
        rtp(96, false, (int) seq, ts, 0x1000 + leg, payload));
  }

  /** Small blocks and secondly files so tests roll files quickly; generous free-space floor of 0. */
  static StorageConfig config(Path dir, FakeClock clock) {
    return StorageConfig.defaults(dir)
        .withClock(clock)
        .withRollCycle(TestRollCycles.TEST_SECONDLY, 256 << 10)
        .withMinFreeDiskBytes(0);
  }

  /** The payload of packet {@code n} of a stream: deterministic, distinct per n and stream. */
  static byte[] payload(int stream, long n, int length) {
    byte[] p = new byte[length];
    long x = (stream * 0x9E3779B97F4A7C15L) ^ (n * 0xC2B2AE3D27D4EB4FL);
    for (int i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      p[i] = (byte) x;
    }
    return p;
  }

  /** A real RTP packet (12-byte header, version 2). */
  static ByteBuffer rtp(int payloadType, boolean marker, int seq, long timestamp, int ssrc, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
    b.put((byte) 0x80);
    b.put((byte) ((marker ? 0x80 : 0) | payloadType));
    b.putShort((short) seq);
    b.putInt((int) timestamp);
    b.putInt(ssrc);
    b.put(payload);
    return b.flip();
  }

  /** FNV-1a over the payload, standing in for the seamer's payload hash. */
  static long hash(byte[] payload) {
    long h = 0xcbf29ce484222325L;
    for (byte v : payload) {
      h ^= v & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Offers packet n of a leg whose sequence numbers start at seqBase. */
  static boolean offer(Recording r, int track, int leg, long arrivalNanos, long seqBase, long n, int length) {
    byte[] payload = payload(track, n, length);
    long seq = seqBase + n;
    long ts = seqBase * 7 + n * 3000;
    return r.offerRtp(track, leg, arrivalNanos, seq, ts, n % 10 == 9, 96 + track, hash(payload),
        rtp(96 + track, n % 10 == 9, (int) seq, ts, 0x1000 + leg, payload));
  }
}
