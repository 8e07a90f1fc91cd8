package org.seamcache.cli.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtpHeader;

/**
 * Yields the RTP packets carried over UDP/IPv4 in a pcap file, in file order. A datagram counts as
 * RTP when its header passes {@link RtpHeader#parse} (version 2, consistent lengths, not an RTCP
 * packet type); everything else is counted and skipped. Group packets into streams by
 * {@link CapturedRtpPacket#stream()}. Not thread-safe.
 */
public final class UdpRtpExtractor {

  private final PcapReader reader;
  private final UdpDecoder decoder;
  private long notRtp;
  private RtpStreamKey lastKey; // consecutive packets usually share a stream: reuse the key object

  public UdpRtpExtractor(PcapReader reader) {
    this.reader = reader;
    this.decoder = new UdpDecoder(reader.linkType());
  }

  /** The next RTP packet, or null at the end of the file. */
  public CapturedRtpPacket next() throws IOException {
    while (reader.next()) {
      ByteBuffer frame = reader.packet();
      UdpDatagram udp = decoder.decode(frame);
      if (udp == null) {
        continue;
      }
      RtpHeader header;
      try { // parse in place (offsets come back relative to the RTP packet's first byte)
        frame.limit(udp.payloadOffset() + udp.payloadLength()).position(udp.payloadOffset());
        header = RtpHeader.parse(frame);
      } catch (MalformedPacketException e) {
        notRtp++;
        continue;
      } finally {
        frame.clear();
      }
      RtpStreamKey key = lastKey;
      if (key == null || key.ssrc() != header.ssrc() || key.srcPort() != udp.srcPort() || key.dstPort() != udp.dstPort()
          || key.srcIp() != udp.srcIp() || key.dstIp() != udp.dstIp()) {
        key = new RtpStreamKey(header.ssrc(), udp.srcIp(), udp.srcPort(), udp.dstIp(), udp.dstPort());
        lastKey = key;
      }
      return new CapturedRtpPacket(reader.timestampNanos(), key, header,
          reader.packetOffset() + udp.payloadOffset(), udp.payloadLength());
    }
    return null;
  }

  /** UDP datagrams that were not RTP (RTCP included). */
  public long notRtp() {
    return notRtp;
  }

  /** Frames that were not UDP/IPv4, fragments, or truncated. */
  public long notUdp() {
    return decoder.skipped() + decoder.fragments() + decoder.truncated();
  }

  public PcapReader reader() {
    return reader;
  }
}
