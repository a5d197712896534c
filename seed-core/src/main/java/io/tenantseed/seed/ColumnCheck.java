package io.tenantseed.seed;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the simple CHECK constraints of one column ask of a value, read from their text as
 * {@code pg_get_constraintdef} prints it: a list of allowed values ({@code IN (...)}, printed
 * {@code col = ANY (ARRAY[...])}, or {@code col = v}), numeric bounds ({@code >=}, {@code >},
 * {@code <=}, {@code <}, and {@code BETWEEN}, printed as two of them), excluded values
 * ({@code <>}, {@code NOT IN}), the kind of a JSON value ({@code jsonb_typeof(col) = 'array'})
 * and non-blank text ({@code btrim(col) <> ''}), joined by AND, with {@code col IS NULL OR ...}
 * around them. A form it does not know makes the whole check unreadable ({@link #read} gives
 * null): a value drawn for it could break it.
 *
 * <pre>
 * ColumnCheck.read("status", List.of("CHECK ((status = ANY (ARRAY['new'::text, 'done'::text])))")).allowed();
 * // [new, done]
 * </pre>
 */
final class ColumnCheck {

  /** The allowed values (literal text, unquoted), or null for any. */
  private List<String> allowed;
  private final Set<String> excluded = new LinkedHashSet<>();
  private BigDecimal lower;
  private boolean lowerInclusive;
  private BigDecimal upper;
  private boolean upperInclusive;
  private String jsonKind;
  private boolean notBlank;
  /** Whether a comparison of a non-numeric literal with the column asks for an order (a date bound): not drawn. */
  private boolean orderedText;

  private ColumnCheck() {}

  /** What the {@code checks} of {@code column} ask together, or null if one of them is of a form not known here. */
  static ColumnCheck read(String column, List<String> checks) {
    ColumnCheck want = new ColumnCheck();
    for (String check : checks) {
      CheckExpression.Node node;
      try {
        node = CheckExpression.parse(check);
      } catch (IllegalArgumentException unreadable) {
        return null;
      }
      if (!want.add(column, node)) {
        return null;
      }
    }
    return want.orderedText ? null : want;
  }

  List<String> allowed() {
    return allowed;
  }

  String jsonKind() {
    return jsonKind;
  }

  BigDecimal lower() {
    return lower;
  }

  BigDecimal upper() {
    return upper;
  }

  /** Whether {@code text} (a drawn value, in PostgreSQL's text form) is allowed; {@code numeric} compares as numbers. */
  boolean admits(String text, boolean numeric) {
    if (allowed != null && !contains(allowed, text, numeric) || contains(excluded, text, numeric)) {
      return false;
    }
    if (notBlank && text.isBlank()) {
      return false;
    }
    if (numeric && (lower != null || upper != null)) {
      BigDecimal value = new BigDecimal(text);
      if (lower != null && (lowerInclusive ? value.compareTo(lower) < 0 : value.compareTo(lower) <= 0)) {
        return false;
      }
      if (upper != null && (upperInclusive ? value.compareTo(upper) > 0 : value.compareTo(upper) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** Whether some finite bound is exclusive (the drawer must step inside it). */
  boolean lowerInclusive() {
    return lowerInclusive;
  }

  boolean upperInclusive() {
    return upperInclusive;
  }

  private static boolean contains(java.util.Collection<String> values, String text, boolean numeric) {
    for (String value : values) {
      if (numeric ? sameNumber(value, text) : value.equals(text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameNumber(String a, String b) {
    try {
      return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
    } catch (NumberFormatException e) {
      return a.equalsIgnoreCase(b);
    }
  }

  /**
   * Adds what {@code node} asks (true), or says it cannot be read (false). Of an OR, the
   * branches that only allow NULL are dropped (a drawn value is never null); one branch must
   * be left, which is then read as if it stood alone.
   */
  private boolean add(String column, CheckExpression.Node node) {
    if (node instanceof CheckExpression.Or or) {
      List<CheckExpression.Node> rest = new ArrayList<>();
      for (CheckExpression.Node branch : or.branches()) {
        if (!(branch instanceof CheckExpression.IsNull isNull && !isNull.not() && isColumn(column, isNull.operand()))) {
          rest.add(branch);
        }
      }
      return rest.size() == 1 && add(column, rest.get(0));
    }
    if (node instanceof CheckExpression.And and) {
      return and.parts().stream().allMatch(part -> add(column, part));
    }
    if (node instanceof CheckExpression.IsNull isNull) {
      return isNull.not() && isColumn(column, isNull.operand());
    }
    if (node instanceof CheckExpression.Quantified quantified) {
      return addQuantified(column, quantified);
    }
    if (node instanceof CheckExpression.Compare compare) {
      return addComparison(column, compare);
    }
    return false;
  }

  private boolean addQuantified(String column, CheckExpression.Quantified node) {
    if (!isColumn(column, node.left()) || !(strip(node.array()) instanceof CheckExpression.Array array)) {
      return false;
    }
    List<String> values = new ArrayList<>();
    for (CheckExpression.Node element : array.elements()) {
      if (!(strip(element) instanceof CheckExpression.Literal literal)) {
        return false;
      }
      values.add(literal.text());
    }
    if (node.operator().equals("=") && !node.all()) {
      restrictTo(values);
      return true;
    }
    if (node.operator().equals("<>") && node.all()) {
      excluded.addAll(values);
      return true;
    }
    return false;
  }

  private boolean addComparison(String column, CheckExpression.Compare node) {
    String operator = node.operator();
    CheckExpression.Node left = node.left();
    CheckExpression.Node right = node.right();
    if (!isColumn(column, left) && isColumn(column, right)) { // 5 <= col
      CheckExpression.Node swap = left;
      left = right;
      right = swap;
      operator = switch (operator) {
        case ">" -> "<";
        case ">=" -> "<=";
        case "<" -> ">";
        case "<=" -> ">=";
        default -> operator;
      };
    }
    if (strip(left) instanceof CheckExpression.Call call && call.arguments().size() == 1
        && isColumn(column, call.arguments().get(0)) && strip(right) instanceof CheckExpression.Literal literal) {
      String function = call.name().toLowerCase(Locale.ROOT);
      if ((function.equals("jsonb_typeof") || function.equals("json_typeof")) && operator.equals("=")) {
        jsonKind = literal.text();
        return true;
      }
      if ((function.equals("btrim") || function.equals("trim")) && operator.equals("<>") && literal.text().isEmpty()) {
        notBlank = true;
        return true;
      }
      return false;
    }
    if (!isColumn(column, left) || !(strip(right) instanceof CheckExpression.Literal literal)) {
      return false;
    }
    String value = literal.text();
    switch (operator) {
      case "=" -> restrictTo(List.of(value));
      case "<>" -> excluded.add(value);
      case ">=", ">", "<=", "<" -> {
        BigDecimal bound;
        try {
          bound = new BigDecimal(value);
        } catch (NumberFormatException notANumber) {
          orderedText = true; // a date or text bound: not drawn here
          return true;
        }
        if (operator.startsWith(">")) {
          if (lower == null || bound.compareTo(lower) > 0 || bound.compareTo(lower) == 0 && operator.equals(">")) {
            lower = bound;
            lowerInclusive = operator.equals(">=");
          }
        } else if (upper == null || bound.compareTo(upper) < 0 || bound.compareTo(upper) == 0 && operator.equals("<")) {
          upper = bound;
          upperInclusive = operator.equals("<=");
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void restrictTo(List<String> values) {
    if (allowed == null) {
      allowed = new ArrayList<>(values);
    } else {
      allowed.retainAll(values);
    }
  }

  /** Whether {@code node} is the column itself, possibly cast ({@code (status)::text}). */
  private static boolean isColumn(String column, CheckExpression.Node node) {
    return strip(node) instanceof CheckExpression.Name name && name.name().equals(column);
  }

  /** The node without its casts: a cast changes how a value is compared, never which values pass here. */
  private static CheckExpression.Node strip(CheckExpression.Node node) {
    CheckExpression.Node current = node;
    while (current instanceof CheckExpression.Cast cast) {
      current = cast.operand();
    }
    return current;
  }
}
