package org.seamcache.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentKeysTest {
  @TempDir Path dir;

  @Test
  void withoutCredentialsTheKeyIsTheUrl() {
    ContentKeys keys = ContentKeys.inDataDir(dir);
    assertThat(keys.of(URI.create("rtsp://origin:554/film/"))).isEqualTo("rtsp://origin:554/film");
    assertThat(ContentKeys.isPrivate(keys.of(URI.create("rtsp://origin/film")))).isFalse();
  }

  @Test
  void credentialsMakeAPrivateScopeThatNamesNeitherUserNorPassword() {
    ContentKeys keys = ContentKeys.inDataDir(dir);
    String alice = keys.of(URI.create("rtsp://alice:s3cret@origin/film"));
    assertThat(alice).startsWith("rtsp://origin/film#private=").doesNotContain("alice").doesNotContain("s3cret");
    assertThat(ContentKeys.isPrivate(alice)).isTrue();
    assertThat(keys.of(URI.create("rtsp://alice:s3cret@origin/film/"))).isEqualTo(alice);
    assertThat(keys.of(URI.create("rtsp://alice:other@origin/film"))).isNotEqualTo(alice);
    assertThat(keys.of(URI.create("rtsp://mallory:s3cret@origin/film"))).isNotEqualTo(alice);
    // a viewer cannot name a scope through a fragment of its own
    assertThat(keys.of(URI.create("rtsp://origin/film#private=" + alice.substring(alice.indexOf('=') + 1)))).isEqualTo("rtsp://origin/film");
  }

  @Test
  void theScopeHoldsAcrossRestartsAndDiffersBetweenNodes(@TempDir Path other) throws Exception {
    URI u = URI.create("rtsp://alice:s3cret@origin/film");
    String first = ContentKeys.inDataDir(dir).of(u);
    assertThat(ContentKeys.inDataDir(dir).of(u)).isEqualTo(first);
    assertThat(ContentKeys.inDataDir(other).of(u)).isNotEqualTo(first);
    assertThat(Files.getPosixFilePermissions(dir.resolve(ContentKeys.SECRET_FILE)))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }
}
