package org.seamcache.proxy.session;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.seamcache.proxy.cache.StoredTitles;
import org.seamcache.proxy.onward.ChannelTimeline;
import org.seamcache.proxy.onward.RecordingPlayout;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtpInfoEntry;
import org.seamcache.proxy.rtsp.RtpInfoHeader;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * A viewer of one offset of a time-offset channel: a playout of the channel's recording (being
 * written, or finished) along the offset's {@link ChannelTimeline}, so it joins where the offset
 * stands now (on the key frame due at or before now) and goes on paced by RTP timestamps, behind the
 * writer and never ahead of it. Any Range is ignored (an offset plays like live); PAUSE holds the
 * position and PLAY goes on from it (behind the offset then). When the source has all arrived and
 * is played out, BYE per track and the session ends. The offset's {@link MulticastSender} plays it
 * the same way to its group.
 *
 * <p>Thread-safe (synchronized): RTSP requests of one session come one after another anyway.
 */
final class ChannelPlayback implements Playback {
  private static final int FIND_TRIES = 30;
  private static final long FIND_RETRY_MILLIS = 100;
  private final Channels.OffsetStream stream;
  private final ContentSources sources;
  private final StoredTitles titles;
  private final ViewerOutput output;
  private final EventLoop loop;
  private final int[] tracks;
  private final String proxyUri;
  private final org.seamcache.proxy.upstream.ContentDescription description;
  private final LongSupplier epochNanos;
  private final LongSupplier nanoClock;
  private final Runnable onEnd;
  private RecordingPlayout playout;
  private boolean closed;

  ChannelPlayback(Channels.OffsetStream stream, ContentSources sources, ContentRef content, ViewerOutput output, EventLoop loop, int[] tracks,
      LongSupplier epochNanos, LongSupplier nanoClock, Runnable onEnd) {
    this.stream = stream;
    this.sources = sources;
    this.titles = sources.titles();
    this.output = output;
    this.loop = loop;
    this.tracks = tracks.clone();
    this.proxyUri = content.proxyUri();
    this.description = content.description();
    this.epochNanos = epochNanos;
    this.nanoClock = nanoClock;
    this.onEnd = onEnd;
  }

  @Override
  public synchronized CompletableFuture<PlayAnswer> play(RangeHeader range) {
    if (playout != null) {
      playout.play(); // goes on where it paused
      return CompletableFuture.completedFuture(new PlayAnswer("npt=now-", null));
    }
    ChannelFeed feed = stream.feed();
    String id = feed.recordingId();
    long now = epochNanos.getAsLong();
    int[] set = tracks.clone();
    List<String> encodings = description.tracks().stream().map(org.seamcache.proxy.upstream.ContentDescription.Track::encodingName).toList();
    java.util.concurrent.atomic.AtomicReference<ChannelTimeline> chosen = new java.util.concurrent.atomic.AtomicReference<>();
    return findStart(id, now, set, encodings, chosen, FIND_TRIES).thenCompose(start -> titles.openReader(id).thenApply(reader -> {
      ChannelTimeline timeline = chosen.get();
      synchronized (this) {
        RecordingPlayout p = new RecordingPlayout(reader, output, loop, set, encodings, nanoClock, start,
            () -> feed.ended() && !sources.liveRecording(feed.target()).equals(Optional.of(id)), onEnd, timeline);
        if (closed) {
          p.close();
          throw new RtspStatusException(454, "session ended");
        }
        playout = p;
        return new PlayAnswer("npt=now-", rtpInfo(start), p::play);
      }
    }));
  }

  /**
   * Where the playout starts, found with a reader of its own off the event loop (the playout's reader
   * is used on the loop only). Just after the source started nothing that starts a picture may be
   * written yet, or nothing at all (the recording not on disk yet): it looks again a little later, a
   * few times.
   */
  private CompletableFuture<RecordingPlayout.Start> findStart(String id, long now, int[] set, List<String> encodings,
      java.util.concurrent.atomic.AtomicReference<ChannelTimeline> chosen, int tries) {
    return titles.withReader(id, scan -> {
      try (scan) {
        int leg = stream.feed().storedLeg(scan);
        if (leg < 0) {
          throw new IllegalStateException("nothing of its source is recorded yet");
        }
        ChannelTimeline timeline = stream.feed().timeline(stream.offset(), leg);
        chosen.set(timeline);
        return RecordingPlayout.find(scan, now, Long.MIN_VALUE, set, encodings, timeline);
      } catch (IllegalStateException e) {
        if (tries <= 1) {
          throw new RtspStatusException(503, "channel " + stream.feed().spec().name() + ": " + e.getMessage());
        }
        return null;
      }
    }).exceptionally(err -> {
      Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
      if (cause instanceof org.seamcache.storage.StorageException) {
        // the recorder writes the first packets a moment after the source started: none on disk yet
        if (tries <= 1) {
          throw new RtspStatusException(503, "channel " + stream.feed().spec().name() + ": nothing of its source is recorded yet");
        }
        return null;
      }
      throw cause instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(cause);
    }).thenCompose(start -> start != null ? CompletableFuture.completedFuture(start)
        : CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(FIND_RETRY_MILLIS, TimeUnit.MILLISECONDS))
            .thenCompose(x -> findStart(id, now, set, encodings, chosen, tries - 1)));
  }

  private String rtpInfo(RecordingPlayout.Start start) {
    List<RtpInfoEntry> entries = new ArrayList<>();
    for (RecordingPlayout.TrackStart t : start.tracks()) {
      entries.add(RtpInfoEntry.of(description.proxyControlUri(proxyUri, t.track()), t.seq(), t.rtpTime()));
    }
    return entries.isEmpty() ? null : new RtpInfoHeader(entries).format();
  }

  @Override
  public synchronized CompletableFuture<Void> pause() {
    if (playout != null) {
      playout.pause();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void sayGoodbye() {
    if (playout != null) {
      playout.sayGoodbye();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (playout != null) {
      playout.close();
      playout = null;
    }
  }
}
