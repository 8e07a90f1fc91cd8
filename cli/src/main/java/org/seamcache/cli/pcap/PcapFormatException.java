package org.seamcache.cli.pcap;

import java.io.IOException;
import java.nio.file.Path;

/** A pcap file that cannot be read as classic libpcap; the message names the file and the reason. */
public final class PcapFormatException extends IOException {
  public PcapFormatException(Path file, String reason) {
    super(file + ": " + reason);
  }
}
