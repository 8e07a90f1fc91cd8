/**
 * Onward streams: what the proxy plays from its recordings beyond a title as it was recorded. Live
 * time-shift reads the recording of a live content behind its writer ({@link
 * org.seamcache.proxy.onward.RecordingPlayout}), from a position a viewer asks for in the past
 * ({@link org.seamcache.proxy.onward.TimeShiftStart}). A time-offset channel ({@link
 * org.seamcache.proxy.onward.ChannelSpec}) plays each of its offsets from the recording of its one
 * fetch with the same playout, paced by RTP timestamps ({@link org.seamcache.proxy.onward.ChannelTimeline}).
 * An offset may also be sent to a multicast group ({@link org.seamcache.proxy.onward.ChannelMulticast},
 * {@link org.seamcache.proxy.onward.MulticastGroup}) with an SDP file for its receivers ({@link
 * org.seamcache.proxy.onward.MulticastSdp}); the sender itself is {@code session.MulticastSender}.
 * Looping of stored titles lives in the playout
 * of stored content ({@code cache.PlayoutPacer}, {@code cache.LoopCount}).
 */
package org.seamcache.proxy.onward;
