package org.seamcache.storage.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.seamcache.storage.BenchAccess;

/**
 * What recording costs the relay thread per packet: {@code Recording.offerRtp} (copy of 1,200
 * bytes, hand-off enqueue). The benchmark thread empties the hand-off every 1,024 offers itself, so
 * no writer thread competes for the two cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class OfferBenchmark {

  private final ByteBuffer packet = ByteBuffer.allocateDirect(RecordPathBenchmark.PACKET_BYTES);
  private final CpuRate rate = new CpuRate();
  private BenchAccess.HandOffOnly handOff;
  private long seq;

  @Setup(Level.Trial)
  public void create() {
    byte[] bytes = new byte[RecordPathBenchmark.PACKET_BYTES];
    new Random(3).nextBytes(bytes);
    packet.put(bytes).flip();
    handOff = new BenchAccess.HandOffOnly(Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Setup(Level.Iteration)
  public void start() {
    rate.start();
  }

  @TearDown(Level.Iteration)
  public void report() {
    rate.report("offerRtp");
  }

  @Benchmark
  public boolean offerRtp() {
    long s = seq++;
    rate.ops++;
    if ((s & 1023) == 0) {
      handOff.drain();
    }
    return handOff.recording.offerRtp(0, 0, s, s, s * 3000, false, 96, s, packet);
  }
}
