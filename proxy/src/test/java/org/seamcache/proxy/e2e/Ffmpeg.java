package org.seamcache.proxy.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;

/**
 * Runs ffmpeg to decode an RTSP URL (or a local file, for reference) and reports what it decoded:
 * every decoded frame's pts and MD5 per stream (ffmpeg's {@code framemd5} muxer), and the error and
 * warning lines it printed ({@code -loglevel level+warning} tags each line with its level; RTP loss
 * is a warning, {@code RTP: missed N packets}, and broken H.264 slices are errors).
 *
 * <p>Timestamps are the stream's own ({@code -copyts}), so after {@code seekSeconds(10)} the first
 * video pts is about 10 s; ffmpeg seeks an RTSP stream by sending {@code PLAY} with {@code Range:
 * npt=10-}. {@code -fps_mode passthrough} keeps ffmpeg from dropping or duplicating frames, so the
 * counts are frames the decoder produced.
 *
 * <pre>{@code
 * FfmpegDecode d = Ffmpeg.decode(origin.vodUri(), Transport.TCP, Duration.ofSeconds(40));
 * FfmpegDecode s = Ffmpeg.of(uri).transport(Transport.UDP).seekSeconds(10).durationSeconds(2).decode();
 * }</pre>
 *
 * <p>A configured instance is confined to the thread that configures it; {@link #decode()} may be
 * called repeatedly, each call runs its own process.
 */
public final class Ffmpeg {
  private final String input;
  private final boolean rtsp;
  private Transport transport = Transport.TCP;
  private double seekSeconds = -1;
  private double durationSeconds = -1;
  private Duration timeout = Duration.ofSeconds(60);
  private List<String> prefix = List.of();
  private boolean sdpFile;

  private Ffmpeg(String input, boolean rtsp) {
    this.input = input;
    this.rtsp = rtsp;
  }

  public static Ffmpeg of(URI uri) {
    return new Ffmpeg(uri.toString(), "rtsp".equals(uri.getScheme()));
  }

  /** A local file, e.g. {@link TestMedia#path()}: what a perfect network would have delivered. */
  public static Ffmpeg ofFile(Path file) {
    return new Ffmpeg(file.toString(), false);
  }

  /** An SDP file of a multicast stream: ffmpeg joins the group it names (RTP over UDP, no RTSP). */
  public static Ffmpeg ofSdpFile(Path file) {
    Ffmpeg f = new Ffmpeg(file.toString(), false);
    f.sdpFile = true;
    return f;
  }

  /** Shortcut: decode the whole stream. */
  public static FfmpegDecode decode(URI uri, Transport transport, Duration timeout) {
    return of(uri).transport(transport).timeout(timeout).decode();
  }

  public Ffmpeg transport(Transport t) {
    this.transport = t;
    return this;
  }

  /** Start at media time {@code seconds} (input {@code -ss}: an RTSP PLAY with {@code Range: npt=seconds-}). */
  public Ffmpeg seekSeconds(double seconds) {
    this.seekSeconds = seconds;
    return this;
  }

  /** Decode only {@code seconds} of media from the start point (input {@code -t}). */
  public Ffmpeg durationSeconds(double seconds) {
    this.durationSeconds = seconds;
    return this;
  }

  /** Bound on the whole run (the process is killed after it). Real time: a 20 s VOD takes 20 s. */
  public Ffmpeg timeout(Duration t) {
    this.timeout = t;
    return this;
  }

  public Ffmpeg inNamespace(LossyNamespace ns) {
    this.prefix = ns.execPrefix();
    return this;
  }

  /** Like {@link #decode()}, on a background thread: start several clients at once. */
  public CompletableFuture<FfmpegDecode> decodeAsync() {
    return CommandRunner.async(this::decode);
  }

  public FfmpegDecode decode() {
    List<String> argv = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "level+warning"));
    if (rtsp) {
      argv.addAll(List.of("-rtsp_transport", transport.clientName()));
    }
    if (sdpFile) {
      // a 4 MiB socket buffer (the machine's rmem_max): a loaded machine must not make ffmpeg lose datagrams
      argv.addAll(List.of("-protocol_whitelist", "file,udp,rtp", "-buffer_size", "4194304"));
    }
    if (seekSeconds >= 0) {
      argv.addAll(List.of("-ss", seconds(seekSeconds)));
    }
    if (durationSeconds >= 0) {
      argv.addAll(List.of("-t", seconds(durationSeconds)));
    }
    argv.addAll(
        List.of(
            "-i", input, "-map", "0:v?", "-map", "0:a?", "-copyts", "-fps_mode", "passthrough",
            "-f", "framemd5", "-"));
    CommandResult r = CommandRunner.run(prefix, argv, timeout);
    return FfmpegDecode.parse(r);
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }
}
