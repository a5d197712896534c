package io.tenantseed.migrate;

/** A lexical token of a migration, with the line it starts on. */
record Token(Kind kind, String text, int line) {

  enum Kind {
    /** An unquoted word, upper-cased: a keyword or an identifier. */
    WORD,
    /** A "quoted" identifier: never a keyword. */
    QUOTED_IDENTIFIER,
    /** A string literal. */
    STRING,
    /** Anything else: punctuation, numbers, operators. */
    SYMBOL,
    /** Past the end of a statement. */
    END
  }

  static final Token END = new Token(Kind.END, "", 0);

  /** True for the unquoted word {@code keyword} (upper case). */
  boolean is(String keyword) {
    return kind == Kind.WORD && text.equals(keyword);
  }

  /** True for anything that can name a column. */
  boolean isWord() {
    return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
  }
}
