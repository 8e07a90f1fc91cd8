package org.seamcache.storage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
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
 * The record path (metadata header, CRC32C, append, per-leg tally) against a bare Chronicle append
 * of the same 1,200-byte packets, one thread each, in the same run. Each iteration writes into a
 * fresh queue that is deleted afterwards, so a run stays within a few GB of disk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RecordPathBenchmark {

  static final int PACKET_BYTES = 1200;

  private final byte[] packet = new byte[PACKET_BYTES];
  private Path dir;
  private SingleChronicleQueue queue;
  private ExcerptAppender appender;
  private BenchAccess.RecordPath recordPath;
  private long seq;
  private final CpuRate bareRate = new CpuRate();
  private final CpuRate recordRate = new CpuRate();

  @Setup(Level.Iteration)
  public void open() throws IOException {
    new Random(1).nextBytes(packet);
    dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
        "seamcache-bench");
    queue = BenchAccess.queueForWriting(dir);
    appender = queue.createAppender();
    recordPath = new BenchAccess.RecordPath(appender, 1);
    bareRate.start();
    recordRate.start();
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    if (bareRate.ops > 0) {
      bareRate.report("bareChronicleAppend");
    }
    if (recordRate.ops > 0) {
      recordRate.report("recordPath");
    }
    appender.close();
    queue.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public void recordPath() {
    long s = seq++;
    recordRate.ops++;
    recordPath.appendRtp(0, 0, s, s, s * 3000, s * 0x9E3779B97F4A7C15L, packet);
  }

  @Benchmark
  public void bareChronicleAppend() {
    bareRate.ops++;
    try (DocumentContext dc = appender.writingDocument()) {
      dc.wire().bytes().write(packet, 0, PACKET_BYTES);
    }
  }
}
