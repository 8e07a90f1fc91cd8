package org.seamcache.cli.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.seamcache.cli.pcap.PcapWriter;

/**
 * Writes the inputs of the {@code seamcache seam} benchmark: three captures of one synthetic video
 * stream (payloads 100-1300 bytes, unique per position), each with its own SSRC, sequence and
 * timestamp bases and 10% independent loss, about {@code packets} RTP packets each.
 *
 * <p>Run: {@code ./mvnw -pl cli -am package -DskipTests} then
 * {@code java -cp cli/target/seamcache.jar:cli/target/test-classes org.seamcache.cli.bench.SeamBenchPcaps DIR 1000000}
 * (see seamer/README.md, "Benchmarks").
 */
public final class SeamBenchPcaps {

  private SeamBenchPcaps() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/seam-bench");
    int packets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Files.createDirectories(dir);
    int positions = (int) (packets / 0.9);
    byte[] pool = new byte[1 << 20];
    new SplittableRandom(7).nextBytes(pool);
    String[] names = {"a.pcap", "b.pcap", "c.pcap"};
    for (int leg = 0; leg < 3; leg++) {
      SplittableRandom loss = new SplittableRandom(100 + leg);
      SplittableRandom sizes = new SplittableRandom(1); // same sizes on every leg: same content
      int seqBase = 1000 + 20_000 * leg;
      long tsBase = 0xFFF0_0000L * (leg + 1) / 3;
      long ssrc = 0x5EA0_0000L + leg;
      ByteBuffer packet = ByteBuffer.allocate(1400);
      int written = 0;
      try (PcapWriter w = PcapWriter.create(dir.resolve(names[leg]))) {
        for (int p = 0; p < positions; p++) {
          int size = 100 + sizes.nextInt(1200);
          if (loss.nextInt(10) == 0) {
            continue;
          }
          packet.clear();
          packet.put((byte) 0x80).put((byte) ((p % 4 == 3 ? 0x80 : 0) | 96)).putShort((short) (seqBase + p))
              .putInt((int) (tsBase + p / 4 * 3600L)).putInt((int) ssrc);
          packet.putLong(p * 0x9E37_79B9_7F4A_7C15L); // unique per position
          packet.put(pool, (int) ((p * 7919L) % (pool.length - 1400)), size - 8).flip();
          w.writeUdp(1_700_000_000_000_000_000L + p * 1_000_000L + leg * 50_000_000L, new byte[] {10, 0, 0, 1},
              40000 + leg * 2, new byte[] {10, 0, 0, 2}, 50000 + leg * 2, packet);
          written++;
        }
      }
      System.out.println(dir.resolve(names[leg]) + ": " + written + " packets");
    }
  }
}
