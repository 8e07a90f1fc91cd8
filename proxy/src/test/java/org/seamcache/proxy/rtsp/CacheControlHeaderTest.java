package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheControlHeaderTest {

  @Test
  void readsTheDirectivesACacheActsOn() throws RtspHeaderException {
    CacheControlHeader h = CacheControlHeader.parse("no-cache, Only-If-Cached, max-age=30, private, x-ext=\"1\", max-stale");
    assertThat(h.noCache()).isTrue();
    assertThat(h.onlyIfCached()).isTrue();
    assertThat(h.isPrivate()).isTrue();
    assertThat(h.isPublic()).isFalse();
    assertThat(h.maxAgeSeconds()).isEqualTo(OptionalLong.of(30));
    assertThat(h.maxStaleSeconds()).as("max-stale without a value: any staleness").isEqualTo(OptionalLong.of(Long.MAX_VALUE));
    assertThat(CacheControlHeader.parse(null)).isEqualTo(CacheControlHeader.NONE);
    assertThat(CacheControlHeader.parse("public,no-transform,must-revalidate,max-stale=5"))
        .isEqualTo(new CacheControlHeader(false, false, true, false, true, true, OptionalLong.empty(), OptionalLong.of(5)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "max-age               | max-age needs =delta-seconds",
    "max-age=ten           | max-age must be a number of seconds, got 'ten'",
    "max-stale=-1          | max-stale must be a number of seconds, got '-1'",
  })
  void refusesMalformedNumbersNamingTheDirective(String value, String message) {
    assertThatThrownBy(() -> CacheControlHeader.parse(value)).isInstanceOf(RtspHeaderException.class).hasMessageContaining(message);
  }
}
