package org.seamcache.cli.pcap;

/**
 * One UDP/IPv4 datagram found in a captured frame. Addresses are IPv4 as an int (big-endian order);
 * the payload lies at {@code payloadOffset} (relative to the frame) for {@code payloadLength} bytes.
 * Immutable.
 */
public record UdpDatagram(int srcIp, int srcPort, int dstIp, int dstPort, int payloadOffset, int payloadLength) {

  /** The address as four bytes, as {@link PcapWriter} takes it. */
  public static byte[] ipBytes(int ip) {
    return new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
  }

  public static String ipText(int ip) {
    return (ip >>> 24) + "." + (ip >>> 16 & 0xFF) + "." + (ip >>> 8 & 0xFF) + "." + (ip & 0xFF);
  }
}
