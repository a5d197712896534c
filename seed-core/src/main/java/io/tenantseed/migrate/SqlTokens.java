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
 * <p>A body is read as PL/pgSQL blocks: its control words ({@code BEGIN}, {@code DECLARE},
 * {@code IF ... THEN}, {@code ELSIF}, {@code ELSE}, {@code CASE}, {@code WHEN ... THEN},
 * loops, {@code EXCEPTION}, {@code END ...}) are taken off the statements they lead, so that
 * each statement holds its SQL only. A statement is <em>guarded</em> when the block makes it
 * safe to run twice: it sits in the {@code THEN} branch of an {@code IF} or {@code ELSIF}
 * whose condition checks existence ({@code EXISTS}, {@code NOT EXISTS}, {@code FOUND}), or
 * in the {@code BEGIN} part of a block whose {@code EXCEPTION} handlers catch
 * {@code duplicate_object} (or another {@code duplicate_*}, {@code unique_violation} or
 * {@code others}, by name or SQLSTATE), at any depth. The {@code ELSE} branch, a condition
 * without such a check, a {@code CASE} branch, a handler's own statements and the statements
 * after {@code END IF} are not guarded. The lint leaves guarded statements' re-run rules alone.
 *
 * <pre>
 * DO $$ BEGIN
 *   IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies WHERE policyname = 'a') THEN
 *     CREATE POLICY a ON t USING (true);   -- guarded
 *   END IF;
 *   CREATE POLICY b ON t USING (true);     -- not guarded: reported
 * END $$;
 * </pre>
 */
