/**
 * Typed values for the text of RTSP/1.0 (RFC 2326) and SDP (RFC 4566), so that no header string travels past the
 * codec: Transport, Session, Range (npt), RTP-Info, WWW-Authenticate/Authorization for origin credentials, rtsp://
 * URLs, and session descriptions with control-URL resolution and rewriting.
 *
 * <p>Every header type has a static {@code parse(String)} and an instance {@code format()}; formatting is
 * canonical, and the canonical form parses back to an equal value. Parse errors are {@link
 * org.seamcache.proxy.rtsp.RtspHeaderException} (carrying the RTSP status to answer, 400 or 461) or {@link
 * org.seamcache.proxy.rtsp.SdpException}, with messages naming the header, the rule and the offending text.
 *
 * <p>Plain Java: no Netty, no I/O, no clock. Values are immutable records, safe to share between threads; the one
 * stateful type, {@link org.seamcache.proxy.rtsp.DigestAuthorization}, is confined to one upstream connection.
 */
package org.seamcache.proxy.rtsp;
