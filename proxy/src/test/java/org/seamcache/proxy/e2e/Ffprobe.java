package org.seamcache.proxy.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs ffprobe against an RTSP URL and counts what it read per stream: decoded frames ({@code
 * -count_frames}) or demuxed packets ({@code -count_packets}).
 *
 * <pre>{@code
 * StreamCounts c = Ffprobe.of(origin.vodUri()).transport(Transport.UDP).readSeconds(3).countFrames();
 * }</pre>
 *
 * <p>A configured instance is confined to the thread that configures it; the count methods may be
 * called repeatedly, each runs its own process.
 */
public final class Ffprobe {
  private final URI uri;
  private Transport transport = Transport.TCP;
  private double readSeconds; // 0 = to the end of the stream
  private Duration timeout = Duration.ofSeconds(60);
  private List<String> prefix = List.of();

  private Ffprobe(URI uri) {
    this.uri = uri;
  }

  public static Ffprobe of(URI uri) {
    return new Ffprobe(uri);
  }

  /** Shortcut: frames decoded in the first {@code readSeconds} of media. */
  public static StreamCounts countFrames(URI uri, Transport transport, double readSeconds, Duration timeout) {
    return of(uri).transport(transport).readSeconds(readSeconds).timeout(timeout).countFrames();
  }

  public Ffprobe transport(Transport t) {
    this.transport = t;
    return this;
  }

  /** Read only the first {@code seconds} of media ({@code -read_intervals %+seconds}); 0 reads to the end. */
  public Ffprobe readSeconds(double seconds) {
    this.readSeconds = seconds;
    return this;
  }

  /** Bound on the whole run (the process is killed after it). */
  public Ffprobe timeout(Duration t) {
    this.timeout = t;
    return this;
  }

  public Ffprobe inNamespace(LossyNamespace ns) {
    this.prefix = ns.execPrefix();
    return this;
  }

  /** Decodes and counts frames per stream. */
  public StreamCounts countFrames() {
    return run("-count_frames", "nb_read_frames");
  }

  /** Demuxes (no decoding) and counts packets per stream. */
  public StreamCounts countPackets() {
    return run("-count_packets", "nb_read_packets");
  }

  private StreamCounts run(String countOption, String field) {
    List<String> argv =
        new ArrayList<>(
            List.of("ffprobe", "-v", "error", "-rtsp_transport", transport.clientName(), countOption));
    if (readSeconds > 0) {
      argv.addAll(List.of("-read_intervals", String.format(Locale.ROOT, "%%+%.3f", readSeconds)));
    }
    argv.addAll(List.of("-show_entries", "stream=codec_type," + field, "-of", "csv=p=0", uri.toString()));
    CommandResult r = CommandRunner.run(prefix, argv, timeout);
    return new StreamCounts(r, StreamCounts.parseCsv(r.stdout()));
  }
}
