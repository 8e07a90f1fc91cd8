package org.seamcache.cli.seam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.seamcache.cli.pcap.PcapWriter;
import org.seamcache.cli.pcap.UdpDatagram;
import org.seamcache.seamer.SeamSink;

/**
 * Writes the seamed stream as it is released: for each canonical position a fresh 12-byte RTP
 * header (version 2, the winning packet's marker and payload type, sequence number and timestamp in
 * the first input's numbering, the first input's SSRC) followed by the payload bytes exactly as
 * captured. CSRC lists, header extensions and padding of the inputs are not carried over (they are
 * per-session). Capture times follow the RTP clock from the first input's first packet, never going
 * backwards. Addresses and ports are the first input's. Not thread-safe.
 */
public final class SeamedPcapSink implements SeamSink {

  /** Packs which input and which packet of it into the seamer's reference. */
  public static long reference(int input, int packet) {
    return ((long) input << 32) | packet;
  }

  private final PcapWriter writer;
  private final List<CaptureScan> scans;
  private final List<StreamColumns> streams;
  private final long ssrc;
  private final byte[] srcIp;
  private final byte[] dstIp;
  private final int srcPort;
  private final int dstPort;
  private final long clockRateHz;
  private final long startNanos;
  private final long startTimestamp; // extended, canonical
  private final ByteBuffer header = ByteBuffer.allocate(12);
  private long lastNanos = Long.MIN_VALUE;
  private long written;

  /**
   * @param streams the chosen stream of each input (null for inputs without one), index = input
   * @param startTimestamp canonical extended timestamp of the first input's first packet
   */
  public SeamedPcapSink(PcapWriter writer, List<CaptureScan> scans, List<StreamColumns> streams, long clockRateHz,
      long startTimestamp) {
    this.writer = writer;
    this.scans = scans;
    this.streams = streams;
    StreamColumns first = streams.get(0);
    this.ssrc = first.key.ssrc();
    this.srcIp = UdpDatagram.ipBytes(first.key.srcIp());
    this.dstIp = UdpDatagram.ipBytes(first.key.dstIp());
    this.srcPort = first.key.srcPort();
    this.dstPort = first.key.dstPort();
    this.clockRateHz = clockRateHz;
    this.startNanos = first.captureNanos[0];
    this.startTimestamp = startTimestamp;
  }

  @Override
  public void emit(long position, long timestamp, int leg, long reference) {
    int input = (int) (reference >>> 32);
    int index = (int) reference;
    StreamColumns s = streams.get(input);
    try {
      ByteBuffer payload = scans.get(input).reader().bytesAt(s.payloadOffset[index], s.payloadLength[index]);
      header.clear();
      header.put((byte) 0x80).put(s.markerAndType[index]).putShort((short) position).putInt((int) timestamp)
          .putInt((int) ssrc).flip();
      long nanos = startNanos + Math.floorDiv((timestamp - startTimestamp) * 1_000_000L, clockRateHz) * 1_000L;
      lastNanos = Math.max(lastNanos, nanos);
      writer.writeUdp(lastNanos, srcIp, srcPort, dstIp, dstPort, header, payload); // one copy, from the mapped file
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the seamer's callback cannot throw; the command unwraps it
    }
  }

  public long written() {
    return written;
  }
}
