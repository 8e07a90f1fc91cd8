package org.seamcache.seamer;

import java.util.ArrayList;
import java.util.List;

/**
 * Seams several lossy copies (legs) of one RTP stream into one canonical stream with as few gaps as
 * the legs allow, never placing a packet where it does not belong.
 *
 * <p>Per packet the caller gives the leg, the raw 16-bit sequence number and 32-bit timestamp, a
 * {@link PayloadHash} of the payload, an opaque reference (where the bytes are) and the arrival time.
 * The first leg is the {@link LegStatus#REFERENCE reference}: its extended numbering is the canonical
 * numbering. Every other leg waits in a {@link LegAligner} until enough unique payload matches agree
 * on one sequence and timestamp offset and the overlapping payloads confirm it; then its packets are
 * placed at {@code extendedSeq + offset}. At each position the first copy wins; later copies are
 * compared by hash: equal confirms the position; different is a divergence, counted, reported to
 * the sink and dropped — except that the reference's own copy replaces a different fill (the
 * reference defines the positions). {@value #MISMATCHES_TO_REALIGN} divergences in a row (or
 * replaced fills of one leg) refute that leg's offset: its unreleased fills under it are taken back
 * and it aligns again. A confirmed sequence or
 * timestamp jump (a discontinuity) also sends the leg back to aligning, keeping its earlier fills.
 *
 * <p>Offline (infinite fill window) alignment waits for {@link #finish()}, when each leg's and the
 * track's payloads are all known: a payload that repeats anywhere (a static scene, silence) then
 * never votes, so periodic content cannot pull a leg to a shifted place. Live, decisions are taken as
 * matches accumulate, and positions are released to the {@link SeamSink} in strictly increasing
 * order: a filled one at the front at once, a missing one when a later position has waited
 * {@link SeamerConfig#fillWindowNanos()} (time-based, so audio and video behave alike). Live, a fill
 * from a leg that is not yet trusted (confirmed {@value LegState#CONFIRMATIONS_TO_TRUST} times since
 * its alignment by payloads that occur once in the track, carried identically by a trusted leg) is
 * held until that leg is confirmed at a later position, and given up when the window ends first: a
 * leg aligned on a shifted copy of periodic content is refuted before it is trusted. A trusted leg's
 * fills go out at once (so a dead reference does not stop the others either). With
 * {@link SeamerConfig#releaseBehindReference()} the reference paces the output instead: legs ahead of
 * it (stored content, extra legs started ahead of the viewer) fill its gaps when it gets there.
 *
 * <p>No I/O, no clock: time comes in as arguments. Not thread-safe: confine to one thread.
 */
public final class Seamer {

  /** Overlapping packets that must differ in a row (no match between) before a leg is realigned. */
  static final int MISMATCHES_TO_REALIGN = 3;
  /** Rejected packets remembered in case the jump they announced is confirmed. */
  static final int RECENT_REJECTS = 16;

  private final SeamerConfig config;
  private final SeamSink sink;
  private final CanonicalTrack track;
  private final boolean offline;
  private final List<LegState> legs = new ArrayList<>();
  private final SeamRelease release;
  private final DeferredConfirmations deferred = new DeferredConfirmations();
  private int aligning;
  private boolean finished;

  public Seamer(SeamerConfig config, SeamSink sink) {
    this.config = config;
    this.sink = sink;
    this.offline = config.fillWindowNanos() == Long.MAX_VALUE;
    this.track = new CanonicalTrack(1 << 12, config.maxTrackPackets());
    this.release = new SeamRelease(track, sink, config.fillWindowNanos(), config.releaseBehindReference(), leg -> legs.get(leg).trusted(),
        leg -> legs.get(leg).confirmedUpTo);
  }

  /** Adds a leg and returns its id; the first leg added is the reference. */
  public int addLeg() {
    LegState leg = new LegState(legs.size(), config);
    legs.add(leg);
    if (leg.id == 0) {
      leg.status = LegStatus.REFERENCE;
      leg.reason = "reference: its numbering is the canonical numbering";
    } else {
      leg.status = LegStatus.ALIGNING;
      leg.reason = "waiting for payload matches";
      aligningChanged(+1);
    }
    return leg.id;
  }

