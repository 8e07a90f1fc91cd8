package org.seamcache.cli.seam;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seamcache.cli.pcap.CapturedRtpPacket;
import org.seamcache.cli.pcap.PcapReader;
import org.seamcache.cli.pcap.RtpStreamKey;
import org.seamcache.cli.pcap.UdpRtpExtractor;
import org.seamcache.seamer.PayloadHash;
import org.seamcache.seamer.RtpHeader;

/**
 * Reads every RTP stream of one capture into {@link StreamColumns}, hashing each payload where it
 * lies in the mapped file. The reader stays open so winning payloads can be copied later.
 */
public final class CaptureScan {

  private final PcapReader reader;
  private final Map<RtpStreamKey, StreamColumns> streams = new LinkedHashMap<>();
  private long notRtp;
  private long notUdp;

  private CaptureScan(PcapReader reader) {
    this.reader = reader;
  }

  /** Scans the whole file; throws the reader's exception (naming the file) if it is not readable. */
  public static CaptureScan scan(PcapReader reader) throws IOException {
    CaptureScan scan = new CaptureScan(reader);
    UdpRtpExtractor extractor = new UdpRtpExtractor(reader);
    StreamColumns last = null;
    for (CapturedRtpPacket p = extractor.next(); p != null; p = extractor.next()) {
      StreamColumns columns = last != null && last.key == p.stream() ? last
          : scan.streams.computeIfAbsent(p.stream(), StreamColumns::new);
      last = columns;
      RtpHeader h = p.header();
      ByteBuffer frame = reader.packet();
      int payloadInFrame = (int) (p.payloadFileOffset() - reader.packetOffset());
      long hash = frame.hasArray() // the fast path: straight from the reader's array
          ? PayloadHash.of(frame.array(), frame.arrayOffset() + payloadInFrame, h.payloadLength(), h.marker(), h.payloadType())
          : PayloadHash.of(frame, payloadInFrame, h.payloadLength(), h.marker(), h.payloadType());
      columns.add(p.timestampNanos(), h.sequence(), h.timestamp(), h.marker(), h.payloadType(), hash,
          p.payloadFileOffset(), h.payloadLength());
    }
    scan.notRtp = extractor.notRtp();
    scan.notUdp = extractor.notUdp();
    return scan;
  }

  public PcapReader reader() {
    return reader;
  }

  /** The streams found, most packets first. */
  public List<StreamColumns> streamsBySize() {
    List<StreamColumns> out = new ArrayList<>(streams.values());
    out.sort(Comparator.comparingInt((StreamColumns s) -> s.size).reversed());
    return out;
  }

  public long notRtp() {
    return notRtp;
  }

  public long notUdp() {
    return notUdp;
  }
}
