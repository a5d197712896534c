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
  void invisibleFormattingCharactersAreShownAsEscapesSoThatTwoNamesNeverLookTheSame() {
    assertThat(TerminalText.printable("Tech\u200bCorp")).isEqualTo("Tech\\u200bCorp");
    assertThat(TerminalText.printable("\ufeffA\u00adB\u2060C\u200cD\u200dE\u2061F"))
        .isEqualTo("\\ufeffA\\u00adB\\u2060C\\u200cD\\u200dE\\u2061F");
    // A tag character, beyond U+FFFF, as its two UTF-16 halves (as Java and JSON write it).
    assertThat(TerminalText.printable("A" + Character.toString(0xe0041))).isEqualTo("A\\udb40\\udc41");
  }

  @Test
  void joinersAreKeptWhereTheyChangeWhatIsDrawn() {
    String family = "👩\u200d👩\u200d👦"; // one picture
    String heartOnFire = "❤\ufe0f\u200d🔥";
    String persian = "می\u200cخواهم"; // the non-joiner keeps the first letters apart: visible
    String devanagari = "क्\u200dष"; // a half form, after the virama
    assertThat(TerminalText.printable(family)).isEqualTo(family);
    assertThat(TerminalText.printable(heartOnFire)).isEqualTo(heartOnFire);
    assertThat(TerminalText.printable(persian)).isEqualTo(persian);
    assertThat(TerminalText.printable(devanagari)).isEqualTo(devanagari);
    assertThat(TerminalText.printable("👩\u200dA")).isEqualTo("👩\\u200dA");
    assertThat(TerminalText.printable("\u200d👩")).isEqualTo("\\u200d👩");
  }

  @Test
  void aTypedBackslashUIsToldApartFromAnEscape() {
    assertThat(TerminalText.printable("\\u001b")).isEqualTo("\\\\u001b");
    assertThat(TerminalText.printable("\u001b")).isEqualTo("\\u001b");
    // A backslash before an escaped character is doubled too: an escape is a backslash-u after an even run.
    assertThat(TerminalText.printable("\\\u001b")).isEqualTo("\\\\\\u001b");
    assertThat(TerminalText.printable("\\\\u00e9")).isEqualTo("\\\\\\\\u00e9");
    assertThat(TerminalText.printable("\\\\u")).isEqualTo("\\\\u");
    assertThat(TerminalText.printable("\\U001B")).isEqualTo("\\U001B");
    assertThat(TerminalText.printable("x\\u001B")).isEqualTo("x\\\\u001B");
    assertThat(TerminalText.printable("C:\\Temp\\")).isEqualTo("C:\\Temp\\");
    // only a backslash before what looks like an escape is doubled: paths keep their backslashes
    assertThat(TerminalText.printable("C:\\users\\admin\\upload")).isEqualTo("C:\\users\\admin\\upload");
    assertThat(TerminalText.printable("\\u12")).isEqualTo("\\u12");
  }

  @Test
  void aJoinerBetweenEastAsianLettersAndInvisibleSelectorsAreEscaped() {
    assertThat(TerminalText.printable("日\u200d本")).isEqualTo("日\\u200d本");
    assertThat(TerminalText.printable("한\u200d국")).isEqualTo("한\\u200d국");
    assertThat(TerminalText.printable("Tech\ufe00Corp")).isEqualTo("Tech\\ufe00Corp");
    assertThat(TerminalText.printable("A\u034fB\u3164C")).isEqualTo("A\\u034fB\\u3164C");
    assertThat(TerminalText.printable("❤\ufe0f")).isEqualTo("❤\ufe0f");
  }

  @Test
  void otherTextIsLeftAsItIsAndNullIsEmpty() {
    assertThat(TerminalText.printable("Zoë Ünïcødé 日本語 🚀 Ω \\n")).isEqualTo("Zoë Ünïcødé 日本語 🚀 Ω \\n");
    assertThat(TerminalText.printable(null)).isEmpty();
  }

  @Test
  void widthCountsWideCharactersTwiceAndCombiningMarksNot() {
    assertThat(TerminalText.width("abc")).isEqualTo(3);
    assertThat(TerminalText.width("日本語")).isEqualTo(6);
    assertThat(TerminalText.width("e\u0301")).isEqualTo(1);
    assertThat(TerminalText.width("🚀")).isEqualTo(2);
  }

  @Test
  void widthCountsTheWideEmojiAmongSymbolsTwiceAndTheirNarrowNeighboursOnce() {
    assertThat(TerminalText.width("🀄")).isEqualTo(2);
    assertThat(TerminalText.width("⌛")).isEqualTo(2);
    assertThat(TerminalText.width("⚡")).isEqualTo(2);
    assertThat(TerminalText.width("✅")).isEqualTo(2);
    assertThat(TerminalText.width("⭐")).isEqualTo(2);
    assertThat(TerminalText.width("🆚")).isEqualTo(2);
    assertThat(TerminalText.width("🟠")).isEqualTo(2);
    assertThat(TerminalText.width("🫠")).isEqualTo(2);
    assertThat(TerminalText.width("☀")).isEqualTo(1);
    assertThat(TerminalText.width("✈")).isEqualTo(1);
    assertThat(TerminalText.width(Character.toString(0x1f005))).isEqualTo(1);
    assertThat(TerminalText.width(Character.toString(0x1f321))).isEqualTo(1);
    assertThat(TerminalText.width("ｱ")).as("halfwidth katakana").isEqualTo(1);
    assertThat(TerminalText.width("Ａ")).as("fullwidth A").isEqualTo(2);
  }
}
