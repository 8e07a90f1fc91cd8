package org.seamcache.cli.pcap;

/** Identifies one RTP stream in a capture: its SSRC and UDP addresses. Immutable. */
public record RtpStreamKey(long ssrc, int srcIp, int srcPort, int dstIp, int dstPort) {

  /** True if {@code udpPort} is this stream's source or destination port. */
  public boolean usesPort(int udpPort) {
    return srcPort == udpPort || dstPort == udpPort;
  }

  @Override
  public String toString() {
    return String.format("ssrc=0x%08X %s:%d -> %s:%d", ssrc, UdpDatagram.ipText(srcIp), srcPort,
        UdpDatagram.ipText(dstIp), dstPort);
  }
}
