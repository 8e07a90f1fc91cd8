package org.seamcache.cli.pcap;

/** The libpcap link-layer types this package reads (www.tcpdump.org/linktypes.html). */
public final class LinkType {
  public static final int ETHERNET = 1;
  public static final int RAW = 101;
  public static final int LINUX_SLL = 113;
  public static final int IPV4 = 228;
  public static final int LINUX_SLL2 = 276;

  private LinkType() {}

  public static boolean isSupported(int linkType) {
    return linkType == ETHERNET || linkType == RAW || linkType == LINUX_SLL || linkType == IPV4
        || linkType == LINUX_SLL2;
  }
}
