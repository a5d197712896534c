package io.tenantseed.cli;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Set;

/**
 * Text from outside the program (a tenant name from the database, a file name, an argument)
 * made safe for a terminal, and its width there. A name holding an escape sequence, a carriage
 * return or a line break would otherwise recolour the terminal, overwrite what was printed, or
 * break a table's line in two; an invisible character would make two names look the same.
 * Here each such character is shown as a visible escape, so the user sees what is really
 * stored and a line stays a line.
 *
 * <pre>
 * TerminalText.printable("Acme\033[31m\r\n");   // Acme&#92;u001b[31m&#92;u000d&#92;u000a: each escape six visible characters
 * TerminalText.printable("Tech&#92;u200bCorp");    // Tech&#92;u200bCorp, not a second "TechCorp"
 * TerminalText.printable("C:&#92;&#92;users");         // C:&#92;&#92;users (two backslashes): a typed &#92;u is no escape
 * TerminalText.width("日本語");                    // 6: each is two columns wide
 * </pre>
 *
 * <p>Only for what people read: {@code --json} output keeps the real values (JSON escapes them).
 */
final class TerminalText {

  /** Scripts that join their letters, where a zero-width joiner or non-joiner changes how a word is drawn. */
  private static final Set<UnicodeScript> JOINING = EnumSet.of(UnicodeScript.ARABIC, UnicodeScript.SYRIAC,
      UnicodeScript.NKO, UnicodeScript.MONGOLIAN, UnicodeScript.DEVANAGARI, UnicodeScript.BENGALI,
      UnicodeScript.GURMUKHI, UnicodeScript.GUJARATI, UnicodeScript.ORIYA, UnicodeScript.TAMIL, UnicodeScript.TELUGU,
      UnicodeScript.KANNADA, UnicodeScript.MALAYALAM, UnicodeScript.SINHALA);

  private static final int ZWNJ = 0x200c;
  private static final int ZWJ = 0x200d;

  private TerminalText() {}

