package org.seamcache.proxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;

/**
 * Runs {@code test-data/harness/rtsp_capture.py}, a minimal standard-library RTSP client that records
 * every RTP packet it receives (seq, timestamp, SSRC, marker, payload SHA-1), and parses its TSV and
 * loss summary. Its RTSP dialog (stderr) is kept in the result.
 *
 * <pre>{@code
 * RtpCapture c = RtspCapture.of(origin.vodUri()).transport(Transport.UDP).startNpt(5).seconds(4).capture();
 * }</pre>
 *
 * <p>A configured instance is confined to the thread that configures it; each {@link #capture()}
 * runs its own process and temporary file.
 */
public final class RtspCapture {
  private final URI uri;
  private Transport transport = Transport.UDP;
  private boolean multicast;
  private double startNpt = -1;
  private double seconds = 5;
  private final List<String> playHeaders = new ArrayList<>();
  private Duration timeout;
  private List<String> prefix = List.of();

  private RtspCapture(URI uri) {
    this.uri = uri;
  }

  public static RtspCapture of(URI uri) {
    return new RtspCapture(uri);
  }

  public RtspCapture transport(Transport t) {
    this.transport = t;
    return this;
  }

  /** SETUP asks for {@code RTP/AVP;multicast} and the capture joins the group the answer names. */
  public RtspCapture joiningMulticast() {
    this.multicast = true;
    return this;
  }

  /** Send {@code Range: npt=<seconds>-} with PLAY; without it, PLAY has no Range. */
  public RtspCapture startNpt(double seconds) {
    this.startNpt = seconds;
    return this;
  }

  /** How long to receive after PLAY (wall time). */
  public RtspCapture seconds(double s) {
    this.seconds = s;
    return this;
  }

  /** An extra PLAY header, e.g. {@code Seek-Style: RAP}. */
  public RtspCapture playHeader(String nameColonValue) {
    playHeaders.add(nameColonValue);
    return this;
  }

  /** Bound on the whole run; default: receive time + 30 s. */
  public RtspCapture timeout(Duration t) {
    this.timeout = t;
    return this;
  }

  public RtspCapture inNamespace(LossyNamespace ns) {
    this.prefix = ns.execPrefix();
    return this;
  }

  /** Like {@link #capture()}, on a background thread: start several clients at once. */
  public CompletableFuture<RtpCapture> captureAsync() {
    return CommandRunner.async(this::capture);
  }

  public RtpCapture capture() {
    Path out = null;
    try {
      out = Files.createTempFile("e2e-capture", ".tsv");
      List<String> argv =
          new ArrayList<>(
              List.of(
                  OriginPrerequisites.PYTHON, HarnessFiles.script("rtsp_capture.py").toString(), uri.toString(),
                  "--transport", multicast ? "multicast" : transport.clientName(),
                  "--secs", String.format(Locale.ROOT, "%.3f", seconds),
                  "--out", out.toString()));
      if (startNpt >= 0) {
        argv.addAll(List.of("--start", String.format(Locale.ROOT, "%.3f", startNpt)));
      }
      for (String h : playHeaders) {
        argv.addAll(List.of("--play-header", h));
      }
      Duration bound = timeout != null ? timeout : Duration.ofMillis((long) (seconds * 1000) + 30_000);
      CommandResult r = CommandRunner.run(prefix, argv, bound);
      return RtpCapture.parse(r, Files.readString(out));
    } catch (IOException e) {
      throw new UncheckedIOException("rtsp_capture.py output unreadable", e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }
}