final class SqlTokens {

  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");
  /** The handlers that make a block's CREATE safe to repeat: the object exists already. */
  private static final Set<String> DUPLICATE_CONDITIONS = Set.of("DUPLICATE_OBJECT",
      "DUPLICATE_TABLE", "DUPLICATE_SCHEMA", "DUPLICATE_FUNCTION", "DUPLICATE_COLUMN", "UNIQUE_VIOLATION", "OTHERS");
  /** The same conditions as SQLSTATE codes, quoted as they appear in {@code WHEN SQLSTATE '42710'}. */
  private static final Set<String> DUPLICATE_SQLSTATES =
      Set.of("'42710'", "'42P07'", "'42P06'", "'42723'", "'42701'", "'23505'");

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
    List<Statement> statements = new ArrayList<>();
    for (Piece piece : pieces(sql)) {
      if (piece.body() == null) {
        statements.add(new Statement(piece.tokens(), false));
      } else {
        statements.addAll(piece.body());
      }
    }
    return statements;
  }

  /**
   * A run of tokens up to a {@code ;} (or up to a code body), or a code body already split into
   * its statements ({@code tokens} empty).
   */
  private record Piece(List<Token> tokens, List<Statement> body) {}

  /** The statements of a DO block's or function's body, each marked guarded or not. */
  private static List<Statement> codeBody(String sql) {
    return Blocks.statements(pieces(sql));
  }

  private static List<Piece> pieces(String sql) {
    List<Piece> statements = new ArrayList<>();
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
            statements.add(new Piece(current, null));
            current = new ArrayList<>();
          }
          List<Statement> inner = new ArrayList<>();
          for (Statement statement : codeBody(body)) {
            List<Token> shifted = new ArrayList<>(statement.tokens().size());
            for (Token token : statement.tokens()) {
              shifted.add(new Token(token.kind(), token.text(), token.line() + line - 1));
            }
            inner.add(new Statement(shifted, statement.guarded()));
          }
          statements.add(new Piece(List.of(), inner));
        } else {
          current.add(new Token(Token.Kind.STRING, tag + body + tag, line));
        }
        line += (int) body.chars().filter(ch -> ch == '\n').count();
        i = close < 0 ? n : close + tag.length();
      } else if (c == ';') {
        if (!current.isEmpty()) {
          statements.add(new Piece(current, null));
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
      statements.add(new Piece(current, null));
    }
    return statements;
  }

  /**
   * Reads the pieces of a PL/pgSQL body: takes the control words off the front of each
   * statement, keeps the frames (blocks, handlers, IF branches, CASE, loops) it sits in, and
   * marks it guarded once the whole body is read (a block's handlers follow its statements).
   */
  private static final class Blocks {

    private enum Kind { BLOCK, HANDLER, IF, ELSE, CASE, LOOP }

    /** One frame; {@code guards} may turn true later, for a block when its handlers are read. */
    private static final class Frame {
      final Kind kind;
      final Frame block;
      boolean guards;

      Frame(Kind kind, boolean guards, Frame block) {
        this.kind = kind;
        this.guards = guards;
        this.block = block;
      }
    }

    private record Pending(List<Token> tokens, List<Frame> frames, boolean guarded) {}

    private final List<Frame> stack = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();

    static List<Statement> statements(List<Piece> pieces) {
      Blocks blocks = new Blocks();
      for (Piece piece : pieces) {
        if (piece.body() == null) {
          blocks.read(piece.tokens());
        } else {
          for (Statement statement : piece.body()) {
            blocks.pending.add(new Pending(statement.tokens(), List.copyOf(blocks.stack), statement.guarded()));
          }
        }
      }
      List<Statement> statements = new ArrayList<>(blocks.pending.size());
      for (Pending statement : blocks.pending) {
        boolean guarded = statement.guarded() || statement.frames().stream().anyMatch(frame -> frame.guards);
        statements.add(new Statement(statement.tokens(), guarded));
      }
      return statements;
    }

    /** One run of tokens up to a {@code ;}: control words first, then (perhaps) a statement. */
    private void read(List<Token> tokens) {
      int n = tokens.size();
      int p = 0;
      while (p < n) {
        Token token = tokens.get(p);
        if (label(tokens, p)) {
          p += 5;
        } else if (token.is("DECLARE")) {
          p++;
        } else if (token.is("BEGIN")) {
          stack.add(new Frame(Kind.BLOCK, false, null));
          p++;
        } else if (token.is("IF") || token.is("ELSIF") || token.is("ELSEIF")) {
          int then = find(tokens, p + 1, "THEN");
          if (!token.is("IF") && (top(Kind.IF) || top(Kind.ELSE))) {
            stack.remove(stack.size() - 1);
          }
          stack.add(new Frame(Kind.IF, checksExistence(tokens, p + 1, then), null));
          p = then + 1;
        } else if (token.is("ELSE")) {
          if (top(Kind.IF)) {
            stack.set(stack.size() - 1, new Frame(Kind.ELSE, false, null));
          }
          p++;
        } else if (token.is("CASE")) {
          stack.add(new Frame(Kind.CASE, false, null));
          p = find(tokens, p + 1, "WHEN");
        } else if (token.is("WHEN")) {
          int then = find(tokens, p + 1, "THEN");
          if (top(Kind.HANDLER) && catchesDuplicates(tokens, p + 1, then)) {
            stack.get(stack.size() - 1).block.guards = true;
          }
          p = then + 1;
        } else if (token.is("EXCEPTION")) {
          if (top(Kind.BLOCK)) {
            Frame block = stack.remove(stack.size() - 1);
            stack.add(new Frame(Kind.HANDLER, false, block));
          }
          p++;
        } else if (token.is("LOOP") || token.is("WHILE") || token.is("FOR") || token.is("FOREACH")) {
          p = token.is("LOOP") ? p + 1 : find(tokens, p + 1, "LOOP") + 1;
          stack.add(new Frame(Kind.LOOP, false, null));
        } else if (token.is("END")) {
          Token next = p + 1 < n ? tokens.get(p + 1) : Token.END;
          if (next.is("IF")) {
            close(Kind.IF, Kind.ELSE);
          } else if (next.is("LOOP")) {
            close(Kind.LOOP, Kind.LOOP);
          } else if (next.is("CASE")) {
            close(Kind.CASE, Kind.CASE);
          } else {
            close(Kind.BLOCK, Kind.HANDLER);
          }
          p += next.isWord() ? 2 : 1;
        } else {
          break;
        }
      }
      if (p < n) {
        pending.add(new Pending(tokens.subList(p, n), List.copyOf(stack), false));
      }
    }

    private boolean top(Kind kind) {
      return !stack.isEmpty() && stack.get(stack.size() - 1).kind == kind;
    }

    /** Pops the frames up to and with the innermost of kind {@code a} or {@code b}, if any. */
    private void close(Kind a, Kind b) {
      for (int i = stack.size() - 1; i >= 0; i--) {
        if (stack.get(i).kind == a || stack.get(i).kind == b) {
          stack.subList(i, stack.size()).clear();
          return;
        }
      }
    }

    /** {@code <<label>>} at {@code p}. */
    private static boolean label(List<Token> tokens, int p) {
      return p + 4 < tokens.size() && symbol(tokens.get(p), "<") && symbol(tokens.get(p + 1), "<")
          && tokens.get(p + 2).isWord() && symbol(tokens.get(p + 3), ">") && symbol(tokens.get(p + 4), ">");
    }

    private static boolean symbol(Token token, String text) {
      return token.kind() == Token.Kind.SYMBOL && token.text().equals(text);
    }

    /** The index of {@code word} from {@code from}, outside parentheses and CASE ... END; else the end. */
    private static int find(List<Token> tokens, int from, String word) {
      int parens = 0;
      int cases = 0;
      for (int i = from; i < tokens.size(); i++) {
        Token token = tokens.get(i);
        if (symbol(token, "(")) {
          parens++;
        } else if (symbol(token, ")")) {
          parens--;
        } else if (token.is("CASE")) {
          cases++;
        } else if (token.is("END") && cases > 0) {
          cases--;
        } else if (token.is(word) && parens <= 0 && cases == 0) {
          return i;
        }
      }
      return tokens.size();
    }

    /** Whether an IF condition checks existence: EXISTS, NOT EXISTS, FOUND, NOT FOUND. */
    private static boolean checksExistence(List<Token> tokens, int from, int to) {
      for (int i = from; i < to; i++) {
        if (tokens.get(i).is("EXISTS") || tokens.get(i).is("FOUND")) {
          return true;
        }
      }
      return false;
    }

    /** Whether a handler's conditions catch "the object exists already". */
    private static boolean catchesDuplicates(List<Token> tokens, int from, int to) {
      for (int i = from; i < to; i++) {
        Token token = tokens.get(i);
        if (token.kind() == Token.Kind.WORD && DUPLICATE_CONDITIONS.contains(token.text())) {
          return true;
        }
        if (token.kind() == Token.Kind.STRING && i > from && tokens.get(i - 1).is("SQLSTATE")
            && DUPLICATE_SQLSTATES.contains(token.text().toUpperCase(Locale.ROOT))) {
          return true;
        }
      }
      return false;
    }
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
