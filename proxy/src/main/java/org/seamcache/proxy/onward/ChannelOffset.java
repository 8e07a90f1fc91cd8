package org.seamcache.proxy.onward;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One onward stream of a time-offset channel: how far it runs behind the channel's source, and the
 * label it is addressed by ({@code rtsp://proxy/CHANNEL/LABEL}, the offset as the operator wrote it:
 * {@code 0}, {@code 90s}, {@code 15m}, {@code 2h}; a bare number is seconds). Immutable.
 */
public record ChannelOffset(String label, Duration offset) {
  private static final Pattern FORM = Pattern.compile("(\\d{1,6})([smh]?)");

  public ChannelOffset {
    if (offset.isNegative()) {
      throw new IllegalArgumentException("a channel offset cannot be negative: " + label);
    }
  }

  /**
   * @throws IllegalArgumentException for anything but a whole number of seconds, minutes or hours
   */
  public static ChannelOffset parse(String text) {
    String label = text.trim();
    Matcher m = FORM.matcher(label);
    if (!m.matches()) {
      throw new IllegalArgumentException("channel offset '" + text + "' must be a whole number with s, m or h (or none: seconds), e.g. 0, 90s, 15m, 2h");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
    return new ChannelOffset(label, d);
  }
}
