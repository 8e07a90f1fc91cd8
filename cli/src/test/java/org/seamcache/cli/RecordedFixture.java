package org.seamcache.cli;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.seamcache.storage.ContentDescriptor;
import org.seamcache.storage.Recording;
import org.seamcache.storage.Storage;
import org.seamcache.storage.StorageConfig;
import org.seamcache.storage.TrackInfo;

/** Records small contents through the public storage API for CLI tests. */
final class RecordedFixture {

  /** Packets (numbered from 0) each leg lost; leg 0 (numbers from 1,000) is the reference. */
  static final Set<Long> LOST_ON_LEG0 = Set.of(10L, 11L, 12L, 60L, 61L);
  static final Set<Long> LOST_ON_LEG1 = Set.of(11L, 12L, 13L, 90L);

  private RecordedFixture() {}

  static StorageConfig config(Path dir) {
    return StorageConfig.defaults(dir).withMinFreeDiskBytes(0);
  }

  static ContentDescriptor content(String url) {
    String sdp = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:stream=0\r\n"
        + "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/1\r\na=control:stream=1\r\n";
    return new ContentDescriptor(url, sdp, List.of(
        new TrackInfo(0, "stream=0", "video", 96, "H264", 90_000),
        new TrackInfo(1, "stream=1", "audio", 97, "MPEG4-GENERIC", 48_000)));
  }

  /**
   * Video over two legs with different sequence bases (leg 0 from 1,000, leg 1 from 50,000) and
   * different losses; audio over leg 0 only. Finished complete.
   */
  static ContentDescriptor twoLegs(Storage storage, String url) throws Exception {
    ContentDescriptor content = content(url);
    Recording r = storage.startRecording(content);
    long t0 = 1_763_700_000_000_000_000L;
    for (long n = 0; n < 100; n++) {
      if (!LOST_ON_LEG0.contains(n)) {
        offer(r, 0, 0, t0 + n * 1_000_000, 1_000 + n, 0x1111, payload(0, n, 700), 96);
      }
      if (!LOST_ON_LEG1.contains(n)) {
        offer(r, 0, 1, t0 + n * 1_000_000 + 500, 50_000 + n, 0x2222, payload(0, n, 700), 96);
      }
      if (n % 2 == 0) {
        offer(r, 1, 0, t0 + n * 1_000_000 + 200, 300 + n / 2, 0x3333, payload(1, n, 200), 97);
      }
    }
    r.finish(true);
    r.whenFinished().get(10, TimeUnit.SECONDS);
    return content;
  }

  /**
   * The video of {@link #twoLegs} plus leg 2: a separate encode (other payloads, no loss, numbers
   * from 9) that the seamer must find not alignable. Finished normally.
   */
  static ContentDescriptor withForeignLeg(Storage storage, String url) throws Exception {
    ContentDescriptor content = content(url);
    Recording r = storage.startRecording(content);
    long t0 = 1_763_700_000_000_000_000L;
    for (long n = 0; n < 100; n++) {
      if (!LOST_ON_LEG0.contains(n)) {
        offer(r, 0, 0, t0 + n * 1_000_000, 1_000 + n, 0x1111, payload(0, n, 700), 96);
      }
      if (!LOST_ON_LEG1.contains(n)) {
        offer(r, 0, 1, t0 + n * 1_000_000 + 500, 50_000 + n, 0x2222, payload(0, n, 700), 96);
      }
      offer(r, 0, 2, t0 + n * 1_000_000 + 700, 9 + n, 0x4444, payload(5, n, 700), 96);
    }
    r.finish(true);
    r.whenFinished().get(10, TimeUnit.SECONDS);
    return content;
  }

  static void offer(Recording r, int track, int leg, long arrival, long seq, int ssrc, byte[] payload, int pt) {
    long ts = seq * 3_000;
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
    b.put((byte) 0x80).put((byte) pt).putShort((short) seq).putInt((int) ts).putInt(ssrc).put(payload).flip();
    r.offerRtp(track, leg, arrival, seq, ts, false, pt, hash(payload), b);
  }

  static byte[] payload(int stream, long n, int length) {
    byte[] p = new byte[length];
    long x = (stream + 1) * 0x9E3779B97F4A7C15L ^ (n + 1) * 0xC2B2AE3D27D4EB4FL;
    for (int i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      p[i] = (byte) x;
    }
    return p;
  }

  static long hash(byte[] payload) {
    long h = 0xcbf29ce484222325L;
    for (byte v : payload) {
      h = (h ^ (v & 0xff)) * 0x100000001b3L;
    }
    return h;
  }
}
