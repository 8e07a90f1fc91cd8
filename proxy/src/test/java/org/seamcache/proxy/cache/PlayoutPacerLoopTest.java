package org.seamcache.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A looping playout on a hand-made title: when packets are due across the loop point, and which play they belong to. */
class PlayoutPacerLoopTest {
  private static final long SECOND = 1_000_000_000L;

  /** 10 video frames at 25 fps (0.4 s), key frames at 0 and 0.2 s; 12 audio packets of 1024 samples at 48 kHz. */
  private static StoredTitle title() {
    int v = 10;
    long[] vts = new long[v];
    long[] vpos = new long[v];
    boolean[] key = new boolean[v];
    for (int i = 0; i < v; i++) {
      vts[i] = 7000 + i * 3600L;
      vpos[i] = 500 + i;
      key[i] = i % 5 == 0;
    }
    int a = 12;
    long[] ats = new long[a];
    long[] apos = new long[a];
    for (int i = 0; i < a; i++) {
      ats[i] = 90 + i * 1024L;
      apos[i] = 40 + i + (i >= 6 ? 1 : 0); // one gap in the copy
    }
    return new StoredTitle("id", "rtsp://o/t", null, List.of(
        new StoredTitle.Track(0, 90_000, new long[v], vpos, vts, key),
        new StoredTitle.Track(1, 48_000, new long[a], apos, ats, new boolean[a])), 0.4);
  }

  /** (track, round, index) of every packet sent up to {@code untilNanos}, ticking every 10 ms. */
  private static List<String> drain(PlayoutPacer p, long fromNanos, long untilNanos) {
    List<String> sent = new ArrayList<>();
    for (long now = fromNanos; now <= untilNanos; now += 10_000_000L) {
      for (int t = 0; t < 2; t++) {
        for (int i; (i = p.due(t, now)) >= 0; ) {
          sent.add(t + ":" + p.round(t) + ":" + i);
          p.sent(t);
        }
      }
    }
    return sent;
  }

  @Test
  void theLoopPeriodLeavesRoomForEveryTracksLastPacket() {
    StoredTitle t = title();
    // audio's last packet starts at 11 * 1024 / 48000 = 0.2347 s: the video's 0.4 s (9 frames + one) wins
    assertThat(t.loopPeriodSeconds()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.tracks().get(1).positionSpan()).isEqualTo(13);
  }

  @Test
  void twoPlaysSendEveryPacketTwiceInOrderThenFinish() {
    PlayoutPacer p = new PlayoutPacer(title(), LoopCount.times(2));
    p.seek(0);
    p.play(0);
    List<String> sent = drain(p, 0, 2 * SECOND);
    assertThat(sent).hasSize(2 * (10 + 12));
    assertThat(sent.stream().filter(s -> s.startsWith("0:")).toList())
        .startsWith("0:0:0", "0:0:1").contains("0:0:9", "0:1:0").endsWith("0:1:9");
    // the second play's first frame is due one frame after the first play's last, not before
    PlayoutPacer q = new PlayoutPacer(title(), LoopCount.times(2));
    q.seek(0);
    q.play(0);
    drain(q, 0, 390_000_000L);
    assertThat(q.due(0, 395_000_000L)).isEqualTo(-1);
    assertThat(q.due(0, 400_000_000L)).isZero();
    assertThat(q.round(0)).isEqualTo(1);
    assertThat(p.finished()).isTrue();
    assertThat(p.endSeconds()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void onceEndsAfterOnePlayAsBefore() {
    PlayoutPacer p = new PlayoutPacer(title());
    p.seek(0);
    p.play(0);
    assertThat(drain(p, 0, 2 * SECOND)).hasSize(22).allMatch(s -> s.split(":")[1].equals("0"));
    assertThat(p.finished()).isTrue();
    assertThat(p.endSeconds()).isEqualTo(0.4);
  }

  @Test
  void foreverNeverFinishes() {
    PlayoutPacer p = new PlayoutPacer(title(), LoopCount.FOREVER);
    p.seek(0);
    p.play(0);
    List<String> sent = drain(p, 0, 10 * SECOND);
    assertThat(p.finished()).isFalse();
    assertThat(p.round(0)).isEqualTo(25); // 10 s of a 0.4 s period: plays 0..24 done, 25 next
    assertThat(sent).hasSize(25 * 22 + 2); // and play 25's first video and audio packets, due at exactly 10 s
    assertThat(p.endSeconds()).isInfinite();
  }

  @Test
  void aSeekPastTheFirstPlayStartsInTheLaterPlayOnItsKeyFrame() {
    PlayoutPacer p = new PlayoutPacer(title(), LoopCount.times(3));
    double start = p.seek(0.4 + 0.3); // play 1, 0.3 s in: key frame at 0.2 s
    assertThat(start).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p.round(0)).isEqualTo(1);
    assertThat(p.nextIndex(0)).isEqualTo(5);
    // a seek beyond the last play stays in the last play
    p.seek(5.0);
    assertThat(p.round(0)).isEqualTo(2);
  }

  @Test
  void loopCountsParseAsTheConfigurationWritesThem() {
    assertThat(LoopCount.parse("forever")).isEqualTo(LoopCount.FOREVER);
    assertThat(LoopCount.parse(" 3 ")).isEqualTo(LoopCount.times(3));
    assertThat(LoopCount.parse("1").loops()).isFalse();
    assertThatThrownBy(() -> LoopCount.parse("0")).hasMessage("a loop count is 1-100000 or forever, not 0");
    assertThatThrownBy(() -> LoopCount.parse("twice")).hasMessage("a loop count is 1-100000 or forever, not 'twice'");
  }
}
