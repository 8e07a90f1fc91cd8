/**
 * Fault tests: the proxy against a full disk, an origin that stops sending, viewers that arrive as
 * others leave or vanish without a word. Real origin, real sockets, real file systems.
 */
package org.seamcache.proxy.fault;
