package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestMediaTest {

  @Test
  void concurrentCallersGetOneInstance() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<TestMedia>> calls = IntStream.range(0, 8).<Callable<TestMedia>>mapToObj(i -> TestMedia::get).toList();
      List<Future<TestMedia>> results = pool.invokeAll(calls);
      TestMedia first = results.get(0).get();
      for (Future<TestMedia> f : results) {
        assertThat(f.get()).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void mediaLivesUnderTargetOutsideTheGitTree() {
    TestMedia media = TestMedia.get();
    assertThat(media.path()).isRegularFile().hasFileName("test.mp4");
    assertThat(media.videoOnlyPath()).isRegularFile().hasFileName("test-video.mp4");
    assertThat(media.path().getParent()).isEqualTo(HarnessFiles.repoRoot().resolve("target/test-media"));
  }

  @Test
  void frameCountsAreMeasuredFromTheFile() throws Exception {
    TestMedia media = TestMedia.get();
    // 20 s at 25 fps; AAC frames are 1024 samples at 48 kHz: 20 * 48000 / 1024 = 937.5.
    assertThat(media.videoFrameCount()).isEqualTo(500);
    assertThat(media.audioFrameCount()).isBetween(937L, 939L);
    assertThat(Files.size(media.path())).isGreaterThan(Files.size(media.videoOnlyPath()));
  }

  @Test
  void keyframesComeEverySecond() {
    List<Double> expected = IntStream.range(0, TestMedia.SECONDS).mapToObj(i -> (double) i).toList();
    assertThat(TestMedia.get().keyframeSeconds()).isEqualTo(expected);
  }
}
