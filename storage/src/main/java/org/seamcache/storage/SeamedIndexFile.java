package org.seamcache.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.seamcache.seamer.GapMap;

/**
 * The on-disk form of a {@link SeamedIndex}: fixed-size little-endian records in checksummed blocks,
 * written front to back once (to a temporary file, fsynced, then renamed into place), never modified
 * afterwards; a rebuild writes a whole new file the same way.
 *
 * <pre>
 * header   magic "SCSEAMIX", version u32 (1), track u32, reference leg i32, record size u32 (28),
 *          excerpts in the queue at build time u64, CRC32C of the preceding 32 bytes u32, zero u32
 * blocks   count u32 (1..4096), count records, CRC32C of count and records u32; then count 0 and its CRC
 *          record: position i64, excerpt index i64, canonical timestamp i64, leg i32
 * gaps     count u64, count × (first i64, last i64), CRC32C of count and ranges u32
 * trailer  records u64, magic "SCSEAMEN", CRC32C of the preceding 16 bytes u32
 * </pre>
 *
 * Every checksum is verified on reading; any mismatch, a short file or a wrong count is reported as
 * {@link Damaged}, never served. Stateless.
 */
final class SeamedIndexFile {

  /** {@link SeamedIndex#origin()} of an index read from a sound file. */
  static final String READ_FROM_FILE = "read from its index file";

  static final int VERSION = 1;
  static final int RECORD_BYTES = 28;
  static final int HEADER_BYTES = 40;
  static final int BLOCK_RECORDS = 4096;
  private static final byte[] MAGIC = "SCSEAMIX".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_MAGIC = "SCSEAMEN".getBytes(StandardCharsets.US_ASCII);

  /** The file exists but cannot be trusted. */
  static final class Damaged extends Exception {
    Damaged(String message) {
      super(message, null, false, false);
    }
  }

  private SeamedIndexFile() {}

