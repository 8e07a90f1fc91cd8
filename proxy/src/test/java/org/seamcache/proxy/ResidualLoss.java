package org.seamcache.proxy;

import java.util.List;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.e2e.RtpCapture;

/**
 * What a viewer missed over the end of its capture (sequence numbers absent between the first and
 * last packet of that stretch), and what the proxy's open legs lost. Immutable.
 */
record ResidualLoss(long expected, long missing, double legLossPercent) {

  static ResidualLoss of(RtpCapture viewer, double lastSeconds, ProxyStatus status) {
    List<RtpCapture.CapturedPacket> video = viewer.packets(0);
    double end = video.get(video.size() - 1).arrivalSeconds();
    List<RtpCapture.CapturedPacket> late = video.stream().filter(p -> p.arrivalSeconds() > end - lastSeconds).toList();
    long expected = ((late.get(late.size() - 1).seq() - late.get(0).seq()) & 0xFFFF) + 1;
    double legs = 100.0 * status.legs().stream().mapToLong(ProxyStatus.Leg::lost).sum()
        / Math.max(1, status.legs().stream().mapToLong(ProxyStatus.Leg::expected).sum());
    return new ResidualLoss(expected, expected - late.size(), legs);
  }

  double percent() {
    return 100.0 * missing / expected;
  }
}
