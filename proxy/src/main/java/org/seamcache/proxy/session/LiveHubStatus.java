package org.seamcache.proxy.session;

import java.util.List;

/**
 * What a live content's hub looks like, for {@code /status} and {@code /metrics}. Immutable; taken
 * once per loss interval on the hub's event loop.
 *
 * @param released positions released to viewers with a copy, over all epochs
 * @param gaps positions released without a copy (no leg had it in time): the output's residual loss
 * @param fills positions filled by a leg other than the reference
 * @param divergences packets whose payload disagreed with the copy already at their position
 * @param expired positions the seamer released after their bytes had been let go (counted in gaps)
 * @param lastOutputLoss the output's loss over the last interval that released anything
 * @param refusals extra legs the origin refused
 * @param notAlignable whether an extra leg was found not alignable (no more are opened)
 * @param lastDecision the last open/close/refusal decision in words
 */
public record LiveHubStatus(
    List<Leg> legs,
    long released,
    long gaps,
    long fills,
    long divergences,
    long expired,
    double lastOutputLoss,
    long legsOpened,
    long legsClosed,
    long refusals,
    boolean notAlignable,
    String lastDecision) {

  public LiveHubStatus {
    legs = List.copyOf(legs);
  }

  /**
   * One leg of the content.
   *
   * @param role {@code first} (the leg a stream or reconnect started with) or {@code extra}
   * @param openedFor why it was opened
   * @param alignment reference, aligning, aligned or not_alignable (the worst over its tracks)
   * @param lastIntervalLoss its loss over the last interval (worst track), -1 before the first
   * @param contributed positions it filled first, over all tracks
   */
  public record Leg(long id, String role, String openedFor, String alignment, double lastIntervalLoss, long packets, long contributed) {}

  /** The output's residual loss so far: gaps over positions released. */
  public double residualLoss() {
    long all = released + gaps;
    return all == 0 ? 0 : (double) gaps / all;
  }
}
