package io.tenantseed.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits PostgreSQL SQL into statements of tokens, enough for the lint's rules: comments
 * (nested block comments too) vanish, string literals and quoted identifiers become single
 * tokens that never match a keyword, and {@code ;} ends a statement. A dollar-quoted body
 * is code when it follows {@code DO} or {@code AS} (a DO block or a function body): it is
 * split into statements of its own, read on their own so that a quote inside cannot run past
 * the closing tag. Any other dollar-quoted text is a string literal.
 */
final class SqlTokens {

  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");

  private SqlTokens() {}

  static List<List<Token>> statements(String sql) {
    List<List<Token>> statements = new ArrayList<>();
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
            statements.add(current);
            current = new ArrayList<>();
          }
          for (List<Token> inner : statements(body)) {
            List<Token> shifted = new ArrayList<>(inner.size());
            for (Token token : inner) {
              shifted.add(new Token(token.kind(), token.text(), token.line() + line - 1));
            }
            statements.add(shifted);
          }
        } else {
          current.add(new Token(Token.Kind.STRING, tag + body + tag, line));
        }
        line += (int) body.chars().filter(ch -> ch == '\n').count();
        i = close < 0 ? n : close + tag.length();
      } else if (c == ';') {
        if (!current.isEmpty()) {
          statements.add(current);
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
      statements.add(current);
    }
    return statements;
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
