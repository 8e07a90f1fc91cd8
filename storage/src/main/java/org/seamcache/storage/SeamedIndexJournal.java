package org.seamcache.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.seamcache.seamer.GapMap;

/**
 * The seamed index of a recording that is still running, appended as its seam releases positions:
 * a reader behind the writer (time-shift, a partial title) reads what was released so far without
 * scanning and seaming the queue. Replaced by the final {@link SeamedIndexFile} when the run ends.
 *
 * <pre>
 * header  magic "SCSEAMJR", version u32 (1), track u32, reference leg i32, record size u32 (28), CRC32C of the 24 bytes u32
 * blocks  count u32 (1..4096), count records, CRC32C of count and records u32
 *         record: position i64, excerpt index i64, canonical timestamp i64, leg i32
 * </pre>
 *
 * Blocks are only ever appended, each whole with its checksum; a reader takes every sound block
 * from the front and stops at the first that is short or does not check out (one being written, or
 * torn by a crash), so it never sees half a block. The writer is confined to the recording's writer
 * thread; reading is stateless.
 */
final class SeamedIndexJournal implements Closeable {

  static final int VERSION = 1;
  static final int HEADER_BYTES = 28;
  private static final byte[] MAGIC = "SCSEAMJR".getBytes(StandardCharsets.US_ASCII);
  private static final int RECORD_BYTES = SeamedIndexFile.RECORD_BYTES;
  private static final int BLOCK_RECORDS = SeamedIndexFile.BLOCK_RECORDS;

  private final FileChannel channel;
  private final ByteBuffer block = ByteBuffer.allocate(4 + BLOCK_RECORDS * RECORD_BYTES + 4).order(ByteOrder.LITTLE_ENDIAN);
  private int pending;
  private long written;

  private SeamedIndexJournal(FileChannel channel) {
    this.channel = channel;
    block.position(4);
  }

  /** Starts a journal for {@code track} (replacing any earlier one); {@code referenceLeg} numbers its positions. */
  static SeamedIndexJournal create(Path file, int track, int referenceLeg) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.put(MAGIC).putInt(VERSION).putInt(track).putInt(referenceLeg).putInt(RECORD_BYTES);
      header.putInt(SeamedIndexFile.crc(header, 0, 24));
      SeamedIndexFile.writeFully(ch, header.flip());
      return new SeamedIndexJournal(ch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  /** Adds one released position; written with the next {@link #flush} (or when a block fills). */
  void append(long position, long excerpt, long timestamp, int leg) {
    block.putLong(position).putLong(excerpt).putLong(timestamp).putInt(leg);
    if (++pending == BLOCK_RECORDS) {
      flush();
    }
  }

  /** Writes what was appended since the last flush as one block (not fsynced: the final index is the durable one). */
  void flush() {
    if (pending == 0) {
      return;
    }
    block.putInt(0, pending);
    block.putInt(SeamedIndexFile.crc(block, 0, block.position()));
    try {
      SeamedIndexFile.writeFully(channel, block.flip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to a seamed index journal", e);
    } finally {
      written += pending;
      pending = 0;
      block.clear().position(4);
    }
  }

  /** Positions written so far. */
  long written() {
    return written;
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was lost that the final index does not hold
      }
    }
  }

  /**
   * Every sound block of the journal at {@code file}, as an index whose gaps are the holes between
   * its positions; null if there is no journal (or not even a sound header).
   */
  static SeamedIndex read(Path file) {
    byte[] bytes;
    try {
      bytes = java.nio.file.Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < HEADER_BYTES) {
      return null;
    }
    byte[] magic = new byte[8];
    b.get(magic);
    int version = b.getInt();
    int track = b.getInt();
    int referenceLeg = b.getInt();
    int recordBytes = b.getInt();
    if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION || recordBytes != RECORD_BYTES || b.getInt() != SeamedIndexFile.crc(b, 0, 24)) {
      return null;
    }
    SeamedIndexFile.LongColumn positions = new SeamedIndexFile.LongColumn();
    SeamedIndexFile.LongColumn refs = new SeamedIndexFile.LongColumn();
    SeamedIndexFile.LongColumn timestamps = new SeamedIndexFile.LongColumn();
    SeamedIndexFile.LongColumn legs = new SeamedIndexFile.LongColumn();
    while (b.remaining() >= 4) {
      int start = b.position();
      int count = b.getInt(start);
      if (count <= 0 || count > BLOCK_RECORDS || b.remaining() < 4 + count * RECORD_BYTES + 4
          || b.getInt(start + 4 + count * RECORD_BYTES) != SeamedIndexFile.crc(b, start, 4 + count * RECORD_BYTES)) {
        break; // being written, or torn: what came before stands
      }
      b.position(start + 4);
      for (int i = 0; i < count; i++) {
        positions.add(b.getLong());
        refs.add(b.getLong());
        timestamps.add(b.getLong());
        legs.add(b.getInt());
      }
      b.getInt();
    }
    long[] pos = positions.toArray();
    List<GapMap.Range> gaps = new ArrayList<>();
    for (int i = 1; i < pos.length; i++) {
      if (pos[i] > pos[i - 1] + 1) {
        gaps.add(new GapMap.Range(pos[i - 1] + 1, pos[i] - 1));
      }
    }
    int[] legColumn = java.util.Arrays.stream(legs.toArray()).mapToInt(v -> (int) v).toArray();
    return new SeamedIndex(track, referenceLeg, -1, pos, refs.toArray(), timestamps.toArray(), legColumn, gaps,
        "read from the running recording's journal (" + pos.length + " positions released so far)");
  }
}
