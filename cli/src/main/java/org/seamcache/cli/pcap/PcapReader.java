package org.seamcache.cli.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a classic libpcap file: either byte order, microsecond or nanosecond magic.
 *
 * <pre>
 * global header (24 bytes): magic(4) version_major(2) version_minor(2) thiszone(4) sigfigs(4)
 *                           snaplen(4) linktype(4)
 * record header (16 bytes): ts_sec(4) ts_frac(4: µs or ns) incl_len(4) orig_len(4), then incl_len bytes
 * </pre>
 *
 * <p>Sequential reading ({@link #next()}) goes through {@code read} into an 8 MiB direct buffer (as
 * {@code cat} does: no page fault per 4 KiB; direct, because a read into a heap buffer goes through
 * a temporary direct one and costs a second copy of every byte); packets are views into it. Random access to bytes of records already seen ({@link #bytesAt}, which the
 * seam command uses to copy winning payloads) memory-maps the file in windows of {@code windowBytes}
 * that overlap by the largest record, so every record lies inside one window. Not thread-safe.
 */
public final class PcapReader implements Closeable {

  /** Largest record accepted; bigger ones mean a corrupt file. */
  public static final int MAX_RECORD_BYTES = 256 * 1024;
  private static final int GLOBAL_HEADER_BYTES = 24;
  private static final int RECORD_HEADER_BYTES = 16;
  private static final long DEFAULT_WINDOW_BYTES = 1L << 30;

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final long windowBytes;
  private final MappedByteBuffer[] windows;
  private final ByteOrder order;
  private final boolean nanos;
  private final int linkType;

  private static final int CHUNK_BYTES = 8 << 20;
  private final ByteBuffer chunkView = ByteBuffer.allocateDirect(CHUNK_BYTES);
  private long chunkStart = GLOBAL_HEADER_BYTES; // file offset of chunk[0]
  private int chunkFill; // valid bytes in chunk

  private long position = GLOBAL_HEADER_BYTES;
  private long recordCount;
  private long timestampNanos;
  private int originalLength;
  private ByteBuffer packet;
  private long packetOffset;

  private PcapReader(Path file, FileChannel channel, long windowBytes) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
    this.windowBytes = windowBytes;
    this.windows = new MappedByteBuffer[(int) Math.max(1, (size + windowBytes - 1) / windowBytes)];
    if (size < GLOBAL_HEADER_BYTES) {
      throw new PcapFormatException(file, "file of " + size + " bytes is shorter than the 24-byte pcap header");
    }
    ByteBuffer head = ByteBuffer.allocate(GLOBAL_HEADER_BYTES);
    channel.read(head, 0);
    int magic = head.getInt(0);
    switch (magic) {
      case 0xA1B2C3D4 -> { order = ByteOrder.BIG_ENDIAN; nanos = false; }
      case 0xD4C3B2A1 -> { order = ByteOrder.LITTLE_ENDIAN; nanos = false; }
      case 0xA1B23C4D -> { order = ByteOrder.BIG_ENDIAN; nanos = true; }
      case 0x4D3CB2A1 -> { order = ByteOrder.LITTLE_ENDIAN; nanos = true; }
      case 0x0A0D0D0A -> throw new PcapFormatException(file,
          "this is pcapng, not classic pcap; convert it with: editcap -F pcap IN OUT (or capture with tshark -F pcap)");
      default -> throw new PcapFormatException(file, String.format("unknown magic number 0x%08x: not a pcap file", magic));
    }
    chunkView.order(order);
    head.order(order);
    linkType = head.getInt(20) & 0x0FFF_FFFF; // the top bits may carry FCS information
    if (!LinkType.isSupported(linkType)) {
      throw new PcapFormatException(file, "link type " + linkType
          + " is not supported (Ethernet 1, raw IP 101/228, Linux cooked 113/276 are)");
    }
  }

  /** Opens {@code file}; throws {@link PcapFormatException} for anything but a supported classic pcap. */
  public static PcapReader open(Path file) throws IOException {
    return open(file, DEFAULT_WINDOW_BYTES);
  }

  static PcapReader open(Path file, long windowBytes) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new PcapReader(file, ch, windowBytes);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Moves to the next record; false at the end of the file.
   *
   * @throws PcapFormatException if the file ends inside a record or a record length is absurd
   */
  public boolean next() throws IOException {
    if (position == size) {
      packet = null;
      return false;
    }
    if (size - position < RECORD_HEADER_BYTES) {
      throw new PcapFormatException(file, "truncated: " + (size - position)
          + " bytes at offset " + position + " are not a whole record header (after " + recordCount + " records)");
    }
    int at = ensureBuffered(RECORD_HEADER_BYTES);
    long seconds = chunkView.getInt(at) & 0xFFFF_FFFFL;
    long fraction = chunkView.getInt(at + 4) & 0xFFFF_FFFFL;
    int captured = chunkView.getInt(at + 8);
    originalLength = chunkView.getInt(at + 12);
    if (captured < 0 || captured > MAX_RECORD_BYTES) {
      throw new PcapFormatException(file, "record " + (recordCount + 1) + " at offset " + position
          + " declares " + (captured & 0xFFFF_FFFFL) + " bytes, more than " + MAX_RECORD_BYTES + ": corrupt file");
    }
    if (size - position - RECORD_HEADER_BYTES < captured) {
      throw new PcapFormatException(file, "truncated: record " + (recordCount + 1) + " at offset " + position
          + " declares " + captured + " bytes but only " + (size - position - RECORD_HEADER_BYTES) + " remain");
    }
    at = ensureBuffered(RECORD_HEADER_BYTES + captured);
    timestampNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
    packetOffset = position + RECORD_HEADER_BYTES;
    packet = chunkView.slice(at + RECORD_HEADER_BYTES, captured).order(ByteOrder.BIG_ENDIAN); // as network headers need
    position = packetOffset + captured;
    recordCount++;
    return true;
  }

  /** Makes {@code bytes} bytes from {@code position} available in the chunk; returns their index there. */
  private int ensureBuffered(int bytes) throws IOException {
    long at = position - chunkStart;
    if (at + bytes <= chunkFill) {
      return (int) at;
    }
    int keep = (int) (chunkFill - at);
    chunkView.put(0, chunkView, (int) at, keep);
    chunkStart = position;
    chunkFill = keep;
    ByteBuffer into = chunkView.duplicate();
    while (chunkFill < bytes) {
      into.limit(CHUNK_BYTES).position(chunkFill);
      int n = channel.read(into, chunkStart + chunkFill);
      if (n < 0) {
        throw new PcapFormatException(file, "file ended while reading at offset " + (chunkStart + chunkFill));
      }
      chunkFill += n;
    }
    return 0;
  }

  /** The current record's captured bytes (position 0, limit = captured length); valid until the next call. */
  public ByteBuffer packet() {
    return packet;
  }

  /** File offset of the current record's first captured byte. */
  public long packetOffset() {
    return packetOffset;
  }

  /** Capture time of the current record, nanoseconds since the Unix epoch. */
  public long timestampNanos() {
    return timestampNanos;
  }

  /** Length of the current packet on the wire (may exceed the captured bytes). */
  public int originalLength() {
    return originalLength;
  }

  /**
   * A big-endian view of {@code length} bytes at {@code fileOffset} (memory-mapped), which must lie
   * inside one record already returned by {@link #next()}.
   */
  public ByteBuffer bytesAt(long fileOffset, int length) throws IOException {
    if (fileOffset < GLOBAL_HEADER_BYTES || length < 0 || length > MAX_RECORD_BYTES || fileOffset + length > size) {
      throw new IllegalArgumentException("bytes [" + fileOffset + ", +" + length + ") are outside the records of " + file);
    }
    ByteBuffer w = window(fileOffset);
    return w.slice((int) (fileOffset - windowStart(fileOffset)), length);
  }

  public int linkType() {
    return linkType;
  }

  public boolean nanosecondResolution() {
    return nanos;
  }

  public ByteOrder byteOrder() {
    return order;
  }

  public Path file() {
    return file;
  }

  /** Records read so far. */
  public long recordCount() {
    return recordCount;
  }

  private long windowStart(long offset) {
    return offset / windowBytes * windowBytes;
  }

  private ByteBuffer window(long offset) throws IOException {
    int k = (int) (offset / windowBytes);
    MappedByteBuffer w = windows[k];
    if (w == null) {
      long start = k * windowBytes;
      long length = Math.min(size - start, windowBytes + RECORD_HEADER_BYTES + MAX_RECORD_BYTES);
      w = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
      w.order(order);
      windows[k] = w;
    }
    return w;
  }

  @Override
  public void close() throws IOException {
    channel.close(); // the mappings stay valid until collected; no reads happen after close
  }
}
