package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The challenges of one or more WWW-Authenticate headers (RFC 7235 §4.1, RFC 2617, RFC 7616), e.g.
 * {@code Digest realm="GStreamer", nonce="a1b2", Basic realm="GStreamer"}, in the server's order of preference.
 *
 * <pre>
 * challenge  = auth-scheme [ 1*SP #auth-param ]
 * auth-param = token BWS "=" BWS ( token / quoted-string )
 * </pre>
 *
 * <p>A challenge ends where a token is followed by something other than {@code =}: that token starts the next
 * challenge. token68 challenges ({@code Negotiate abc==}) are not supported. Immutable.
 */
public record WwwAuthenticateHeader(List<AuthChallenge> challenges) {

  private static final String H = "WWW-Authenticate";

  public WwwAuthenticateHeader {
    challenges = List.copyOf(challenges);
    if (challenges.isEmpty()) {
      throw new IllegalArgumentException("a WWW-Authenticate header needs at least one challenge");
    }
  }

  public static WwwAuthenticateHeader parse(String value) throws RtspHeaderException {
    return parseAll(List.of(value));
  }

  /** Parses repeated WWW-Authenticate headers as one list, as RFC 7230 §3.2.2 allows. */
  public static WwwAuthenticateHeader parseAll(List<String> values) throws RtspHeaderException {
    List<AuthChallenge> challenges = new ArrayList<>();
    for (String v : values) {
      QuotedText.rejectControlChars(H, v);
      new Reader(v).readInto(challenges);
    }
    if (challenges.isEmpty()) {
      throw RtspHeaderException.badRequest(H + ": header must hold at least one challenge");
    }
    return new WwwAuthenticateHeader(challenges);
  }

  /**
   * The first Digest challenge with an algorithm we support, in the server's order; a Digest challenge that is
   * malformed or uses another algorithm is skipped.
   */
  public Optional<DigestChallenge> digest() {
    for (AuthChallenge c : challenges) {
      if (c.isScheme("Digest")) {
        try {
          return Optional.of(DigestChallenge.from(c));
        } catch (RtspHeaderException unsupported) {
          // try the next one: servers list SHA-256 and MD5 as separate challenges
        }
      }
    }
    return Optional.empty();
  }

  /** The first Basic challenge, if any. */
  public Optional<AuthChallenge> basic() {
    return challenges.stream().filter(c -> c.isScheme("Basic")).findFirst();
  }

  /** All challenges in one header value, separated by {@code ", "}. */
  public String format() {
    return challenges.stream().map(AuthChallenge::format).collect(Collectors.joining(", "));
  }

  /** A cursor over one header value. */
  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    void readInto(List<AuthChallenge> out) throws RtspHeaderException {
      while (true) {
        skipSeparators();
        if (pos >= s.length()) {
          return;
        }
        String scheme = token();
        if (scheme.isEmpty()) {
          throw error("auth-scheme must be a token");
        }
        List<HeaderParam> params = new ArrayList<>();
        while (true) {
          skipSeparators();
          int mark = pos;
          String name = token();
          if (name.isEmpty()) {
            if (pos < s.length()) {
              throw error("auth-param must be token=token or token=\"quoted\"");
            }
            break;
          }
          skipSpaces();
          if (pos >= s.length() || s.charAt(pos) != '=') {
            pos = mark; // a token not followed by '=' starts the next challenge
            break;
          }
          pos++;
          skipSpaces();
          String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : token();
          if (value.isEmpty()) {
            throw error("auth-param " + name + " needs a token or quoted-string value");
          }
          params.add(HeaderParam.of(name, value));
          skipSpaces();
          if (pos < s.length() && s.charAt(pos) != ',') {
            throw error("auth-params must be separated by commas");
          }
        }
        out.add(new AuthChallenge(scheme, params));
      }
    }

    private String token() {
      int start = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    /** A quoted-string including its quotes. */
    private String quoted() throws RtspHeaderException {
      int start = pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\') {
          pos++;
        } else if (c == '"') {
          return s.substring(start, pos);
        }
      }
      throw error("quoted-string is not closed");
    }

    private void skipSpaces() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private void skipSeparators() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
        pos++;
      }
    }

    private RtspHeaderException error(String rule) {
      return RtspHeaderException.badRequest(H + ": " + rule + " (RFC 7235 §2.1), at " + pos + " in '" + s + "'");
    }

    private static boolean isTokenChar(char c) {
      return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
  }
}