  /**
   * Takes one packet of {@code leg}.
   *
   * @param sequence the RTP sequence number (16 bits)
   * @param timestamp the RTP timestamp (32 bits)
   * @param payloadHash {@link PayloadHash} of payload, marker and payload type
   * @param reference the caller's handle on the packet bytes, handed back by {@link SeamSink#emit}
   * @param arrivalNanos arrival time on the caller's clock
   */
  public void offer(int leg, int sequence, long timestamp, long payloadHash, long reference, long arrivalNanos) {
    if (finished) {
      throw new IllegalStateException("offer after finish()");
    }
    LegState l = legs.get(leg);
    l.packets++;
    long ext = l.seq.extend(sequence);
    if (ext == SeqExtender.REJECTED) {
      l.rejected++;
      if (l.rejectedRecently.size == RECENT_REJECTS) {
        l.rejectedRecently.dropOldest(1);
      }
      l.rejectedRecently.add(sequence & 0xFFFF, timestamp & 0xFFFF_FFFFL, payloadHash, reference, arrivalNanos);
      return;
    }
    boolean seqResynced = l.seq.lastVerdict() == ExtensionVerdict.RESYNCED;
    long extTs = l.ts.extend(timestamp);
    if (extTs == TimestampExtender.REJECTED) {
      l.rejected++;
      return;
    }
    if (seqResynced || l.ts.lastVerdict() == ExtensionVerdict.RESYNCED) {
      discontinuity(l);
      // the packets that announced the jump were rejected; the jump is confirmed, so take them after all
      PacketColumns r = l.rejectedRecently;
      for (int i = 0; seqResynced && i < r.size; i++) {
        int behind = (int) ((sequence - r.ext[i]) & 0xFFFF);
        if (behind >= 1 && behind <= RECENT_REJECTS) {
          l.rejected--;
          accept(l, ext - behind, extTs + (int) (r.ts[i] - timestamp), r.hash[i], r.ref[i], r.arrival[i]);
        }
      }
    }
    l.rejectedRecently.clear();
    accept(l, ext, extTs, payloadHash, reference, arrivalNanos);
  }

  /**
   * Takes one packet of {@code leg} whose numbers the caller already extended, with its own
   * {@link SeqExtender} and {@link TimestampExtender} over everything the leg received (the proxy
   * does it once per packet on the leg's event loop; extending again here could judge a jump
   * differently). A leg is fed either this way or through {@link #offer}, never both.
   *
   * @param resynced the extenders confirmed a jump at this packet: what was aligned before must be
   *     verified again
   */
  public void offerExtended(int leg, long extendedSeq, long extendedTimestamp, boolean resynced, long payloadHash, long reference,
      long arrivalNanos) {
    if (finished) {
      throw new IllegalStateException("offer after finish()");
    }
    LegState l = legs.get(leg);
    l.packets++;
    if (resynced) {
      discontinuity(l);
    }
    accept(l, extendedSeq, extendedTimestamp, payloadHash, reference, arrivalNanos);
  }

  private void discontinuity(LegState l) {
    if (l.status == LegStatus.ALIGNED) {
      l.reason = "sequence or timestamp discontinuity: aligning again";
      l.realignments++;
      l.epochFills.clear(); // fills before the jump were placed under an offset that held then
      l.mismatches.clear();
      l.status = LegStatus.ALIGNING;
      aligningChanged(+1);
    }
    if (l.status == LegStatus.ALIGNING) {
      if (offline) {
        l.splitSegment();
      } else {
        l.active().reset();
      }
    }
  }

  private void accept(LegState l, long ext, long extTs, long payloadHash, long reference, long arrivalNanos) {
    if (l.status == LegStatus.REFERENCE) {
      release.referenceAt(ext, arrivalNanos);
    }
    if (l.status == LegStatus.ALIGNING) {
      LegAligner a = l.active();
      if (a.add(ext, extTs, payloadHash, reference, arrivalNanos, offline ? null : track) && !offline) {
        tryAlign(l, a);
      }
    } else {
      place(l, ext, extTs, payloadHash, reference, arrivalNanos);
    }
  }

