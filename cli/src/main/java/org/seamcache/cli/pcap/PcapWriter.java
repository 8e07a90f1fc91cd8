package org.seamcache.cli.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes UDP/IPv4 datagrams to a classic libpcap file that tshark and tcpdump read.
 *
 * <p>Format: little-endian, microsecond timestamps (magic {@code a1b2c3d4}), version 2.4, snaplen
 * 262144, link type Ethernet (1). Each record is a synthetic Ethernet II frame (source MAC
 * {@code 02:00:00:00:00:01}, destination {@code 02:00:00:00:00:02}: locally administered), an IPv4
 * header (no options, DF, TTL 64, identification counting up, valid header checksum) and a UDP
 * header whose checksum is 0 ("not computed", allowed for IPv4 by RFC 768). Ethernet rather than raw
 * IP because every tool decodes it without options.
 *
 * <p>Output is buffered; call {@link #close()} to flush. Not thread-safe: one writer per thread.
 */
public final class PcapWriter implements Closeable {

  /** Largest UDP payload an IPv4 datagram can carry. */
  public static final int MAX_UDP_PAYLOAD = 65_507;
  private static final int ETHERNET_BYTES = 14;
  private static final int IPV4_BYTES = 20;
  private static final int UDP_BYTES = 8;
  private static final int RECORD_HEADER_BYTES = 16;
  private static final int BUFFER_BYTES = 1 << 20;

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private int ipIdentification;
  private long records;

  private PcapWriter(FileChannel channel) throws IOException {
    this.channel = channel;
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(PcapReader.MAX_RECORD_BYTES).putInt(LinkType.ETHERNET);
  }

  /** Creates (or truncates) {@code out} and writes the pcap global header. */
  public static PcapWriter create(Path out) throws IOException {
    FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new PcapWriter(ch);
  }

  /**
   * Appends one datagram carrying {@code udpPayload}'s remaining bytes (its position is not moved).
   *
   * @param timestampEpochNanos capture time, nanoseconds since the Unix epoch (stored to the microsecond)
   * @param srcIp4 source IPv4 address, 4 bytes
   * @param dstIp4 destination IPv4 address, 4 bytes
   */
  public void writeUdp(long timestampEpochNanos, byte[] srcIp4, int srcPort, byte[] dstIp4, int dstPort,
      ByteBuffer udpPayload) throws IOException {
    writeUdp(timestampEpochNanos, srcIp4, srcPort, dstIp4, dstPort, udpPayload, EMPTY);
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /**
   * Like {@link #writeUdp(long, byte[], int, byte[], int, ByteBuffer)} with the UDP payload given in
   * two parts (for example a rewritten RTP header and the original payload), copied once.
   */
  public void writeUdp(long timestampEpochNanos, byte[] srcIp4, int srcPort, byte[] dstIp4, int dstPort,
      ByteBuffer head, ByteBuffer tail) throws IOException {
    ByteBuffer udpPayload = head;
    if (srcIp4.length != 4 || dstIp4.length != 4) {
      throw new IllegalArgumentException("IPv4 addresses must be 4 bytes");
    }
    if ((srcPort | dstPort) >>> 16 != 0) {
      throw new IllegalArgumentException("ports must be in 0..65535, got " + srcPort + " and " + dstPort);
    }
    int payload = udpPayload.remaining() + tail.remaining();
    if (payload > MAX_UDP_PAYLOAD) {
      throw new IllegalArgumentException("UDP payload of " + payload + " bytes exceeds " + MAX_UDP_PAYLOAD);
    }
    int frame = ETHERNET_BYTES + IPV4_BYTES + UDP_BYTES + payload;
    if (buffer.remaining() < RECORD_HEADER_BYTES + frame) {
      flush();
    }
    long seconds = Math.floorDiv(timestampEpochNanos, 1_000_000_000L);
    long micros = Math.floorMod(timestampEpochNanos, 1_000_000_000L) / 1_000L;
    buffer.order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) seconds).putInt((int) micros).putInt(frame).putInt(frame);
    buffer.order(ByteOrder.BIG_ENDIAN);
    // Ethernet II
    buffer.putShort((short) 0x0200).putInt(0x0000_0002); // destination 02:00:00:00:00:02
    buffer.putShort((short) 0x0200).putInt(0x0000_0001); // source 02:00:00:00:00:01
    buffer.putShort((short) 0x0800);
    // IPv4
    int ipStart = buffer.position();
    buffer.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4_BYTES + UDP_BYTES + payload))
        .putShort((short) ipIdentification++).putShort((short) 0x4000).put((byte) 64).put((byte) 17)
        .putShort((short) 0).put(srcIp4).put(dstIp4);
    buffer.putShort(ipStart + 10, ipv4Checksum(buffer, ipStart));
    // UDP
    buffer.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (UDP_BYTES + payload)).putShort((short) 0);
    buffer.put(buffer.position(), udpPayload, udpPayload.position(), udpPayload.remaining());
    buffer.position(buffer.position() + udpPayload.remaining());
    buffer.put(buffer.position(), tail, tail.position(), tail.remaining());
    buffer.position(buffer.position() + tail.remaining());
    records++;
  }

  /** Records written so far. */
  public long records() {
    return records;
  }

  private static short ipv4Checksum(ByteBuffer b, int start) {
    int sum = 0;
    for (int i = 0; i < IPV4_BYTES; i += 2) {
      sum += b.getShort(start + i) & 0xFFFF;
    }
    while (sum >>> 16 != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (short) ~sum;
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
