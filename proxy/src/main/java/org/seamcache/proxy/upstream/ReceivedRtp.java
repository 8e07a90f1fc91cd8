package org.seamcache.proxy.upstream;

import org.seamcache.seamer.RtpHeader;

/**
 * What a leg learned about one valid RTP packet, computed once on the leg's event loop: its header,
 * its sequence number and timestamp extended to 64 bits within this leg, and the payload hash the
 * seamer aligns by. Immutable.
 *
 * @param extendedTimestamp the extended RTP timestamp, or the raw one when the extender rejected an
 *     absurd jump (the recording keeps it as received)
 */
public record ReceivedRtp(RtpHeader header, long extendedSeq, long extendedTimestamp, long payloadHash) {}
