package org.seamcache.seamer.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.seamcache.seamer.SeamSink;
import org.seamcache.seamer.Seamer;
import org.seamcache.seamer.SeamerConfig;

/**
 * Packets per second through alignment and merging: three legs of the same 200,000-packet stream,
 * each with its own random bases and 10% independent loss, interleaved by arrival (the second and
 * third leg 20 and 45 ms behind), metadata only (sequence number, timestamp, payload hash). One
 * operation = one packet offered; each invocation seams the whole set from a fresh Seamer,
 * including alignment and the release of every position.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SeamerBenchmark {

  static final int CONTENT = 200_000;
  static final int LEGS = 3;
  static final int PACKETS = 540_000; // about 3 × 200,000 × 0.9; the exact count is in `count`

  /** offline: alignment at the end, release at finish; live: 200 ms fill window, released as packets come. */
  @Param({"offline", "live"})
  public String mode;

  int count;
  int[] leg;
  int[] seq;
  long[] ts;
  long[] hash;
  long[] arrival;

  @Setup
  public void generate() {
    Random rnd = new Random(42);
    long[] content = new long[CONTENT];
    for (int i = 0; i < CONTENT; i++) {
      content[i] = rnd.nextLong();
    }
    int capacity = CONTENT * LEGS;
    leg = new int[capacity];
    seq = new int[capacity];
    ts = new long[capacity];
    hash = new long[capacity];
    arrival = new long[capacity];
    int[] seqBase = {rnd.nextInt(65536), rnd.nextInt(65536), rnd.nextInt(65536)};
    long[] tsBase = {rnd.nextInt() & 0xFFFF_FFFFL, rnd.nextInt() & 0xFFFF_FFFFL, rnd.nextInt() & 0xFFFF_FFFFL};
    long[] delay = {0, 20_000_000L, 45_000_000L};
    for (int c = 0; c < CONTENT; c++) {
      for (int l = 0; l < LEGS; l++) {
        if (rnd.nextInt(10) == 0) {
          continue; // 10% loss per leg
        }
        leg[count] = l;
        seq[count] = (seqBase[l] + c) & 0xFFFF;
        ts[count] = (tsBase[l] + c / 3 * 3600L) & 0xFFFF_FFFFL;
        hash[count] = content[c];
        arrival[count] = c * 1_000_000L + delay[l]; // 1000 packets/s per leg
        count++;
      }
    }
    // order by arrival: legs lag by 20 and 45 packets, so a stable merge by arrival is a small shuffle
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Long.compare(arrival[a], arrival[b]));
    int[] l2 = new int[count];
    int[] s2 = new int[count];
    long[] t2 = new long[count];
    long[] h2 = new long[count];
    long[] a2 = new long[count];
    for (int i = 0; i < count; i++) {
      int k = order[i];
      l2[i] = leg[k];
      s2[i] = seq[k];
      t2[i] = ts[k];
      h2[i] = hash[k];
      a2[i] = arrival[k];
    }
    leg = l2;
    seq = s2;
    ts = t2;
    hash = h2;
    arrival = a2;
  }

  /** Counts what is released, so nothing is optimized away. */
  static final class CountingSink implements SeamSink {
    long emitted;
    long checksum;

    @Override
    public void emit(long position, long timestamp, int leg, long reference) {
      emitted++;
      checksum += position ^ reference;
    }
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long alignAndMerge() {
    boolean live = mode.equals("live");
    CountingSink sink = new CountingSink();
    Seamer seamer = new Seamer(live ? SeamerConfig.live(90_000, 200) : SeamerConfig.offline(90_000), sink);
    for (int l = 0; l < LEGS; l++) {
      seamer.addLeg();
    }
    for (int i = 0; i < count; i++) {
      seamer.offer(leg[i], seq[i], ts[i], hash[i], i, arrival[i]);
      if (live) {
        seamer.release(arrival[i]);
      }
    }
    seamer.finish();
    if (sink.emitted < CONTENT * 0.99) {
      throw new IllegalStateException("only " + sink.emitted + " positions released");
    }
    return sink.checksum;
  }
}
