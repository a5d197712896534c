package io.tenantseed.cli;

import java.util.Arrays;

/**
 * Which characters a terminal draws two columns wide: those whose East Asian Width is Wide or
 * Fullwidth in Unicode's {@code EastAsianWidth.txt} (version 14), as {@code wcwidth} and the
 * terminals that follow it count them. Scripts of East Asia are whole blocks; emoji are
 * scattered among symbols of one column (⌛ U+231B and ⚡ U+26A1 are wide, ☀ U+2600 beside
 * them is not; 🀄 U+1F004 is, 🀅 U+1F005 is not), so they are listed range by range, as the
 * file lists them. A character a later Unicode version adds counts one column until the
 * table is brought up to date.
 *
 * <pre>
 * WideCharacters.wide('日');      // true
 * WideCharacters.wide(0x26a1);    // true: ⚡
 * WideCharacters.wide(0x2600);    // false: ☀ (drawn wide only with an emoji selector after it)
 * </pre>
 */
final class WideCharacters {

  /** East Asian scripts and forms, in pairs of first and last code point, in order. */
  private static final int[] SCRIPTS = {
      0x1100, 0x115f, // Hangul Jamo (leading consonants)
      0x2e80, 0x303e, // CJK and Kangxi radicals, ideographic description, CJK symbols and punctuation
      0x3041, 0x33ff, // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, compatibility
      0x3400, 0x4dbf, // CJK extension A
      0x4e00, 0xa4cf, // CJK unified ideographs, Yi
      0xa960, 0xa97f, // Hangul Jamo extended A
      0xac00, 0xd7a3, // Hangul syllables
      0xf900, 0xfaff, // CJK compatibility ideographs
      0xfe10, 0xfe19, // vertical forms
      0xfe30, 0xfe6f, // CJK compatibility forms, small form variants
      0xff00, 0xff60, // fullwidth forms
      0xffe0, 0xffe6, // fullwidth signs
      0x16fe0, 0x18cff, // ideographic symbols, Tangut, Khitan
      0x18d00, 0x18d08, // Tangut supplement
      0x1aff0, 0x1b2ff, // Kana extended and supplement, Nushu
      0x20000, 0x3fffd, // CJK extensions B and later, compatibility supplement
  };

  /** Emoji and symbols of East Asian Width Wide, in pairs of first and last code point, in order. */
  private static final int[] EMOJI = {
      // Miscellaneous technical, geometric shapes, miscellaneous symbols, dingbats, arrows
      0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe,
      0x2614, 0x2615, 0x2648, 0x2653, 0x267f, 0x267f, 0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab,
      0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3,
      0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728,
      0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0,
      0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55,
      // Mahjong and playing cards, enclosed alphanumerics and ideographs, pictographs, emoticons,
      // transport, geometric shapes extended, supplemental symbols and pictographs
      0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a, 0x1f200, 0x1f202, 0x1f210, 0x1f23b,
      0x1f240, 0x1f248, 0x1f250, 0x1f251, 0x1f260, 0x1f265, 0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c,
      0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e,
      0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a,
      0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2,
      0x1f6d5, 0x1f6d7, 0x1f6dd, 0x1f6df, 0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0,
      0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1fa74, 0x1fa78, 0x1fa7c, 0x1fa80, 0x1fa86,
      0x1fa90, 0x1faac, 0x1fab0, 0x1faba, 0x1fac0, 0x1fac5, 0x1fad0, 0x1fad9, 0x1fae0, 0x1fae7, 0x1faf0, 0x1faf6,
  };

  private WideCharacters() {}

  /** Whether code point {@code c} takes two columns. */
  static boolean wide(int c) {
    return within(SCRIPTS, c) || within(EMOJI, c);
  }

  /** Whether {@code c} lies in one of {@code ranges} (first, last, first, last, ..., in order). */
  private static boolean within(int[] ranges, int c) {
    int at = Arrays.binarySearch(ranges, c);
    // Found: c is a bound. Not found: the insertion point is odd exactly when c lies inside a range.
    return at >= 0 || (-at - 1) % 2 == 1;
  }
}
