package org.seamcache.proxy.rtsp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One challenge of a WWW-Authenticate header (RFC 7235 §2.1): a scheme such as {@code Basic} or {@code Digest}
 * and its parameters in order, values kept as received (quotes included) so formatting round-trips.
 * {@link #param(String)} gives the unquoted value. Immutable.
 */
public record AuthChallenge(String scheme, List<HeaderParam> params) {

  public AuthChallenge {
    Objects.requireNonNull(scheme, "scheme");
    params = List.copyOf(params);
  }

  public boolean isScheme(String name) {
    return scheme.equalsIgnoreCase(name);
  }

  /** The unquoted value of the first parameter called {@code name} (case-insensitive). */
  public Optional<String> param(String name) {
    return params.stream()
        .filter(p -> p.name().equalsIgnoreCase(name))
        .findFirst()
        .map(p -> QuotedText.unquote(p.value().orElse("")));
  }

  public Optional<String> realm() {
    return param("realm");
  }

  /** {@code Digest realm="r", nonce="n"}. */
  public String format() {
    if (params.isEmpty()) {
      return scheme;
    }
    return scheme + " " + params.stream().map(HeaderParam::format).collect(Collectors.joining(", "));
  }
}
