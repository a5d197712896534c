package io.tenantseed.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parser for the expressions of CHECK constraints as {@code pg_get_constraintdef} prints
 * them, into a small tree: enough to read the simple forms {@link ColumnCheck} knows, and to
 * refuse anything else (an {@link IllegalArgumentException}) rather than guess.
 *
 * <pre>
 * CheckExpression.parse("CHECK (((c &gt;= 1) AND (c &lt;= 10)))");
 * // And[parts=[Compare[&gt;=, Name[c], Literal[1]], Compare[&lt;=, Name[c], Literal[10]]]]
 * </pre>
 */
final class CheckExpression {

  sealed interface Node permits Name, Literal, Array, Call, Cast, Compare, Quantified, IsNull, And, Or {}

  record Name(String name) implements Node {}

  /** A string or number constant, its text unquoted. */
  record Literal(String text) implements Node {}

  record Array(List<Node> elements) implements Node {}

  record Call(String name, List<Node> arguments) implements Node {}

  record Cast(Node operand, String type) implements Node {}

  record Compare(String operator, Node left, Node right) implements Node {}

  /** {@code left op ANY (array)}, or {@code ALL}. */
  record Quantified(String operator, boolean all, Node left, Node array) implements Node {}

  record IsNull(Node operand, boolean not) implements Node {}

  record And(List<Node> parts) implements Node {}

  record Or(List<Node> branches) implements Node {}

  private static final List<String> OPERATORS = List.of("<>", ">=", "<=", "!=", "=", ">", "<");

  private final String text;
  private int at;

  private CheckExpression(String text) {
    this.text = text;
  }

  /** The expression of {@code definition} ({@code CHECK (...)}, optionally followed by {@code NOT VALID}). */
  static Node parse(String definition) {
    String body = definition.strip();
    if (body.endsWith("NOT VALID")) {
      body = body.substring(0, body.length() - "NOT VALID".length()).strip();
    }
    if (!body.startsWith("CHECK")) {
      throw new IllegalArgumentException("not a CHECK: " + definition);
    }
    CheckExpression parser = new CheckExpression(body.substring("CHECK".length()));
    Node node = parser.or();
    parser.skipSpace();
    if (parser.at != parser.text.length()) {
      throw new IllegalArgumentException("unexpected text at " + parser.at + ": " + definition);
    }
    return node;
  }

  private Node or() {
    List<Node> branches = new ArrayList<>(List.of(and()));
    while (keyword("OR")) {
      branches.add(and());
    }
    return branches.size() == 1 ? branches.get(0) : new Or(List.copyOf(branches));
  }

  private Node and() {
    List<Node> parts = new ArrayList<>(List.of(comparison()));
    while (keyword("AND")) {
      parts.add(comparison());
    }
    return parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
  }

  private Node comparison() {
    Node left = cast();
    if (keyword("IS")) {
      boolean not = keyword("NOT");
      if (!keyword("NULL")) {
        throw unexpected();
      }
      return new IsNull(left, not);
    }
    String operator = operator();
    if (operator == null) {
      return left;
    }
    boolean any = keyword("ANY");
    boolean all = !any && keyword("ALL");
    if (any || all) {
      expect('(');
      Node array = or();
      expect(')');
      return new Quantified(operator, all, left, array);
    }
    return new Compare(operator, left, cast());
  }

  private Node cast() {
    Node node = primary();
    while (skipSpace() && text.startsWith("::", at)) {
      at += 2;
      node = new Cast(node, typeName());
    }
    return node;
  }

  private Node primary() {
    skipSpace();
    if (at >= text.length()) {
      throw unexpected();
    }
    char c = text.charAt(at);
    if (c == '(') {
      at++;
      Node inner = or();
      expect(')');
      return inner;
    }
    if (c == '\'') {
      return new Literal(string());
    }
    if (c == '-' || Character.isDigit(c)) {
      int start = at++;
      while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
        at++;
      }
      return new Literal(text.substring(start, at));
    }
    String word = identifier();
    if (word.equalsIgnoreCase("ARRAY") && skipSpace() && text.startsWith("[", at)) {
      at++;
      List<Node> elements = new ArrayList<>();
      do {
        elements.add(cast());
      } while (accept(','));
      expect(']');
      return new Array(List.copyOf(elements));
    }
    if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
      return new Literal(word.toLowerCase(Locale.ROOT));
    }
    if (skipSpace() && text.startsWith("(", at)) {
      at++;
      List<Node> arguments = new ArrayList<>();
      if (!accept(')')) {
        do {
          arguments.add(or());
        } while (accept(','));
        expect(')');
      }
      return new Call(word, List.copyOf(arguments));
    }
    return new Name(word);
  }

  /** A type after {@code ::}: words ({@code character varying}), a schema, modifiers and {@code []}. */
  private String typeName() {
    StringBuilder type = new StringBuilder(identifier());
    while (true) {
      skipSpace();
      if (text.startsWith(".", at) || text.startsWith("[]", at)) {
        boolean dot = text.charAt(at) == '.';
        type.append(dot ? "." : "[]");
        at += dot ? 1 : 2;
        if (dot) {
          type.append(identifier());
        }
      } else if (text.startsWith("(", at) && Character.isDigit(peekAfterParen())) {
        int close = text.indexOf(')', at);
        type.append(text, at, close + 1);
        at = close + 1;
      } else if (at < text.length() && Character.isLetter(text.charAt(at)) && !startsKeyword()) {
        type.append(' ').append(identifier()); // character varying, timestamp with time zone
      } else {
        return type.toString();
      }
    }
  }

  private char peekAfterParen() {
    return at + 1 < text.length() ? text.charAt(at + 1) : ' ';
  }

  private boolean startsKeyword() {
    for (String keyword : List.of("AND", "OR", "IS", "NOT", "ANY", "ALL")) {
      int end = at + keyword.length();
      if (text.startsWith(keyword, at) && (end == text.length() || !isWordChar(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private String identifier() {
    skipSpace();
    if (at < text.length() && text.charAt(at) == '"') {
      StringBuilder name = new StringBuilder();
      at++;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          if (at < text.length() && text.charAt(at) == '"') {
            name.append('"');
            at++;
          } else {
            return name.toString();
          }
        } else {
          name.append(c);
        }
      }
      throw unexpected();
    }
    int start = at;
    while (at < text.length() && isWordChar(text.charAt(at))) {
      at++;
    }
    if (start == at) {
      throw unexpected();
    }
    return text.substring(start, at);
  }

  private String string() {
    StringBuilder value = new StringBuilder();
    at++;
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '\'') {
        if (at < text.length() && text.charAt(at) == '\'') {
          value.append('\'');
          at++;
        } else {
          return value.toString();
        }
      } else {
        value.append(c);
      }
    }
    throw unexpected();
  }

  private String operator() {
    skipSpace();
    for (String operator : OPERATORS) {
      if (text.startsWith(operator, at)) {
        at += operator.length();
        return operator.equals("!=") ? "<>" : operator;
      }
    }
    return null;
  }

  private boolean keyword(String keyword) {
    skipSpace();
    int end = at + keyword.length();
    if (text.startsWith(keyword, at) && (end == text.length() || !isWordChar(text.charAt(end)))) {
      at += keyword.length();
      return true;
    }
    return false;
  }

  private boolean accept(char c) {
    skipSpace();
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw unexpected();
    }
  }

  /** Skips white space; always true, to chain in conditions. */
  private boolean skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return true;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private IllegalArgumentException unexpected() {
    return new IllegalArgumentException("cannot read the check at " + at + ": " + text);
  }
}