  /**
   * {@code text} safe to print on one line, each character that is not shown as itself written
   * as Java and JSON write it, {@code \}{@code u} and four hex digits (a character beyond
   * U+FFFF as its two UTF-16 halves). Escaped are: control characters (C0, DEL, C1); the
   * Unicode line and paragraph separators; invisible formatting characters (Unicode's Cf:
   * bidirectional marks and overrides that reorder what follows them, the zero-width space,
   * word joiner and byte order mark, the soft hyphen, tag characters, ...); and unpaired
   * surrogates. The zero-width joiner and non-joiner are kept where they change what is drawn:
   * a joiner between two emoji (the family of 👩&#8205;👩&#8205;👦 is one picture), either of them
   * between two letters of a script that joins its letters (Arabic, the Indic scripts); elsewhere
   * (between Latin letters, say) they are invisible and escaped.
   *
   * <p>So that a backslash followed by {@code u} and four hex digits typed in a name cannot pass
   * for an escape, every backslash of a run that comes before such a {@code u} or before an
   * escape is doubled: in what this prints, {@code \}{@code u} and four hex digits is an escape
   * exactly when an even number of backslashes (none included) precede it. A name
   * {@code \}{@code u001b} of six characters shows as {@code \\}{@code u001b}; other
   * backslashes ({@code C:\Temp}, {@code C:\}{@code users}) stay as they are. Null is empty.
   */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    int[] c = text.codePoints().toArray();
    boolean[] escape = new boolean[c.length];
    boolean any = false;
    for (int i = 0; i < c.length; i++) {
      escape[i] = escaped(c, i);
      any |= escape[i] || i > 0 && c[i - 1] == '\\' && looksLikeAnEscape(c, i);
    }
    if (!any) {
      return text;
    }
    StringBuilder result = new StringBuilder(text.length() + 16);
    int backslashes = 0;
    for (int i = 0; i < c.length; i++) {
      if (c[i] == '\\') {
        backslashes++;
        continue;
      }
      boolean doubled = escape[i] || looksLikeAnEscape(c, i);
      result.append("\\".repeat(doubled ? 2 * backslashes : backslashes));
      backslashes = 0;
      if (escape[i]) {
        for (char half : Character.toChars(c[i])) {
          result.append(String.format("\\u%04x", (int) half));
        }
      } else {
        result.appendCodePoint(c[i]);
      }
    }
    result.append("\\".repeat(backslashes));
    return result.toString();
  }

  /** Whether {@code c} holds {@code u} and four hex digits from {@code i}: what an escape looks like after its backslash. */
  private static boolean looksLikeAnEscape(int[] c, int i) {
    if (c[i] != 'u' || i + 4 >= c.length) {
      return false;
    }
    for (int k = i + 1; k <= i + 4; k++) {
      int h = c[k];
      if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
        return false;
      }
    }
    return true;
  }

  /** Whether the character at {@code i} of {@code c} is shown as its escape. */
  private static boolean escaped(int[] c, int i) {
    int ch = c[i];
    if (Character.isISOControl(ch) || ch == 0x2028 || ch == 0x2029
        || Character.isSurrogate((char) ch) && ch <= 0xffff) { // a lone surrogate, as codePoints() yields it
      return true;
    }
    if (invisibleOtherThanFormat(ch)) {
      return true;
    }
    if (Character.getType(ch) != Character.FORMAT) {
      return false;
    }
    if (ch == ZWJ || ch == ZWNJ) {
      int before = i > 0 ? c[i - 1] : -1;
      int after = i + 1 < c.length ? c[i + 1] : -1;
      return !(ch == ZWJ && pictographic(before) && pictographic(after) || joins(before, after));
    }
    return true;
  }

  /**
   * Invisible characters outside Unicode's Cf: the combining grapheme joiner, the Hangul fillers
   * and the variation selectors but the two that choose how an emoji is drawn (U+FE0E, U+FE0F).
   */
  private static boolean invisibleOtherThanFormat(int c) {
    return c == 0x034f || c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0
        || (c >= 0xfe00 && c <= 0xfe0d) || (c >= 0xe0100 && c <= 0xe01ef);
  }

  /**
   * Emoji and the pieces of their sequences (the emoji presentation selector, skin tones), not
   * the wide letters of East Asian scripts, between which a joiner draws nothing.
   */
  private static boolean pictographic(int c) {
    return c == 0xfe0f || (c >= 0x2300 && c <= 0x23ff) || (c >= 0x2600 && c <= 0x27bf)
        || (c >= 0x2b00 && c <= 0x2bff) || (c >= 0x1f000 && c <= 0x1faff);
  }

  /** Both letters (or marks) of one script that joins its letters. */
  private static boolean joins(int before, int after) {
    if (before < 0 || after < 0 || !Character.isLetter(after)
        || !(Character.isLetter(before) || Character.getType(before) == Character.NON_SPACING_MARK
            || Character.getType(before) == Character.COMBINING_SPACING_MARK)) {
      return false;
    }
    UnicodeScript script = UnicodeScript.of(after);
    return JOINING.contains(script) && (UnicodeScript.of(before) == script
        || UnicodeScript.of(before) == UnicodeScript.INHERITED);
  }

  /**
   * The columns {@code text} (printable already) takes on a terminal: two for East Asian wide
   * characters and emoji ({@link WideCharacters}), none for combining marks and other zero-width
   * characters, one for the rest. An estimate, as every terminal's own is, but it keeps tables
   * of names in other scripts aligned.
   */
  static int width(String text) {
    return text.codePoints().map(TerminalText::columns).sum();
  }

  private static int columns(int c) {
    int type = Character.getType(c);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
      return 0;
    }
    return WideCharacters.wide(c) ? 2 : 1;
  }
}
