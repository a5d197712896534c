package io.tenantseed.cli;

/**
 * Text from outside the program (a tenant name from the database, a file name, an argument)
 * made safe for a terminal, and its width there. A name holding an escape sequence, a carriage
 * return or a line break would otherwise recolour the terminal, overwrite what was printed, or
 * break a table's line in two; here each such character is shown as a visible escape, so the
 * user sees what is really stored and a line stays a line.
 *
 * <pre>
 * TerminalText.printable("Acme\033[31m\r\n");   // Acme&#92;u001b[31m&#92;u000d&#92;u000a: each escape six visible characters
 * TerminalText.width("日本語");                    // 6: each is two columns wide
 * </pre>
 *
 * <p>Only for what people read: {@code --json} output keeps the real values (JSON escapes them).
 */
final class TerminalText {

  private TerminalText() {}

  /**
   * {@code text} safe to print on one line: control characters (C0, DEL, C1), the Unicode
   * line and paragraph separators, the bidirectional controls that reorder what follows them,
   * and unpaired surrogates are shown as &#92;uXXXX. Null is empty.
   */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    if (text.codePoints().noneMatch(TerminalText::escaped)) {
      return text;
    }
    StringBuilder result = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      if (escaped(c)) {
        result.append(String.format("\\u%04x", c));
      } else {
        result.appendCodePoint(c);
      }
    });
    return result.toString();
  }

  private static boolean escaped(int c) {
    return Character.isISOControl(c)
        || c == 0x2028 || c == 0x2029 // line and paragraph separator
        || c == 0x061c || c == 0x200e || c == 0x200f // bidirectional marks
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) // embeddings, overrides, isolates
        || Character.isSurrogate((char) c) && c <= 0xffff; // a lone surrogate, as codePoints() yields it
  }

  /**
   * The columns {@code text} (printable already) takes on a terminal: two for East Asian wide
   * characters and most emoji, none for combining marks and other zero-width characters, one
   * for the rest. An estimate, as every terminal's own is, but it keeps tables of names in
   * other scripts aligned.
   */
  static int width(String text) {
    return text.codePoints().map(TerminalText::columns).sum();
  }

  private static int columns(int c) {
    int type = Character.getType(c);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
        || c == 0x200b) {
      return 0;
    }
    return wide(c) ? 2 : 1;
  }

  private static boolean wide(int c) {
    return (c >= 0x1100 && c <= 0x115f) // Hangul Jamo
        || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) // CJK radicals .. compatibility
        || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) // CJK ideographs
        || (c >= 0xa000 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) // Yi, Hangul syllables
        || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) // CJK compatibility
        || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) // fullwidth forms
        || (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x1f680 && c <= 0x1f6ff) // emoji, transport
        || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x1fa70 && c <= 0x1faff) // more emoji
        || (c >= 0x20000 && c <= 0x3fffd); // CJK extensions
  }
}
