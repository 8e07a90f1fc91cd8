package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeSpaceProbeTest {
  @TempDir Path dir;

  @Test
  void reportsTheSameUsableSpaceAsTheFileStore() throws Exception {
    long probed = FreeSpaceProbe.fileSystem().usableBytes(dir);
    long store = Files.getFileStore(dir).getUsableSpace();
    assertThat(probed).isPositive();
    // Other processes write meanwhile: the two reads of one file system agree within 64 MiB.
    assertThat(Math.abs(probed - store)).isLessThan(64L << 20);
  }

  @Test
  void aMissingPathIsAnErrorNotAFullDisk() {
    assertThatThrownBy(() -> FreeSpaceProbe.fileSystem().usableBytes(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
  }
}
