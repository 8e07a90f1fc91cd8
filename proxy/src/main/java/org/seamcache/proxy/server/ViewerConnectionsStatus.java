package org.seamcache.proxy.server;

/**
 * The viewer connections at one moment.
 *
 * @param open connections open
 * @param largestUnsentBytes the most bytes any one connection has queued and not yet written to its socket
 * @param largestUnanswered the most requests any one connection has had read and not yet answered to its socket
 */
public record ViewerConnectionsStatus(int open, long largestUnsentBytes, int largestUnanswered) {}
