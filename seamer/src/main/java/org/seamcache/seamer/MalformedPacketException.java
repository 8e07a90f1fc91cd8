package org.seamcache.seamer;

/** An RTP or RTCP packet that breaks a rule of RFC 3550; the message names the rule. */
public final class MalformedPacketException extends Exception {
  public MalformedPacketException(String reason) {
    super(reason, null, false, false); // per-packet: counted by callers, no stack trace needed
  }
}
