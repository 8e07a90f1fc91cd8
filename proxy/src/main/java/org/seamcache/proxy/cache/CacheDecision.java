package org.seamcache.proxy.cache;

/**
 * What the cache decided for one DESCRIBE, for {@code /status} and the log. Immutable.
 *
 * @param atMillis wall-clock time of the decision
 * @param content the content key, credentials and private scope left out
 * @param contentId the stored copy it concerned, or "" when none
 * @param viewer the viewer's address ({@code ip:port}), or "" when not known
 * @param reason the judgment with its figures
 */
public record CacheDecision(long atMillis, String content, String contentId, String viewer, Kind kind, String reason) {

  /** The decisions a DESCRIBE of content may get. */
  public enum Kind {
    /** Answered from a copy on disk, fresh (or partial while its repair goes on). */
    HIT("HIT"),
    /** No usable copy: fetched from the origin (and recorded). */
    MISS("MISS"),
    /** The copy was stale or the origin said no-cache; the origin found it unchanged; answered from disk. */
    REVALIDATED("REVALIDATED"),
    /** Answered from a stale copy: within the viewer's max-stale, or the origin could not be reached. */
    STALE("STALE"),
    /** only-if-cached with no copy, or a stale copy the origin requires revalidated and cannot be reached. */
    GATEWAY_TIMEOUT("504"),
    /** Went to the origin by rule though a copy may exist: the viewer's no-cache, or a route that forbids caching. */
    ORIGIN("ORIGIN"),
    /** A copy exists, private to other credentials: not served; the origin decides. */
    PRIVATE_REFUSED("PRIVATE-REFUSED"),
    /** Sent to a sibling node that holds the title complete. */
    REDIRECTED("REDIRECTED"),
    /** Live content: joined or opened its shared stream (nothing cached to decide on). */
    LIVE("LIVE");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** As {@code /status} and the log name it. */
    public String label() {
      return label;
    }
  }
}
