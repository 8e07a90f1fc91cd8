package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonWriterTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "plain|\"plain\"",
        "say \"hi\"|\"say \\\"hi\\\"\"",
        "back\\slash|\"back\\\\slash\"",
        "rtsp://a/b?c=d&e|\"rtsp://a/b?c=d&e\"",
      })
  void quotesStringsAsJsonLiterals(String in, String expected) {
    StringBuilder b = new StringBuilder();
    JsonWriter.appendQuoted(b, in);
    assertThat(b).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource({"10, \"\\n\"", "13, \"\\r\"", "9, \"\\t\"", "1, \"\\u0001\"", "31, \"\\u001f\""})
  void escapesControlCharacters(int code, String expected) {
    StringBuilder b = new StringBuilder();
    JsonWriter.appendQuoted(b, String.valueOf((char) code));
    assertThat(b).hasToString(expected);
  }
}
