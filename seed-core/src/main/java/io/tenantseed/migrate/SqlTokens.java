package io.tenantseed.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits PostgreSQL SQL into statements of tokens, enough for the lint's rules: comments
 * (nested block comments too) vanish, string literals and quoted identifiers become single
 * tokens that never match a keyword, and {@code ;} ends a statement. A dollar-quoted body
 * is code when it follows {@code DO} or {@code AS} (a DO block or a function body): it is
 * split into statements of its own, read on their own so that a quote inside cannot run past
 * the closing tag. Any other dollar-quoted text is a string literal.
 *
 * <p>The statements of such a body are <em>guarded</em> when the body checks for existence
 * first: a PL/pgSQL {@code IF ... EXISTS ... THEN} or {@code IF ... FOUND THEN}, or an
 * {@code EXCEPTION WHEN duplicate_object} (or another {@code duplicate_*},
 * {@code unique_violation} or {@code others}) handler. The lint leaves guarded statements'
 * re-run rules alone: the block itself makes them safe to run twice.
 */
final class SqlTokens {

  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");
  /** The handlers that make a block's CREATE safe to repeat: the object exists already. */
  private static final Set<String> DUPLICATE_CONDITIONS = Set.of("DUPLICATE_OBJECT",
      "DUPLICATE_TABLE", "DUPLICATE_SCHEMA", "DUPLICATE_FUNCTION", "DUPLICATE_COLUMN", "UNIQUE_VIOLATION", "OTHERS");

  /**
   * One statement's tokens.
   *
   * @param tokens the tokens, in order
   * @param guarded whether it runs inside a block that checks for existence first
   */
  record Statement(List<Token> tokens, boolean guarded) {}

  private SqlTokens() {}

  /** The statements of {@code sql}, with the bodies of DO blocks and functions split out. */
  static List<Statement> statements(String sql) {
    return statements(sql, false);
  }

  private static List<Statement> statements(String sql, boolean guarded) {
    List<Statement> statements = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    Matcher dollar = DOLLAR_TAG.matcher(sql);
    int n = sql.length();
    int line = 1;
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && next == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && next == '*') {
        int depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            if (sql.charAt(i) == '\n') {
              line++;
            }
            i++;
          }
        }
      } else if (c == '\'' || c == '"') {
        boolean escapes = c == '\'' && escapePrefix(current, sql, i);
        if (escapes) {
          current.remove(current.size() - 1);
        }
        int startLine = line;
        int start = i;
        i++;
        while (i < n) {
          char ch = sql.charAt(i);
          if (ch == '\n') {
            line++;
          }
          if (escapes && ch == '\\') {
            i += 2;
            continue;
          }
          if (ch == c) {
            if (i + 1 < n && sql.charAt(i + 1) == c) {
              i += 2;
              continue;
            }
            i++;
            break;
          }
          i++;
        }
        Token.Kind kind = c == '\'' ? Token.Kind.STRING : Token.Kind.QUOTED_IDENTIFIER;
        current.add(new Token(kind, sql.substring(start, Math.min(i, n)), startLine));
      } else if (c == '$' && dollar.find(i) && dollar.start() == i) {
        String tag = dollar.group();
        int bodyStart = dollar.end();
        int close = sql.indexOf(tag, bodyStart);
        int bodyEnd = close < 0 ? n : close;
        String body = sql.substring(bodyStart, bodyEnd);
        Token before = current.isEmpty() ? Token.END : current.get(current.size() - 1);
        if (before.is("DO") || before.is("AS")) {
          if (!current.isEmpty()) {
            statements.add(new Statement(current, guarded));
            current = new ArrayList<>();
          }
          List<Statement> inner = statements(body, false);
          boolean checked = guarded || checksExistence(inner);
          for (Statement statement : inner) {
            List<Token> shifted = new ArrayList<>(statement.tokens().size());
            for (Token token : statement.tokens()) {
              shifted.add(new Token(token.kind(), token.text(), token.line() + line - 1));
            }
            statements.add(new Statement(shifted, checked || statement.guarded()));
          }
        } else {
          current.add(new Token(Token.Kind.STRING, tag + body + tag, line));
        }
        line += (int) body.chars().filter(ch -> ch == '\n').count();
        i = close < 0 ? n : close + tag.length();
      } else if (c == ';') {
        if (!current.isEmpty()) {
          statements.add(new Statement(current, guarded));
          current = new ArrayList<>();
        }
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        current.add(new Token(Token.Kind.WORD, sql.substring(start, i).toUpperCase(Locale.ROOT), line));
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        current.add(new Token(Token.Kind.SYMBOL, sql.substring(start, i), line));
      } else {
        current.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), line));
        i++;
      }
    }
    if (!current.isEmpty()) {
      statements.add(new Statement(current, guarded));
    }
    return statements;
  }

  /** Whether a block body checks for existence: IF ... EXISTS/FOUND ... THEN, or a duplicate handler. */
  private static boolean checksExistence(List<Statement> body) {
    for (Statement statement : body) {
      List<Token> tokens = statement.tokens();
      int condition = -1;
      for (int i = 0; i < tokens.size(); i++) {
        Token token = tokens.get(i);
        if (token.is("IF") && !(i > 0 && tokens.get(i - 1).is("END"))) {
          condition = i;
        } else if (token.is("THEN") && condition >= 0) {
          for (int j = condition + 1; j < i; j++) {
            if (tokens.get(j).is("EXISTS") || tokens.get(j).is("FOUND")) {
              return true;
            }
          }
          condition = -1;
        } else if (token.is("EXCEPTION") && i + 2 < tokens.size() && tokens.get(i + 1).is("WHEN")
            && DUPLICATE_CONDITIONS.contains(tokens.get(i + 2).text())) {
          return true;
        }
      }
    }
    return false;
  }

  /** E'...' strings take backslash escapes: the E must touch the quote. */
  private static boolean escapePrefix(List<Token> current, String sql, int quote) {
    if (current.isEmpty() || quote == 0) {
      return false;
    }
    Token last = current.get(current.size() - 1);
    char before = sql.charAt(quote - 1);
    return last.is("E") && (before == 'e' || before == 'E');
  }
}
