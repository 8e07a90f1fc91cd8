package org.seamcache.cli.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * <p>Output is buffered in two buffers: while one is being written to the file by the writer's own
 * background thread, the caller fills the other (the {@code write} system calls of a large output
 * then overlap the caller's work). Call {@link #close()} to flush; an error of a background write
 * is thrown by the next flush or by {@code close}. Not thread-safe: one writer per calling thread.
 */
public final class PcapWriter implements Closeable {

  /** Largest UDP payload an IPv4 datagram can carry. */
  public static final int MAX_UDP_PAYLOAD = 65_507;
  private static final int ETHERNET_BYTES = 14;
  private static final int IPV4_BYTES = 20;
  private static final int UDP_BYTES = 8;
  private static final int RECORD_HEADER_BYTES = 16;
  private static final int BUFFER_BYTES = 4 << 20;

  private final FileChannel channel;
  /** Records whose payload is referenced rather than copied, per batch (two iovecs each, under IOV_MAX). */
  private static final int REFERENCED_PER_BATCH = 500;
  /** Payloads shorter than this are copied anyway (an iovec of its own costs more than a short copy). */
  private static final int REFERENCE_MIN_BYTES = 256;

  private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private ByteBuffer spare = ByteBuffer.allocateDirect(BUFFER_BYTES);
  // the batch being built: regions of buffer and referenced payloads, in file order
  private ByteBuffer[] parts = new ByteBuffer[2 * REFERENCED_PER_BATCH + 1];
  private ByteBuffer[] spareParts = new ByteBuffer[2 * REFERENCED_PER_BATCH + 1];
  private int partCount;
  private int regionStart; // start in buffer of the bytes not yet cut into a part
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "pcap-writer");
    t.setDaemon(true); // never keeps the JVM alive; close() waits for the last write
    return t;
  });
  private Future<?> inFlight;
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
    write(timestampEpochNanos, srcIp4, srcPort, dstIp4, dstPort, head, tail, false);
  }

  /**
   * Like {@link #writeUdp(long, byte[], int, byte[], int, ByteBuffer, ByteBuffer)}, but a large
   * direct {@code stableTail} is not copied: the file is written from it directly (a gathering
   * write), so its bytes must stay unchanged until {@link #close()} — a read-only mapping of an
   * input file, for example. Saves copying every payload once more in memory.
   */
  public void writeUdpReferencing(long timestampEpochNanos, byte[] srcIp4, int srcPort, byte[] dstIp4, int dstPort,
      ByteBuffer head, ByteBuffer stableTail) throws IOException {
    write(timestampEpochNanos, srcIp4, srcPort, dstIp4, dstPort, head, stableTail, true);
  }

  private void write(long timestampEpochNanos, byte[] srcIp4, int srcPort, byte[] dstIp4, int dstPort,
      ByteBuffer head, ByteBuffer tail, boolean mayReference) throws IOException {
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
    boolean reference = mayReference && tail.isDirect() && tail.remaining() >= REFERENCE_MIN_BYTES;
    int copied = RECORD_HEADER_BYTES + frame - (reference ? tail.remaining() : 0);
    if (buffer.remaining() < copied || partCount + 3 > parts.length) {
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
    if (reference) {
      cutRegion();
      parts[partCount++] = tail.slice();
    } else {
      buffer.put(buffer.position(), tail, tail.position(), tail.remaining());
      buffer.position(buffer.position() + tail.remaining());
    }
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

  /** Ends the current region of the buffer as a part of the batch. */
  private void cutRegion() {
    if (buffer.position() > regionStart) {
      parts[partCount++] = buffer.slice(regionStart, buffer.position() - regionStart);
      regionStart = buffer.position();
    }
  }

  /** Hands the batch (buffer regions and referenced payloads) to the background thread; continues in the spares. */
  private void flush() throws IOException {
    cutRegion();
    awaitInFlight();
    ByteBuffer full = buffer;
    ByteBuffer[] batch = parts;
    int count = partCount;
    buffer = spare;
    spare = full;
    parts = spareParts;
    spareParts = batch;
    partCount = 0;
    regionStart = 0;
    inFlight = background.submit(() -> {
      int first = 0;
      while (first < count) {
        channel.write(batch, first, count - first); // gathering: one system call for many parts
        while (first < count && !batch[first].hasRemaining()) {
          batch[first++] = null;
        }
      }
      full.clear();
      return null;
    });
  }

  private void awaitInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    try {
      inFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      inFlight = null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
      awaitInFlight();
    } finally {
      background.shutdownNow();
      channel.close();
    }
  }
}