  static void write(Path file, SeamedIndex index) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer header = le(HEADER_BYTES);
      header.put(MAGIC).putInt(VERSION).putInt(index.track()).putInt(index.referenceLeg()).putInt(RECORD_BYTES)
          .putLong(index.excerptsAtBuild());
      header.putInt(crc(header, 0, 32)).putInt(0);
      writeFully(ch, header.flip());
      ByteBuffer block = le(4 + BLOCK_RECORDS * RECORD_BYTES + 4);
      for (int start = 0; start < index.size(); start += BLOCK_RECORDS) {
        int count = Math.min(BLOCK_RECORDS, index.size() - start);
        block.clear();
        block.putInt(count);
        for (int i = start; i < start + count; i++) {
          block.putLong(index.position(i)).putLong(index.excerptValue(i)).putLong(index.timestamp(i)).putInt(index.leg(i));
        }
        block.putInt(crc(block, 0, block.position()));
        writeFully(ch, block.flip());
      }
      block.clear();
      block.putInt(0);
      block.putInt(crc(block, 0, 4));
      writeFully(ch, block.flip());
      ByteBuffer gaps = le(8 + index.gaps().size() * 16 + 4);
      gaps.putLong(index.gaps().size());
      for (GapMap.Range r : index.gaps()) {
        gaps.putLong(r.first()).putLong(r.last());
      }
      gaps.putInt(crc(gaps, 0, gaps.position()));
      writeFully(ch, gaps.flip());
      ByteBuffer trailer = le(20);
      trailer.putLong(index.size()).put(END_MAGIC);
      trailer.putInt(crc(trailer, 0, 16));
      writeFully(ch, trailer.flip());
      ch.force(true);
    } catch (IOException e) {
      // A full disk fails the write half-way: leave no half-written temporary behind.
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + tmp, e);
    }
    try {
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + tmp + " to " + file, e);
    }
  }

  /**
   * Reads and checks the whole file.
   *
   * @return the index, or null if there is no such file
   * @throws Damaged if anything in it does not check out
   */
  static SeamedIndex read(Path file) throws Damaged {
    MappedByteBuffer map;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw new Damaged(file.getFileName() + " is " + ch.size() + " bytes, more than an index can be");
      }
      map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new Damaged("cannot read " + file.getFileName() + ": " + e);
    }
    ByteBuffer b = map.order(ByteOrder.LITTLE_ENDIAN);
    String name = file.getFileName().toString();
    try {
      byte[] magic = new byte[8];
      need(b, HEADER_BYTES, name, "header");
      b.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new Damaged(name + ": not a seamed index (bad magic)");
      }
      int version = b.getInt();
      int track = b.getInt();
      int referenceLeg = b.getInt();
      int recordBytes = b.getInt();
      long excerpts = b.getLong();
      int headerCrc = b.getInt();
      b.getInt();
      if (headerCrc != crc(b, 0, 32)) {
        throw new Damaged(name + ": header CRC32C mismatch");
      }
      if (version != VERSION || recordBytes != RECORD_BYTES) {
        throw new Damaged(name + ": version " + version + " with " + recordBytes + "-byte records; this build reads version "
            + VERSION);
      }
      LongColumn positions = new LongColumn();
      LongColumn refs = new LongColumn();
      LongColumn timestamps = new LongColumn();
      LongColumn legs = new LongColumn();
      for (int blockNo = 0; ; blockNo++) {
        int start = b.position();
        need(b, 4, name, "block " + blockNo);
        int count = b.getInt();
        if (count < 0 || count > BLOCK_RECORDS) {
          throw new Damaged(name + ": block " + blockNo + " claims " + count + " records");
        }
        need(b, count * RECORD_BYTES + 4, name, "block " + blockNo);
        int expected = crc(b, start, 4 + count * RECORD_BYTES);
        for (int i = 0; i < count; i++) {
          positions.add(b.getLong());
          refs.add(b.getLong());
          timestamps.add(b.getLong());
          legs.add(b.getInt());
        }
        if (b.getInt() != expected) {
          throw new Damaged(name + ": CRC32C mismatch in block " + blockNo);
        }
        if (count == 0) {
          break;
        }
      }
      int gapStart = b.position();
      need(b, 8, name, "gap list");
      long gapCount = b.getLong();
      if (gapCount < 0 || gapCount > (b.remaining() - 4) / 16) {
        throw new Damaged(name + ": gap list claims " + gapCount + " ranges");
      }
      List<GapMap.Range> gaps = new ArrayList<>();
      int expectedGapCrc = crc(b, gapStart, 8 + (int) gapCount * 16);
      for (long i = 0; i < gapCount; i++) {
        long first = b.getLong();
        long last = b.getLong();
        if (last < first) {
          throw new Damaged(name + ": gap " + i + " is an empty range");
        }
        gaps.add(new GapMap.Range(first, last));
      }
      if (b.getInt() != expectedGapCrc) {
        throw new Damaged(name + ": CRC32C mismatch in the gap list");
      }
      int trailerStart = b.position();
      need(b, 20, name, "trailer");
      long records = b.getLong();
      byte[] end = new byte[8];
      b.get(end);
      if (b.getInt() != crc(b, trailerStart, 16) || !java.util.Arrays.equals(end, END_MAGIC)) {
        throw new Damaged(name + ": trailer damaged");
      }
      if (records != positions.size) {
        throw new Damaged(name + ": trailer counts " + records + " records, the blocks hold " + positions.size);
      }
      if (b.hasRemaining()) {
        throw new Damaged(name + ": " + b.remaining() + " bytes after the trailer");
      }
      int[] legColumn = java.util.Arrays.stream(legs.toArray()).mapToInt(v -> (int) v).toArray();
      return new SeamedIndex(track, referenceLeg, excerpts, positions.toArray(), refs.toArray(), timestamps.toArray(),
          legColumn, gaps, READ_FROM_FILE);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new Damaged(name + ": malformed (" + e + ")");
    }
  }

  private static void need(ByteBuffer b, int bytes, String name, String what) throws Damaged {
    if (b.remaining() < bytes) {
      throw new Damaged(name + ": ends inside the " + what + " (truncated)");
    }
  }

  private static ByteBuffer le(int capacity) {
    return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** CRC32C of {@code length} bytes of {@code b} from {@code from} (position untouched); the journal's blocks use it too. */
  static int crc(ByteBuffer b, int from, int length) {
    CRC32C c = new CRC32C();
    c.update(b.duplicate().limit(from + length).position(from));
    return (int) c.getValue();
  }

  static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** A growable long[]; avoids boxing millions of records. */
  static final class LongColumn {
    long[] values = new long[1024];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
