package org.seamcache.proxy.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Decodes the H.264 video of an RTSP URL with GStreamer's rtspsrc, a second independent client
 * implementation besides ffmpeg:
 *
 * <pre>
 * gst-launch-1.0 -v rtspsrc location=URL protocols=udp|tcp ! rtph264depay ! h264parse ! avdec_h264
 *   ! identity eos-after=N+1 ! fakesink name=sink silent=false
 * </pre>
 *
 * Frames are counted from fakesink's per-buffer {@code last-message} notifications, not assumed.
 * ({@code identity eos-after=N} passes N-1 buffers and turns the Nth into EOS, as measured with
 * GStreamer 1.22, hence N+1.)
 *
 * <p>A configured instance is confined to the thread that configures it.
 */
public final class GstLaunch {

  private final URI uri;
  private Transport transport = Transport.TCP;
  private int frames = 50;
  private Duration timeout = Duration.ofSeconds(30);
  private List<String> prefix = List.of();

  private GstLaunch(URI uri) {
    this.uri = uri;
  }

  public static GstLaunch of(URI uri) {
    return new GstLaunch(uri);
  }

  /** Shortcut: decode {@code frames} video frames, then stop. */
  public static GstDecode decodeVideo(URI uri, Transport transport, int frames, Duration timeout) {
    return of(uri).transport(transport).frames(frames).timeout(timeout).decodeVideo();
  }

  public GstLaunch transport(Transport t) {
    this.transport = t;
    return this;
  }

  /** Stop (EOS) after this many decoded frames. */
  public GstLaunch frames(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("frames must be >= 1: " + n);
    }
    this.frames = n;
    return this;
  }

  public GstLaunch timeout(Duration t) {
    this.timeout = t;
    return this;
  }

  public GstLaunch inNamespace(LossyNamespace ns) {
    this.prefix = ns.execPrefix();
    return this;
  }

  /** Like {@link #decodeVideo()}, on a background thread: start several clients at once. */
  public CompletableFuture<GstDecode> decodeVideoAsync() {
    return CommandRunner.async(this::decodeVideo);
  }

  public GstDecode decodeVideo() {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "gst-launch-1.0", "-v", "rtspsrc", "location=" + uri, "protocols=" + transport.clientName(),
                "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264",
                "!", "identity", "eos-after=" + (frames + 1),
                "!", "fakesink", "name=sink", "silent=false"));
    CommandResult r = CommandRunner.run(prefix, argv, timeout);
    return GstDecode.parse(r);
  }
}