  private void place(LegState l, long ext, long extTs, long hash, long ref, long arrival) {
    long p = ext + l.seqOffset;
    long t = extTs + l.tsOffset;
    if (release.isReleased(p)) {
      if (track.isFilled(p)) {
        compare(l, p, t, hash, ext, extTs, ref, arrival);
      } else {
        l.late++;
      }
      return;
    }
    if (!offline && p - release.frontierOr(p) >= track.maxCapacity()) {
      release.releaseUpTo(p - track.maxCapacity() + 1); // the window is full: the oldest positions must go
    }
    if (!track.ensure(p)) {
      l.late++;
      return;
    }
    if (track.isFilled(p)) {
      compare(l, p, t, hash, ext, extTs, ref, arrival);
      return;
    }
    if (l.status == LegStatus.ALIGNED && !l.matchedSinceAlignment && p > l.leadInLo && p < l.leadInHi) {
      // Lead-in: before its first packet that matches the track, a leg fills nothing inside the track
      // as it was when the leg aligned (extending it backwards or forwards is fine). Origins
      // do odd things at a session's start (after a seek the real one repeats SPS/PPS, shifting the
      // first packets by two); only a later match proves the offset holds from there on.
      l.leadInSkipped++;
      return;
    }
    boolean unique = track.fill(p, hash, t, l.id, ref, arrival);
    if (deferred.size() > 0 && !offline) {
      deferred.drain(track.hi() - config.repeatHorizonPackets(), track, this::confirmEachOther);
    }
    l.contributed++;
    if (l.status == LegStatus.ALIGNED) {
      if (l.epochFills.size >= 1 << 16 && !offline) {
        l.epochFills.removeBelow(release.frontierOr(Long.MIN_VALUE)); // released fills cannot be taken back
      }
      l.epochFills.add(p);
    }
    if (unique && !offline) {
      for (int i = 1; i < legs.size(); i++) {
        LegState other = legs.get(i);
        if (other.status == LegStatus.ALIGNING && other.active().canonicalGained(hash)) {
          tryAlign(other, other.active());
        }
      }
    }
  }

  private void compare(LegState l, long p, long t, long hash, long ext, long extTs, long ref, long arrival) {
    int holderId = track.legAt(p);
    if (track.hashAt(p) == hash) {
      l.duplicates++;
      if (holderId != l.id) {
        l.matchedSinceAlignment = true;
      }
      if (track.timestampAt(p) != t) {
        l.timestampDivergences++;
        if (l.status == LegStatus.REFERENCE) {
          track.setTimestamp(p, t); // identical bytes, but the reference's timing is the canonical one
        }
      }
      if (holderId != l.id) {
        track.confirm(p);
        LegState holder = legs.get(holderId);
        holder.refutedInRow = 0;
        // Trust flows from the reference: two legs aligned alike on a shifted copy must not vouch for each other.
        // Only a payload that occurs once in the track confirms an offset: a repeated one (a static
        // scene) matches a shifted copy just as well.
        // Near the track's front a payload is unique only so far (the next copy of a repeated
        // block may still come), so such a match is settled once the track has moved past it.
        if (!offline && track.uniquePosition(hash) == p) {
          if (p <= track.hi() - config.repeatHorizonPackets()) {
            confirmEachOther(p, holderId, l.id);
          } else {
            deferred.add(p, hash, holderId, l.id);
          }
        }
      }
      l.mismatches.clear();
      return;
    }
    l.divergences++;
    sink.divergence(l.id, p);
    LegState holder = legs.get(holderId);
    if (l.status == LegStatus.REFERENCE || (l.trusted() && !holder.trusted() && holderId != 0)) {
      // The reference defines the positions, so its copy is right by definition: a different fill
      // from another leg is replaced, and counts against that leg's offset. Likewise a trusted leg
      // against one not (yet) confirmed: arriving first must not make a shifted leg win.
      // (a trusted leg does not override a fill a second leg already carried identically)
      if (holderId != l.id && !release.isReleased(p) && track.withdraw(p, holderId, l.status == LegStatus.REFERENCE)) {
        holder.contributed--;
        holder.withdrawn++;
        track.fill(p, hash, t, l.id, ref, arrival);
        l.contributed++;
        if (l.status == LegStatus.ALIGNED) {
          l.epochFills.add(p); // taken back too if this leg is refuted later
        }
        if (holder.status == LegStatus.ALIGNED && ++holder.refutedInRow >= MISMATCHES_TO_REALIGN) {
          realign(holder, (l.id == 0 ? "the reference" : "trusted leg " + l.id) + " contradicted " + MISMATCHES_TO_REALIGN + " of its fills in a row (last at position " + p + ")");
        }
      }
      return;
    }
    // One odd copy may be a damaged packet (first copy wins); several in a row refute the offset.
    l.mismatches.add(ext, extTs, hash, ref, arrival);
    if (l.mismatches.size >= MISMATCHES_TO_REALIGN) {
      realign(l, MISMATCHES_TO_REALIGN + " payloads in a row differed (last at position " + p + ")");
    }
  }

