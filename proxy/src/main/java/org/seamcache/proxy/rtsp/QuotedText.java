package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.List;

/** Splitting and unquoting of header text where separators inside {@code "quoted strings"} do not count. */
final class QuotedText {

  private QuotedText() {}

  /**
   * Rejects CR, LF, NUL and other control characters except tab: a value holding them could split the header
   * when formatted again (response splitting).
   */
  static void rejectControlChars(String header, String value) throws RtspHeaderException {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        throw RtspHeaderException.badRequest(
            header + ": value must not contain control characters such as CR or LF (RFC 2326 §15.1), found 0x"
                + Integer.toHexString(c) + " at " + i);
      }
    }
  }

  /**
   * Splits at {@code separator} outside double quotes; parts are trimmed, empty parts kept. A quoted-string left
   * open is refused: it would swallow whatever follows it once the value is formatted again in another order.
   */
  static List<String> split(String header, String text, char separator) throws RtspHeaderException {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && quoted) {
        i++; // quoted-pair: the next character is literal
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        parts.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    if (quoted) {
      throw RtspHeaderException.badRequest(header + ": a quoted-string is not closed (RFC 2326 §15.1)");
    }
    parts.add(text.substring(start).trim());
    return parts;
  }

  /** The index of the quote closing the quoted-string that starts at index 0, or -1 if it is not closed. */
  static int closingQuote(String text) {
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** Removes one pair of surrounding double quotes and resolves backslash escapes; other text is returned as is. */
  static String unquote(String text) {
    if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() - 2);
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() - 1) {
        c = text.charAt(++i);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Wraps in double quotes, escaping {@code "} and {@code \}. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
