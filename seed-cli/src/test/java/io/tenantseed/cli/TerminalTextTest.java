package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

  @Test
  void controlCharactersSeparatorsBidiControlsAndLoneSurrogatesAreShownAsEscapes() {
    assertThat(TerminalText.printable("a\033[31mb\r\nc\td\u007fe\u0085f\u2028g\u202eh\u2066i" + '\ud800'))
        .isEqualTo("a\\u001b[31mb\\u000d\\u000ac\\u0009d\\u007fe\\u0085f\\u2028g\\u202eh\\u2066i\\ud800");
  }

  @Test
  void otherTextIsLeftAsItIsAndNullIsEmpty() {
    assertThat(TerminalText.printable("Zoë Ünïcødé 日本語 🚀 Ω \\u001b")).isEqualTo("Zoë Ünïcødé 日本語 🚀 Ω \\u001b");
    assertThat(TerminalText.printable(null)).isEmpty();
  }

  @Test
  void widthCountsWideCharactersTwiceAndCombiningMarksNot() {
    assertThat(TerminalText.width("abc")).isEqualTo(3);
    assertThat(TerminalText.width("日本語")).isEqualTo(6);
    assertThat(TerminalText.width("e\u0301")).isEqualTo(1);
    assertThat(TerminalText.width("🚀")).isEqualTo(2);
  }
}
