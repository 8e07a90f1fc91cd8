package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seamcache.seamer.GapMap;

/** Several relay threads offer to one recording at once: every accepted packet lands, counted right. */
class ConcurrentOffersTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {11, 22, 33})
  void everyAcceptedPacketOfEveryThreadIsRecorded(long seed) throws Exception {
    int legs = 4;
    int perLeg = 3_000;
    ContentDescriptor content = TestMedia.content("rtsp://origin/concurrent-" + seed);
    List<Set<Long>> lost = new ArrayList<>();
    Random random = new Random(seed);
    for (int leg = 0; leg < legs; leg++) {
      Set<Long> l = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        l.add((long) random.nextInt(perLeg - 2) + 1); // never the first or last
      }
      lost.add(l);
    }
    try (Storage storage = Storage.open(TestMedia.config(dir, new FakeClock(TestMedia.T0_MILLIS)))) {
      Recording r = storage.startRecording(content);
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int leg = 0; leg < legs; leg++) {
        int l = leg;
        Thread t = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (long n = 0; n < perLeg; n++) {
            if (!lost.get(l).contains(n)) {
              assertThat(TestMedia.offer(r, l % 2, l, n, 10_000L * l, n, 200 + l)).isTrue();
            }
          }
        });
        t.start();
        threads.add(t);
      }
      start.countDown();
      for (Thread t : threads) {
        t.join(30_000);
      }
      r.finish(true);
      RecorderStats stats = r.whenFinished().get(30, TimeUnit.SECONDS);
      long expected = (long) legs * perLeg - lost.stream().mapToInt(Set::size).sum();
      assertThat(stats.recordedPackets()).isEqualTo(expected);
      assertThat(stats.droppedPackets()).isZero();
      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      // Each leg's payloads have their own length, so the legs sharing a track are separate
      // encodes: the seamer aligns neither to the reference (the lower leg), whose own losses stay.
      assertThat(info.state()).isEqualTo(ContentState.PARTIAL);
      assertThat(info.stateDetail()).matches("track 0 has \\d+ gap\\(s\\), " + lost.get(0).size()
          + " position\\(s\\) missing; track 1 has \\d+ gap\\(s\\), " + lost.get(1).size() + " position\\(s\\) missing");
      assertThat(info.trackSummaries().get(0).unalignedLegs()).containsExactly(2);
      assertThat(info.trackSummaries().get(1).unalignedLegs()).containsExactly(3);
      for (LegSummary leg : info.legSummaries()) {
        GapMap wanted = new GapMap();
        for (long n = 0; n < perLeg; n++) {
          if (!lost.get(leg.leg()).contains(n)) {
            wanted.add(10_000L * leg.leg() + n);
          }
        }
        assertThat(leg.track()).isEqualTo(leg.leg() % 2);
        assertThat(leg.gaps()).isEqualTo(wanted.gaps());
        assertThat(leg.packets()).isEqualTo(perLeg - lost.get(leg.leg()).size());
      }
    }
  }
}
