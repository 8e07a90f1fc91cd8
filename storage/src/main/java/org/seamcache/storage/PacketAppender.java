package org.seamcache.storage;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The per-packet work of a recording's writer: encode metadata and bytes as one checksummed excerpt,
 * append it, and count it. Confined to the writer thread.
 */
final class PacketAppender {

  private final ExcerptAppender appender;
  private final RecordingTally tally;
  private final SpaceReservation reservation;
  private final ExcerptCodec codec = new ExcerptCodec();

  PacketAppender(ExcerptAppender appender, RecordingTally tally, SpaceReservation reservation) {
    this.appender = appender;
    this.tally = tally;
    this.reservation = reservation;
  }

  /** Appends {@code p}; returns its excerpt index. */
  long append(PendingPacket p) {
    byte[] bytes = p.bytes();
    reservation.prepareCycle(); // before writingDocument(), which may create the cycle's file
    try (DocumentContext dc = appender.writingDocument()) {
      try {
        Bytes<?> out = dc.wire().bytes();
        if (out instanceof MappedBytes mapped) {
          reservation.ensure(mapped.mappedFile().file(), out.writePosition());
        }
        codec.write(
            out,
            p.kind(),
            p.marker(),
            p.resynced(),
            p.payloadType(),
            p.track(),
            p.leg(),
            p.arrivalNanos(),
            p.extendedSeq(),
            p.extendedTimestamp(),
            p.payloadHash(),
            bytes,
            0,
            bytes.length);
      } catch (Throwable t) {
        // Never commit half an excerpt (a mapped-file fault surfaces here as InternalError).
        dc.rollbackOnClose();
        throw t;
      }
    }
    if (p.kind() == PacketKind.RTP) {
      tally.addRtp(p.track(), p.leg(), p.arrivalNanos(), p.extendedSeq(), bytes.length);
    } else {
      tally.addRtcp(p.track(), p.arrivalNanos(), bytes.length);
    }
    return appender.lastIndexAppended();
  }
}
