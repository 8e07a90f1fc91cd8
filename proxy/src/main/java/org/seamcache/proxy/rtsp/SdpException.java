package org.seamcache.proxy.rtsp;

/**
 * A session description that breaks a rule of SDP (RFC 4566); the message names the line and the rule. From an
 * origin this is a bad gateway; from a client's ANNOUNCE a 400.
 */
public final class SdpException extends Exception {
  private static final long serialVersionUID = 1L;

  public SdpException(String message) {
    super(message);
  }
}
