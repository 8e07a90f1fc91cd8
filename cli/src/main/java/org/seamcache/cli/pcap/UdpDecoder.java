package org.seamcache.cli.pcap;

import java.nio.ByteBuffer;

/**
 * Finds the UDP/IPv4 datagram inside a captured frame of one link type, skipping everything else.
 *
 * <pre>
 * Ethernet (1):          dst(6) src(6) [0x8100 tag(2)]* ethertype(2) | IPv4
 * Linux cooked v1 (113): type(2) arphrd(2) addrlen(2) addr(8) protocol(2) | IPv4
 * Linux cooked v2 (276): protocol(2) reserved(2) ifindex(4) arphrd(2) type(1) addrlen(1) addr(8) | IPv4
 * raw IP (101, 228):     IPv4
 * IPv4: version/IHL(1) tos(1) total(2) id(2) flags/frag(2) ttl(1) proto=17(1) sum(2) src(4) dst(4) [options]
 * UDP:  sport(2) dport(2) length(2) sum(2) payload
 * </pre>
 *
 * <p>Fragments (other than a complete datagram), non-UDP and IPv6 frames are skipped and counted.
 * Lengths are taken from the IPv4 and UDP headers, not the frame, so Ethernet padding is ignored.
 * Not thread-safe (it counts).
 */
public final class UdpDecoder {

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88A8;
  private static final int PROTOCOL_UDP = 17;

  private final int linkType;
  private long skipped;
  private long fragments;
  private long truncated;

  public UdpDecoder(int linkType) {
    if (!LinkType.isSupported(linkType)) {
      throw new IllegalArgumentException("link type " + linkType + " is not supported");
    }
    this.linkType = linkType;
  }

  /** The datagram in {@code frame} (absolute indices from 0 to its limit), or null if there is none. */
  public UdpDatagram decode(ByteBuffer frame) {
    int ip = ipOffset(frame);
    int len = frame.limit();
    if (ip < 0 || ip + 20 > len) {
      skipped++;
      return null;
    }
    int vihl = frame.get(ip) & 0xFF;
    if (vihl >>> 4 != 4 || (frame.get(ip + 9) & 0xFF) != PROTOCOL_UDP) {
      skipped++;
      return null;
    }
    int ihl = (vihl & 0x0F) * 4;
    int total = frame.getShort(ip + 2) & 0xFFFF;
    int fragment = frame.getShort(ip + 6) & 0x3FFF; // MF flag + offset
    if (fragment != 0) {
      fragments++;
      return null;
    }
    if (ihl < 20 || total < ihl + 8 || ip + total > len) {
      truncated++;
      return null;
    }
    int udp = ip + ihl;
    int udpLength = frame.getShort(udp + 4) & 0xFFFF;
    if (udpLength < 8 || udpLength > total - ihl) {
      truncated++;
      return null;
    }
    return new UdpDatagram(frame.getInt(ip + 12), frame.getShort(udp) & 0xFFFF, frame.getInt(ip + 16),
        frame.getShort(udp + 2) & 0xFFFF, udp + 8, udpLength - 8);
  }

  private int ipOffset(ByteBuffer frame) {
    int len = frame.limit();
    switch (linkType) {
      case LinkType.ETHERNET -> {
        int p = 12;
        while (p + 2 <= len) {
          int type = frame.getShort(p) & 0xFFFF;
          if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
            p += 4;
          } else {
            return type == ETHERTYPE_IPV4 ? p + 2 : -1;
          }
        }
        return -1;
      }
      case LinkType.LINUX_SLL -> {
        return len >= 16 && (frame.getShort(14) & 0xFFFF) == ETHERTYPE_IPV4 ? 16 : -1;
      }
      case LinkType.LINUX_SLL2 -> {
        return len >= 20 && (frame.getShort(0) & 0xFFFF) == ETHERTYPE_IPV4 ? 20 : -1;
      }
      default -> {
        return 0; // raw IP: the version nibble is checked by the caller
      }
    }
  }

  /** Frames that were not UDP over IPv4. */
  public long skipped() {
    return skipped;
  }

  /** IPv4 fragments skipped (reassembly is not done; RTP over UDP is rarely fragmented). */
  public long fragments() {
    return fragments;
  }

  /** Frames whose headers claimed more bytes than were captured. */
  public long truncated() {
    return truncated;
  }
}
