package org.seamcache.proxy.cluster;

/** Content keys as the registry compares them (see {@code ContentKeys}). Stateless. */
final class ContentKeyText {
  private ContentKeyText() {}

  /** Without a trailing slash, as the cache compares them. */
  static String normal(String key) {
    return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
  }

  /** Private to origin credentials: scoped by a per-node secret, never shared with siblings. */
  static boolean isPrivate(String key) {
    return key.contains("#private=");
  }
}