  private void confirmEachOther(long p, int holderId, int confirmerId) {
    LegState holder = legs.get(holderId);
    LegState l = legs.get(confirmerId);
    boolean holderTrusted = holder.trusted();
    if (l.trusted()) {
      holder.confirm(p);
    }
    if (holderTrusted) {
      l.confirm(p);
    }
  }

  /** The leg's offset is refuted: take back its unreleased fills under it and align again. */
  private void realign(LegState l, String why) {
    l.reason = why + ": aligning again";
    for (int i = 0; i < l.epochFills.size; i++) {
      long q = l.epochFills.values[i];
      if (!release.isReleased(q) && track.withdraw(q, l.id, false)) {
        l.contributed--;
        l.withdrawn++;
      }
    }
    l.epochFills.clear();
    l.refutedInRow = 0;
    l.resetConfirmations();
    l.realignments++;
    l.status = LegStatus.ALIGNING;
    aligningChanged(+1);
    PacketColumns odd = l.mismatches;
    l.mismatches = new PacketColumns();
    LegAligner a = l.active();
    a.reset();
    for (int i = 0; i < odd.size; i++) {
      a.add(odd.ext[i], odd.ts[i], odd.hash[i], odd.ref[i], odd.arrival[i], offline ? null : track);
    }
  }

  /** Decides one segment of an aligning leg; on success places its waiting packets. */
  private boolean tryAlign(LegState l, LegAligner segment) {
    LegAligner.Decision d = segment.decide(track, leg -> legs.get(leg).trusted());
    if (!d.aligned()) {
      if (l.status == LegStatus.ALIGNING) {
        l.reason = d.reason();
      }
      return false;
    }
    l.reason = d.reason();
    l.status = LegStatus.ALIGNED;
    l.seqOffset = d.seqOffset();
    l.tsOffset = d.tsOffset();
    l.epochFills.clear();
    l.resetConfirmations();
    l.matchedSinceAlignment = false;
    l.leadInLo = track.started() ? track.lo() : Long.MAX_VALUE; // the track as other legs made it
    l.leadInHi = track.started() ? track.hi() : Long.MIN_VALUE;
    aligningChanged(-1);
    PacketColumns waiting = segment.takePending();
    if (segment != l.active()) {
      l.segments.remove(segment);
    }
    for (int i = 0; i < waiting.size; i++) {
      if (l.status == LegStatus.ALIGNED) {
        place(l, waiting.ext[i], waiting.ts[i], waiting.hash[i], waiting.ref[i], waiting.arrival[i]);
      } else {
        l.active().add(waiting.ext[i], waiting.ts[i], waiting.hash[i], waiting.ref[i], waiting.arrival[i],
            offline ? null : track);
      }
    }
    return true;
  }

  private void aligningChanged(int delta) {
    aligning += delta;
    // live: always (aligning legs match against it, untrusted legs are confirmed only by unique
    // payloads); offline: never (decisions at the end scan the leg and the track, see OfflineVotes)
    track.setIndexing(!offline);
  }

  /**
   * Sets how long a missing position waits from now on (live only): the caller shortens it to a
   * reorder grace while only one leg can fill anything (waiting the full window then only delays
   * every packet behind a gap) and restores it when another leg opens.
   */
  public void fillWindow(long nanos) {
    if (!offline) {
      release.fillWindow(nanos);
    }
  }

  /**
   * Releases what the fill window allows at {@code nowNanos}: filled positions at the front at once,
   * a missing one once a later position has been waiting for the window. No-op offline.
   */
  public void release(long nowNanos) {
    if (!offline) {
      release.release(nowNanos);
    }
  }

  /**
   * When calling {@link #release} next can release something that no arrival will (the end of a
   * running fill window, on the arrival clock), or {@code Long.MAX_VALUE}: a live caller arms one
   * timer for it instead of polling.
   */
  public long nextReleaseNanos() {
    return offline ? Long.MAX_VALUE : release.waitingUntil();
  }

