/**
 * Live seaming inside the proxy: the packets several upstream legs of one content hold for the
 * seamer ({@link org.seamcache.proxy.seam.PacketRing}), one seamer per track
 * ({@link org.seamcache.proxy.seam.TrackSeam}), the numbering viewers see
 * ({@link org.seamcache.proxy.seam.OutputNumbering}), and when to open or close a leg
 * ({@link org.seamcache.proxy.seam.LegPolicy}, {@link org.seamcache.proxy.seam.OriginLegBudget}).
 * The alignment rule is the seamer's; nothing here decides where a packet belongs.
 */
package org.seamcache.proxy.seam;
