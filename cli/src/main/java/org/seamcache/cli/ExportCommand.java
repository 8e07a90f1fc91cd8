package org.seamcache.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.seamcache.cli.pcap.PcapWriter;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.CorruptExcerptException;
import org.seamcache.storage.DataDirectory;
import org.seamcache.storage.ExcerptIndex;
import org.seamcache.storage.RecordedPacket;
import org.seamcache.storage.RecordingReader;
import org.seamcache.storage.SeamedIndex;
import org.seamcache.storage.TrackCopyPlan;
import org.seamcache.storage.TrackSummary;
import org.seamcache.storage.UnknownContentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seamcache export ID --track N -o FILE.pcap}: recorded RTP of one track as a pcap. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    header = "Writes one track's recorded RTP packets to a pcap file, in sequence order.",
    description =
        "Writes one track's recorded RTP packets to a pcap file (UDP over IPv4 from 192.0.2.1 to "
            + "192.0.2.2, ports 5004+2N -> 6004+2N) in sequence order, timestamped with their arrival "
            + "time. By default each position takes the copy the seamer chose (the content's seamed "
            + "index; rebuilt from the recording if missing or damaged); copies from other legs get the "
            + "reference leg's sequence number, timestamp and SSRC so the stream reads as one. --leg "
            + "exports one leg's packets untouched.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.L0, ExitCodes.L1, ExitCodes.L2, ExitCodes.L3})
final class ExportCommand extends ContentCommand {

  private static final byte[] SOURCE_IP = {(byte) 192, 0, 2, 1};
  private static final byte[] DESTINATION_IP = {(byte) 192, 0, 2, 2};
  private static final int RTP_HEADER_BYTES = 12;

  @Parameters(paramLabel = "ID", description = "Content id (a unique prefix is enough).")
  String id;

  @Option(names = "--track", required = true, paramLabel = "N", description = "Track, 0-based in SDP order.")
  int track;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.pcap", description = "The pcap file to write.")
  Path output;

  @Option(names = "--leg", paramLabel = "L", description = "Export only this leg's packets, as received.")
  Integer leg;

  @picocli.CommandLine.Mixin ProgressOption progressOption;

  @Override
  int run(DataDirectory data) {
    String full = resolveId(data, id);
    ContentInfo c = data.catalog().get(full).orElseThrow(() -> new UnknownContentException(full));
    if (track < 0 || track >= c.tracks().size()) {
      throw new Exit(ExitCodes.USAGE, "--track " + track + " is not a track of " + full + " (it has "
          + c.tracks().size() + ", numbered from 0)");
    }
    TrackSummary summary = c.trackSummaries().get(track);
    if (leg != null && c.legSummaries().stream().noneMatch(l -> l.track() == track && l.leg() == leg)) {
      throw new Exit(ExitCodes.FAILURE, "track " + track + " of " + full + " has no leg " + leg);
    }
    long written;
    TrackCopyPlan plan;
    try (RecordingReader reader = data.openReader(full);
        PcapWriter pcap = PcapWriter.create(output);
        ProgressLine progress = new ProgressLine(err(), "export " + full, progressOption.enabled())) {
      if (leg != null) {
        plan = TrackCopyPlan.singleLeg(reader, track, leg);
      } else {
        SeamedIndex index = data.seamedIndex(full, track);
        if (index.rebuilt()) {
          err().println("seamcache export: track " + track + "'s seamed index was " + index.origin());
        }
        plan = TrackCopyPlan.bestCopies(index);
      }
      written = write(reader, plan, pcap, progress);
    } catch (IOException e) {
      throw new Exit(ExitCodes.FAILURE, "cannot write " + output + ": " + e.getMessage());
    }
    out().printf("wrote %d packets of track %d (%s) to %s%n", written, track,
        leg != null ? "leg " + leg : "best copy per position", output);
    if (leg == null && !summary.unalignedLegs().isEmpty()) {
      err().println("seamcache export: legs " + summary.unalignedLegs() + " are not alignable and were left out");
    }
    if (plan.corruptSkipped() > 0) {
      err().println("seamcache export: skipped " + plan.corruptSkipped() + " corrupt excerpts (run verify)");
    }
    return ExitCodes.OK;
  }

  private long write(RecordingReader reader, TrackCopyPlan plan, PcapWriter pcap, ProgressLine progress)
      throws IOException {
    List<TrackCopyPlan.Entry> entries = plan.entries();
    byte[] referenceSsrc = referenceSsrc(reader, plan);
    long written = 0;
    if (plan.inExcerptOrder() && !entries.isEmpty()) {
      // One sequential pass: the usual case of a single leg appended in order.
      reader.moveTo(entries.get(0).index());
      int next = 0;
      while (next < entries.size() && nextSound(reader)) {
        while (next < entries.size() && entries.get(next).index().compareTo(reader.index()) < 0) {
          next++; // its excerpt was corrupt and skipped: never serve a neighbour in its place
        }
        if (next < entries.size() && reader.index().equals(entries.get(next).index())) {
          emit(reader, plan, entries.get(next), referenceSsrc, pcap);
          next++;
          progress.update(++written, entries.size(), "packets");
        }
      }
      return written;
    }
    for (TrackCopyPlan.Entry e : entries) {
      if (readExactly(reader, e.index())) {
        emit(reader, plan, e, referenceSsrc, pcap);
        progress.update(++written, entries.size(), "packets");
      }
    }
    return written;
  }

  /** Moves to and reads the excerpt at {@code index}; false if it is absent or corrupt. */
  private static boolean readExactly(RecordingReader reader, ExcerptIndex index) {
    try {
      return reader.moveTo(index) && reader.next() && reader.index().equals(index);
    } catch (CorruptExcerptException e) {
      return false;
    }
  }

  private static boolean nextSound(RecordingReader reader) {
    while (true) {
      try {
        return reader.next();
      } catch (CorruptExcerptException e) {
        // the plan never points at a corrupt excerpt; skip those in between
      }
    }
  }

  /** The SSRC of the reference leg's first copy in the plan, or null. */
  private static byte[] referenceSsrc(RecordingReader reader, TrackCopyPlan plan) {
    for (TrackCopyPlan.Entry e : plan.entries()) {
      if (e.leg() == plan.referenceLeg()) {
        RecordedPacket p = readExactly(reader, e.index()) ? reader.current() : null;
        return p == null || p.length() < RTP_HEADER_BYTES ? null : java.util.Arrays.copyOfRange(p.bytes(), 8, 12);
      }
    }
    return null;
  }

  /** Writes the current packet, rewritten into the reference leg's numbers if it came from another leg. */
  private void emit(RecordingReader reader, TrackCopyPlan plan, TrackCopyPlan.Entry e, byte[] referenceSsrc,
      PcapWriter pcap) throws IOException {
    ByteBuffer packet = reader.packet();
    if (e.leg() != plan.referenceLeg() && packet.remaining() >= RTP_HEADER_BYTES) {
      ByteBuffer copy = ByteBuffer.allocate(packet.remaining()).put(packet.duplicate()).flip();
      copy.putShort(2, (short) e.position());
      copy.putInt(4, (int) e.timestamp());
      if (referenceSsrc != null) {
        copy.put(8, referenceSsrc);
      }
      packet = copy;
    }
    int port = 2 * track;
    pcap.writeUdp(reader.arrivalNanos(), SOURCE_IP, 5004 + port, DESTINATION_IP, 6004 + port, packet);
  }
}
