package org.seamcache.proxy.session;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.seamcache.proxy.cache.StoredTitles;
import org.seamcache.proxy.onward.RecordingPlayout;
import org.seamcache.proxy.onward.TimeShiftStart;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.NptRange;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtpInfoEntry;
import org.seamcache.proxy.rtsp.RtpInfoHeader;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.upstream.ContentDescription;

/**
 * A viewer of live content that can also play it from the past (live time-shift), from the content's
 * recording as it is written: {@code PLAY Range: npt=-10} (or {@code clock=...Z-}) plays from then,
 * paced; {@code PLAY Range: npt=now-} returns to the live stream; PAUSE holds the viewer's position
 * (on live too: the next PLAY without Range goes on from where it paused, from the recording). No
 * position lies further back than the time-shift window. A live content that is not being recorded
 * plays live only (a request for the past is answered 457; PAUSE then PLAY rejoins live). While it
 * plays from the recording or holds a position it keeps the live stream (and its recording) up, as a
 * live viewer would; when the stream has ended and its recording is played out, the session ends.
 *
 * <p>Thread-safe (synchronized): RTSP requests of one session come one after another anyway.
 */
final class ShiftableLivePlayback implements Playback {
  private final LivePlayback live;
  private final LiveStream stream;
  private final Runnable onEnd;
  private boolean holding;
  private final Supplier<Optional<String>> recordingId;
  private final StoredTitles titles;
  private final ViewerOutput output;
  private final EventLoop loop;
  private final int[] tracks;
  private final ContentDescription description;
  private final String proxyUri;
  private final LongSupplier epochNanos;
  private final LongSupplier nanoClock;
  private final Duration window;
  private RecordingPlayout shifted;
  /** Wall-clock time the viewer paused live at, while it holds that position. */
  private Long pausedAtEpochNanos;
  private boolean closed;

  /** @param onEnd the stream ended and the recording is played out: the session ends */
  ShiftableLivePlayback(LivePlayback live, LiveStream stream, Runnable onEnd, Supplier<Optional<String>> recordingId, StoredTitles titles, ViewerOutput output, EventLoop loop,
      int[] tracks, ContentDescription description, String proxyUri, LongSupplier epochNanos, LongSupplier nanoClock, Duration window) {
    this.live = live;
    this.stream = stream;
    this.onEnd = onEnd;
    this.recordingId = recordingId;
    this.titles = titles;
    this.output = output;
    this.loop = loop;
    this.tracks = tracks.clone();
    this.description = description;
    this.proxyUri = proxyUri;
    this.epochNanos = epochNanos;
    this.nanoClock = nanoClock;
    this.window = window;
  }

  @Override
  public synchronized CompletableFuture<PlayAnswer> play(RangeHeader range) {
    long now = epochNanos.getAsLong();
    Optional<Long> past;
    try {
      past = TimeShiftStart.of(range, now);
    } catch (RtspStatusException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (past.isPresent()) {
      pausedAtEpochNanos = null;
      return shiftTo(past.get(), now, true);
    }
    if (range instanceof NptRange n && n.start().isPresent() && n.start().get().isNow()) {
      pausedAtEpochNanos = null;
      stopShift();
      holdStream(false);
      return live.play(null); // back to the live edge
    }
    if (range == null && shifted != null) {
      shifted.play(); // resume where it paused, in the past
      return CompletableFuture.completedFuture(new PlayAnswer("npt=now-", null));
    }
    if (range == null && pausedAtEpochNanos != null) {
      long at = pausedAtEpochNanos;
      pausedAtEpochNanos = null;
      return shiftTo(at, now, false);
    }
    holdStream(false);
    return live.play(range);
  }

  /** Leaves live (or an earlier position) and plays from {@code atEpochNanos}, no further back than the window. */
  private CompletableFuture<PlayAnswer> shiftTo(long atEpochNanos, long now, boolean asked) {
    if (window.isZero()) {
      return asked
          ? CompletableFuture.failedFuture(new RtspStatusException(457, "Invalid Range: this live content cannot be played from the past here"
              + " (its route's time-shift is off)"))
          : playLive();
    }
    Optional<String> id = recordingId.get();
    if (id.isEmpty()) {
      return asked
          ? CompletableFuture.failedFuture(new RtspStatusException(457,
              "Invalid Range: this live content is not being recorded here, so it cannot be played from the past"))
          : playLive();
    }
    long notBefore = now - window.toNanos();
    long from = Math.max(atEpochNanos, notBefore);
    stopShift();
    live.pause();
    int[] set = tracks.clone();
    List<String> encodings = encodings();
    // the start is found with a reader of its own off the event loop; the playout's reader is used on the loop only
    return titles.withReader(id.get(), scan -> {
      try (scan) {
        return RecordingPlayout.find(scan, from, notBefore, set, encodings);
      } catch (IllegalStateException e) {
        throw new RtspStatusException(457, "Invalid Range: " + e.getMessage());
      }
    }).thenCompose(start -> titles.openReader(id.get()).thenApply(reader -> {
      synchronized (this) {
        String recording = id.get();
        RecordingPlayout p = new RecordingPlayout(reader, output, loop, set, encodings, nanoClock, start,
            () -> !recordingId.get().equals(Optional.of(recording)), onEnd);
        if (closed) {
          p.close();
          throw new RtspStatusException(454, "session ended");
        }
        stopShift();
        holdStream(true);
        shifted = p;
        return new PlayAnswer(TimeShiftStart.formatClock(start.arrivalEpochNanos()), rtpInfo(start), p::play);
      }
    }));
  }

  private String rtpInfo(RecordingPlayout.Start start) {
    List<RtpInfoEntry> entries = new ArrayList<>();
    for (RecordingPlayout.TrackStart t : start.tracks()) {
      entries.add(RtpInfoEntry.of(description.proxyControlUri(proxyUri, t.track()), t.seq(), t.rtpTime()));
    }
    return entries.isEmpty() ? null : new RtpInfoHeader(entries).format();
  }

  private List<String> encodings() {
    return description.tracks().stream().map(ContentDescription.Track::encodingName).toList();
  }

  private CompletableFuture<PlayAnswer> playLive() {
    holdStream(false);
    return live.play(null);
  }

  /** Keeps the live stream up while this viewer plays it from the recording or holds a position. */
  private void holdStream(boolean hold) {
    if (hold != holding) {
      holding = hold;
      if (hold) {
        stream.hold();
      } else {
        stream.release();
      }
    }
  }

  private void stopShift() {
    if (shifted != null) {
      shifted.close();
      shifted = null;
    }
  }

  @Override
  public synchronized CompletableFuture<Void> pause() {
    if (shifted != null) {
      shifted.pause();
    } else {
      if (pausedAtEpochNanos == null) {
        pausedAtEpochNanos = epochNanos.getAsLong();
      }
      holdStream(true); // the position is held: the stream and its recording go on
      live.pause();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void sayGoodbye() {
    if (shifted != null) {
      shifted.sayGoodbye(); // the session stays until the viewer leaves or it is closed
    }
    holdStream(false);
    live.sayGoodbye();
  }

  @Override
  public synchronized void close() {
    closed = true;
    stopShift();
    holdStream(false);
    live.close();
  }
}
