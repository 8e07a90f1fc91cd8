package org.seamcache.proxy.onward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultEventLoop;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.storage.ContentDescriptor;
import org.seamcache.storage.Recording;
import org.seamcache.storage.RecordingReader;
import org.seamcache.storage.Storage;
import org.seamcache.storage.StorageConfig;
import org.seamcache.storage.TrackInfo;

/**
 * A channel offset plays a recording paced by its RTP timestamps: a source that arrived all at once
 * (a fetch faster than real time) is still sent at the media's pace, one packet every 40 ms here,
 * against an injected clock; by arrival (time-shift's pacing) it would all go at once.
 */
class ChannelPacingTest {
  private static final int PACKETS = 100;
  private static final long TICKS_PER_PACKET = 3_600; // 40 ms at 90 kHz
  private static final long FIRST_TS = 4_294_900_000L; // wraps within the title
  private static final long START = 1_700_000_000_000_000_000L;

  @TempDir Path dir;

  @Test
  void aSourceThatArrivedAtOnceIsPlayedAtTheMediasPace() throws Exception {
    ContentDescriptor content = new ContentDescriptor("rtsp://origin/film", "v=0\r\n", List.of(new TrackInfo(0, "trackID=0", "video", 96, "H264", 90_000)));
    DefaultEventLoop loop = new DefaultEventLoop();
    try (Storage storage = Storage.open(StorageConfig.defaults(dir))) {
      Recording r = storage.startRecording(content);
      for (int n = 0; n < PACKETS; n++) {
        long ts = (FIRST_TS + n * TICKS_PER_PACKET) & 0xFFFFFFFFL;
        r.offerRtp(0, 0, START + n * 1_000L, 1_000 + n, FIRST_TS + n * TICKS_PER_PACKET, true, 96, n, ByteBuffer.wrap(rtp(n, ts)));
      }
      r.finish(true);
      r.whenFinished().get(10, TimeUnit.SECONDS);

      AtomicLong nanos = new AtomicLong(5_000_000_000L);
      AtomicLong epoch = new AtomicLong(START + 2_500_000_000L); // the offset (2 s) started 0.5 s ago
      ChannelTimeline timeline = new ChannelTimeline(START, 2_000_000_000L, t -> FIRST_TS, new int[] {90_000}, epoch::get);
      RecordingPlayout.Start start;
      try (RecordingReader scan = storage.openReader(content.id())) {
        start = RecordingPlayout.find(scan, epoch.get(), Long.MIN_VALUE, new int[] {0}, List.of("H264"), timeline);
      }
      assertThat(start.tracks().get(0).seq()).as("the key frame due at or before now (one every 25 packets)").isEqualTo(1_000);
      CountingOutput out = new CountingOutput();
      RecordingPlayout playout = new RecordingPlayout(storage.openReader(content.id()), out, loop, new int[] {0}, List.of("H264"), nanos::get,
          start, () -> true, () -> {}, timeline);
      playout.play();
      // now is 0.5 s into the offset: packets 0-12 (due 0-480 ms) go at once, then one per 40 ms of the clock
      await().atMost(Duration.ofSeconds(5)).until(() -> out.sent() == 13);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> out.sent() == 13);
      nanos.addAndGet(1_000_000_000L);
      await().atMost(Duration.ofSeconds(5)).until(() -> out.sent() == 38);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> out.sent() == 38);
      nanos.addAndGet(10_000_000_000L);
      await().atMost(Duration.ofSeconds(5)).until(() -> out.sent() == PACKETS + 1); // and a BYE: the recording is played out
      playout.close();
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** An RTP packet: an IDR slice every 25 packets, other slices between. */
  private static byte[] rtp(int n, long ts) {
    byte[] b = new byte[12 + 20];
    b[0] = (byte) 0x80;
    b[1] = (byte) (0x80 | 96);
    int seq = 1_000 + n;
    b[2] = (byte) (seq >> 8);
    b[3] = (byte) seq;
    b[4] = (byte) (ts >> 24);
    b[5] = (byte) (ts >> 16);
    b[6] = (byte) (ts >> 8);
    b[7] = (byte) ts;
    b[8] = 0x12;
    b[9] = 0x34;
    b[10] = 0x56;
    b[11] = 0x78;
    b[12] = (byte) (n % 25 == 0 ? 0x65 : 0x41);
    b[13] = (byte) n;
    return b;
  }

  private static final class CountingOutput implements ViewerOutput {
    private final AtomicLong sent = new AtomicLong();

    @Override
    public void offer(int track, RtpHeader rtp, ByteBuf packet) {
      sent.incrementAndGet();
    }

    @Override
    public void flush() {}

    @Override
    public long dropped() {
      return 0;
    }

    @Override
    public long failed() {
      return 0;
    }

    @Override
    public long sent() {
      return sent.get();
    }

    @Override
    public long bytesSent() {
      return 0;
    }
  }
}
