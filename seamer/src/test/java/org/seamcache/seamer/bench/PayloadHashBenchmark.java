package org.seamcache.seamer.bench;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.seamcache.seamer.PayloadHash;

/** Payload hashes per second for typical RTP payload sizes, from a direct ByteBuffer (as from a socket or mapped file). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PayloadHashBenchmark {

  @Param({"160", "1200"})
  public int payloadBytes;

  ByteBuffer buffer;

  @Setup
  public void fill() {
    byte[] bytes = new byte[payloadBytes + 16];
    new Random(1).nextBytes(bytes);
    buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes);
  }

  @Benchmark
  public long hash() {
    return PayloadHash.of(buffer, 12, payloadBytes, true, 96);
  }
}