  /**
   * Ends the input: legs still aligning get their decisions (repeated while any leg makes progress,
   * since one leg's fills can let another match), those that still fail are
   * {@link LegStatus#NOT_ALIGNABLE}, and every remaining position is released in order.
   */
  public void finish() {
    if (finished) {
      return;
    }
    finished = true;
    // repeat while waiting packets get placed (each pass must shrink them, so this ends)
    long waiting = Long.MAX_VALUE;
    for (long now = totalPending(); now > 0 && now < waiting; now = totalPending()) {
      waiting = now;
      for (LegState l : legs) {
        for (LegAligner segment : List.copyOf(l.segments)) {
          if (segment.pendingCount() == 0) {
            continue;
          }
          if (l.status == LegStatus.ALIGNING) {
            tryAlign(l, segment);
          } else if (l.status == LegStatus.ALIGNED) {
            // an earlier segment aligned: this one needs its own offset
            long so = l.seqOffset;
            long to = l.tsOffset;
            l.status = LegStatus.ALIGNING;
            aligningChanged(+1);
            if (!tryAlign(l, segment)) {
              l.status = LegStatus.ALIGNED;
              l.seqOffset = so;
              l.tsOffset = to;
              aligningChanged(-1);
            }
          }
        }
      }
    }
    for (LegState l : legs) {
      l.pendingAtEnd = l.status == LegStatus.REFERENCE ? 0 : l.pendingCount();
      if (l.status == LegStatus.ALIGNING) {
        l.status = l.realignments > 0 || l.contributed > 0 ? LegStatus.ALIGNED : LegStatus.NOT_ALIGNABLE;
        aligningChanged(-1);
      }
    }
    release.finish(offline);
  }

  /**
   * Records a leg's normalization anchor from its RTSP PLAY: the {@code rtptime} of its RTP-Info and
   * the start of its {@code Range} (npt, microseconds). A packet with timestamp {@code ts} then has
   * media time {@code rangeStart + (ts − rtptime) / clock}. Anchors are a hint, not truth (the real
   * origin sends a stale video rtptime after a keyframe seek): alignment stays with the payloads, and
   * {@link LegReport#anchorDisagreementTicks()} says how far the anchors are from it.
   */
  public void anchor(int leg, long rtpInfoTimestamp, long rangeStartMicros) {
    LegState l = legs.get(leg);
    l.hasAnchor = true;
    l.anchorTimestamp = rtpInfoTimestamp & 0xFFFF_FFFFL;
    l.anchorStartMicros = rangeStartMicros;
  }

  private long anchorDisagreement(LegState l) {
    LegState ref = legs.get(0);
    if (!l.hasAnchor || !ref.hasAnchor || !(l.status == LegStatus.ALIGNED || l.status == LegStatus.REFERENCE)) {
      return LegReport.NO_ANCHOR;
    }
    // the same media time t: reference ts = Rref + (t - Tref)·clock, leg ts = Rleg + (t - Tleg)·clock
    long clockTicks = Math.round((l.anchorStartMicros - ref.anchorStartMicros) * (config.clockRateHz() / 1e6));
    long implied = ref.anchorTimestamp - l.anchorTimestamp + clockTicks;
    return (int) (l.tsOffset - implied); // modulo 2^32, signed
  }

  private long totalPending() {
    long n = 0;
    for (int i = 1; i < legs.size(); i++) {
      n += legs.get(i).pendingCount();
    }
    return n;
  }

  /** Positions released with a copy so far. */
  public long emitted() {
    return release.emitted();
  }

  /**
   * The emitted positions as ranges; its {@link GapMap#gaps()} are the gaps no leg could fill.
   * Complete after {@link #finish()}; during a live run the current run of positions is not in it yet.
   */
  public GapMap output() {
    return release.output();
  }

  public int legCount() {
    return legs.size();
  }

  public LegReport legReport(int leg) {
    LegState l = legs.get(leg);
    long pending = finished ? l.pendingAtEnd : l.status == LegStatus.REFERENCE ? 0 : l.pendingCount();
    return new LegReport(l.id, l.status, l.reason, l.packets, l.rejected, l.seqOffset, l.tsOffset, l.contributed,
        l.duplicates, l.divergences, l.timestampDivergences, l.late, l.withdrawn, l.realignments, pending,
        l.leadInSkipped, anchorDisagreement(l));
  }
}
