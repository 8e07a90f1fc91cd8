package org.seamcache.storage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
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
import org.seamcache.storage.RecordingReader;

/**
 * Sequential reads for playout: {@link RecordingReader#next()} (decode + CRC32C check + copy of the
 * packet) against a bare Chronicle tailer copying the same bytes, over 200,000 recorded 1,200-byte
 * packets; both wrap around to the start at the end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SequentialReadBenchmark {

  static final int PACKETS = 200_000;

  private Path dir;
  private Path bareDir;
  private RecordingReader reader;
  private SingleChronicleQueue bareQueue;
  private ExcerptTailer bareTailer;
  private final byte[] into = new byte[2048];
  private final CpuRate readerRate = new CpuRate();
  private final CpuRate bareRate = new CpuRate();

  @Setup(Level.Iteration)
  public void startCounting() {
    readerRate.start();
    bareRate.start();
  }

  @TearDown(Level.Iteration)
  public void report() {
    if (readerRate.ops > 0) {
      readerRate.report("recordingReaderNext");
    }
    if (bareRate.ops > 0) {
      bareRate.report("bareTailerRead");
    }
  }

  @Setup(Level.Trial)
  public void record() throws IOException {
    Path root = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
    dir = Files.createTempDirectory(root, "seamcache-read");
    bareDir = Files.createTempDirectory(root, "seamcache-read-bare");
    byte[] packet = new byte[RecordPathBenchmark.PACKET_BYTES];
    new Random(2).nextBytes(packet);
    try (SingleChronicleQueue q = BenchAccess.queueForWriting(dir); ExcerptAppender a = q.createAppender()) {
      BenchAccess.RecordPath path = new BenchAccess.RecordPath(a, 1);
      for (long s = 0; s < PACKETS; s++) {
        path.appendRtp(0, 0, s, s, s * 3000, s, packet);
      }
    }
    bareQueue = BenchAccess.queueForWriting(bareDir);
    try (ExcerptAppender a = bareQueue.createAppender()) {
      for (long s = 0; s < PACKETS; s++) {
        try (DocumentContext dc = a.writingDocument()) {
          dc.wire().bytes().write(packet, 0, packet.length);
        }
      }
    }
    reader = BenchAccess.reader(dir);
    bareTailer = bareQueue.createTailer();
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    reader.close();
    bareTailer.close();
    bareQueue.close();
    for (Path d : new Path[] {dir, bareDir}) {
      try (Stream<Path> walk = Files.walk(d)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Benchmark
  public long recordingReaderNext() {
    readerRate.ops++;
    if (!reader.next()) {
      reader.toStart();
      reader.next();
    }
    return reader.extendedSeq() + reader.length();
  }

  @Benchmark
  public long bareTailerRead() {
    bareRate.ops++;
    while (true) {
      try (DocumentContext dc = bareTailer.readingDocument()) {
        if (dc.isPresent()) {
          int n = (int) dc.wire().bytes().readRemaining();
          dc.wire().bytes().read(into, 0, n);
          return n;
        }
      }
      bareTailer.toStart();
    }
  }
}
