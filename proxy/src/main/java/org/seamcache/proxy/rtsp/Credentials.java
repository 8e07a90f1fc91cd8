package org.seamcache.proxy.rtsp;

import java.util.Objects;

/**
 * A username and password for an origin, taken from {@code rtsp://user:pass@host/} or configuration.
 * {@link #toString()} redacts the password so the value can be logged. Immutable.
 */
public record Credentials(String username, String password) {

  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
