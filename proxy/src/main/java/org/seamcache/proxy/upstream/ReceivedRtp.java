package org.seamcache.proxy.upstream;

import org.seamcache.seamer.RtpHeader;

/**
 * What a leg learned about one valid RTP packet, computed once on the leg's event loop: its header,
 * its sequence number and timestamp extended to 64 bits within this leg, and the payload hash the
 * seamer aligns by. Immutable.
 *
 * @param extendedTimestamp the extended RTP timestamp (a packet whose timestamp jumped absurdly is
 *     dropped before this, as one whose sequence number did)
 * @param resynced the leg's extenders confirmed a jump at this packet (an origin restart or a long
 *     outage): offsets learned on the old numbering must be verified again
 */
public record ReceivedRtp(RtpHeader header, long extendedSeq, long extendedTimestamp, long payloadHash, boolean resynced) {}
