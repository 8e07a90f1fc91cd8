package org.seamcache.proxy.e2e;

/**
 * An inclusive range of port numbers, e.g. the server-side RTP/RTCP ports of an origin.
 *
 * @param first lowest port in the range
 * @param last highest port in the range (inclusive)
 */
public record PortRange(int first, int last) {
  public PortRange {
    if (first < 1 || last > 65535 || first > last) {
      throw new IllegalArgumentException("port range must satisfy 1 <= first <= last <= 65535: " + first + "-" + last);
    }
  }

  public int size() {
    return last - first + 1;
  }

  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  public boolean overlaps(PortRange other) {
    return first <= other.last && other.first <= last;
  }

  /** nftables match for UDP packets sent FROM these ports (e.g. origin to its clients). */
  public String udpSourceMatch() {
    return "udp sport " + this;
  }

  /** nftables match for UDP packets sent TO these ports. */
  public String udpDestinationMatch() {
    return "udp dport " + this;
  }

  /** {@code first-last}, the form origin.py's {@code --rtp-ports} and nftables take. */
  @Override
  public String toString() {
    return first + "-" + last;
  }
}
