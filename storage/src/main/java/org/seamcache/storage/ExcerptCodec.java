package org.seamcache.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Layout of one excerpt (layout version 1). Little-endian:
 *
 * <pre>
 *  off size field
 *    0  u8  kind (1 = RTP, 2 = RTCP)
 *    1  u8  flags (bit 0: RTP marker; bit 1: the leg's extenders confirmed a jump here)
 *    2  u8  RTP payload type
 *    3  u8  track (0-based, SDP order)
 *    4  i32 leg (stored leg id, unique within the content)
 *    8  i64 arrival time, epoch nanoseconds
 *   16  i64 extended sequence number   (RTCP: 0)
 *   24  i64 extended RTP timestamp     (RTCP: 0)
 *   32  i64 64-bit payload hash        (RTCP: 0)
 *   40  i32 packet length N
 *   44  u32 CRC32C of bytes 0..43 and of the N packet bytes
 *   48  N   the packet as received (RTP/RTCP header included)
 * </pre>
 *
 * The checksum exists because a full disk can tear the last excerpt of a memory-mapped queue
 * without any error (see BUILD-NOTES). Not thread-safe: one codec per thread.
 */
final class ExcerptCodec {

  static final int HEADER_BYTES = 48;
  private static final int CRC_OFFSET = 44;
  private static final int FLAG_MARKER = 1;
  private static final int FLAG_RESYNCED = 2;

  private final byte[] header = new byte[HEADER_BYTES];
  private final ByteBuffer headerView = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();

  /** Bytes one excerpt of {@code packetBytes} occupies in the queue, Chronicle's 4-byte header included. */
  static long storedSize(int packetBytes) {
    return 4L + HEADER_BYTES + packetBytes;
  }

  void write(
      Bytes<?> out,
      PacketKind kind,
      boolean marker,
      boolean resynced,
      int payloadType,
      int track,
      int leg,
      long arrivalNanos,
      long extendedSeq,
      long extendedTimestamp,
      long payloadHash,
      byte[] packet,
      int offset,
      int length) {
    headerView.put(0, kind.code);
    headerView.put(1, (byte) ((marker ? FLAG_MARKER : 0) | (resynced ? FLAG_RESYNCED : 0)));
    headerView.put(2, (byte) payloadType);
    headerView.put(3, (byte) track);
    headerView.putInt(4, leg);
    headerView.putLong(8, arrivalNanos);
    headerView.putLong(16, extendedSeq);
    headerView.putLong(24, extendedTimestamp);
    headerView.putLong(32, payloadHash);
    headerView.putInt(40, length);
    crc.reset();
    crc.update(header, 0, CRC_OFFSET);
    crc.update(packet, offset, length);
    headerView.putInt(CRC_OFFSET, (int) crc.getValue());
    out.write(header, 0, HEADER_BYTES);
    out.write(packet, offset, length);
  }

  /**
   * Decodes the excerpt in {@code in} into {@code into}. Returns null if it is sound, else the rule it
   * breaks (the fields decoded so far stay in {@code into}).
   */
  String read(Bytes<?> in, DecodedExcerpt into) {
    long size = in.readRemaining();
    if (size < HEADER_BYTES) {
      return "excerpt of " + size + " bytes is shorter than the " + HEADER_BYTES + "-byte header";
    }
    in.read(header, 0, HEADER_BYTES);
    into.kind = PacketKind.ofCode(header[0]);
    into.marker = (header[1] & FLAG_MARKER) != 0;
    into.resynced = (header[1] & FLAG_RESYNCED) != 0;
    into.payloadType = header[2] & 0x7f;
    into.track = header[3] & 0xff;
    into.leg = headerView.getInt(4);
    into.arrivalNanos = headerView.getLong(8);
    into.extendedSeq = headerView.getLong(16);
    into.extendedTimestamp = headerView.getLong(24);
    into.payloadHash = headerView.getLong(32);
    int length = headerView.getInt(40);
    into.length = 0;
    if (length < 0 || length != size - HEADER_BYTES) {
      return "length field " + length + " does not match the " + (size - HEADER_BYTES) + " packet bytes stored";
    }
    byte[] buffer = into.ensureCapacity(length);
    in.read(buffer, 0, length);
    into.length = length;
    crc.reset();
    crc.update(header, 0, CRC_OFFSET);
    crc.update(buffer, 0, length);
    if ((int) crc.getValue() != headerView.getInt(CRC_OFFSET)) {
      return "CRC32C mismatch (excerpt torn or overwritten)";
    }
    if (into.kind == null) {
      return "unknown excerpt kind " + header[0];
    }
    return null;
  }

  /** Mutable target of {@link #read}; confined to the reading thread. */
  static final class DecodedExcerpt {
    PacketKind kind;
    boolean marker;
    boolean resynced;
    int payloadType;
    int track;
    int leg;
    long arrivalNanos;
    long extendedSeq;
    long extendedTimestamp;
    long payloadHash;
    byte[] packet = new byte[2048];
    int length;

    byte[] ensureCapacity(int length) {
      if (packet.length < length) {
        packet = new byte[Math.max(length, packet.length * 2)];
      }
      return packet;
    }
  }
}
