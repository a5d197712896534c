package io.tenantseed.seed;

import io.tenantseed.graph.FixtureClock;
import io.tenantseed.graph.Ids;
import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Values for the NOT NULL columns without a default that a row leaves out: drawn from the
 * column's type and its simple CHECKs ({@link ColumnCheck}), deterministically from the
 * tenant id, the row's path and the column's name (never from the time or a random source),
 * so the same graph under the same tenant id gets the same values on every seed, and a value
 * of one row or column never depends on another. A UNIQUE column gets a value one to one
 * with the row's path (a uuid, or text holding one), or none. The tenant column of a table (and the
 * tenant table's own key) is given the tenant's id.
 *
 * <pre>
 * DrawnValues drawn = new DrawnValues(catalog, tenantId, FixtureClock.DEFAULT);
 * DrawnValues.Drawer status = drawn.drawer("assets", catalog.column("assets", "data_source"));
 * status.draw("engagement/cloud/asset/17");   // e.g. "data_source-3f9c02d1", or a label its CHECK allows
 * </pre>
 *
 * <p>What cannot be drawn (a foreign key other than the tenant's, a type not known here, a
 * CHECK not read here or met by no value) is a {@link Undrawable} naming why and how to set
 * the column instead. Immutable and thread-safe.
 */
final class DrawnValues {

  /** Draws the text of one column's value for the row at a path. */
  @FunctionalInterface
  interface Drawer {
    String draw(String path);
  }

  /** Why no value can be drawn for a column, and how a graph sets it instead. */
  static final class Undrawable extends Exception {
    private final String hint;

    Undrawable(String reason, String hint) {
      super(reason, null, false, false);
      this.hint = hint;
    }

    String hint() {
      return hint;
    }
  }

  /** Integers are drawn within this many values of a bound (or of 0), so they stay readable. */
  private static final long SPAN = 1_000;
  private static final Map<String, long[]> INTEGER_RANGES = Map.of(
      "int2", new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
      "int4", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
      "int8", new long[] {Long.MIN_VALUE / 2, Long.MAX_VALUE / 2});
  private static final Map<String, String> JSON_KINDS = Map.of(
      "object", "{}", "array", "[]", "string", "\"\"", "number", "0", "boolean", "false", "null", "null");

  private final SchemaCatalog catalog;
  private final UUID tenant;
  private final FixtureClock clock;

  DrawnValues(SchemaCatalog catalog, UUID tenant, FixtureClock clock) {
    this.catalog = catalog;
    this.tenant = tenant;
    this.clock = clock;
  }

  /** How values of {@code column} of {@code table} are drawn, or why they cannot be. */
  Drawer drawer(String table, Column column) throws Undrawable {
    String set = "set(\"" + column.name() + "\", value) on the builder of the row";
    if (catalog.isTenantTable(table) && column.name().equals(catalog.tenantColumn(table))) {
      String id = tenant.toString(); // the tenant's own key, or the column naming its tenant
      return path -> id;
    }
    for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
      if (key.table().equals(table) && key.columns().contains(column.name())) {
        throw new Undrawable("it references " + catalog.schema + "." + key.parent() + " (foreign key "
            + key.name() + "), and which row it should reference is the graph's to say",
            "r.ref(\"" + column.name() + "\", ...) on a generic row, or " + set);
      }
    }
    ColumnCheck check = ColumnCheck.read(column.name(), column.checks());
    if (check == null) {
      throw new Undrawable("a CHECK on it is not of a form a value can be drawn for ("
          + String.join(", ", column.checks()) + ")", set);
    }
    if (column.baseType().equals("uuid") && !column.array() && check.allowed() == null) {
      // Ids.drawn: the id a reference to a generic row without one resolves to (Ref.row)
      String name = column.name();
      return path -> Ids.drawn(tenant, path, name).toString();
    }
    if (catalog.unique(table, column.name())) {
      return oneToOne(column, check, set);
    }
    LongFunction<String> values = values(column, check);
    if (values == null) {
      throw new Undrawable("no value of type " + column.type() + " can be drawn", set);
    }
    boolean numeric = column.category() == 'N' && !column.array();
    // Try a few draws: an excluded value, a bound the type's step cannot meet exactly.
    for (long probe = 0; probe < 8; probe++) {
      String admitted = values.apply(probe);
      if (check.admits(admitted, numeric)) {
        return path -> {
          long random = random(path, column.name());
          for (long step = 0; step < 64; step++) {
            String text = values.apply(random + step);
            if (check.admits(text, numeric)) {
              return text;
            }
          }
          return admitted;
        };
      }
    }
    throw new Undrawable("no value of type " + column.type() + " meets its CHECKs ("
        + String.join(", ", column.checks()) + ")", set);
  }

  /**
   * Values of a UNIQUE column: one to one with the row's path, or none. A value drawn from a
   * window of a type (an integer among a thousand, a text's 8-character tag) could repeat
   * across rows and fail the constraint by chance; a text column that holds 36 characters
   * gets the whole of the row's {@link Ids#drawn drawn uuid} instead (its name before it where
   * the length allows), and any other type is the graph's to set.
   */
  private Drawer oneToOne(Column column, ColumnCheck check, String set) throws Undrawable {
    String name = column.name();
    int length = column.length();
    if (!column.array() && column.category() == 'S' && check.allowed() == null && (length < 0 || length >= 36)) {
      Drawer drawer = path -> {
        String id = Ids.drawn(tenant, path, name).toString();
        String named = name + "-" + id;
        return length < 0 || named.length() <= length ? named : id;
      };
      if (check.admits(drawer.draw(""), false)) {
        return drawer;
      }
    }
    throw new Undrawable("it is UNIQUE, and no value of type " + column.type() + " can be drawn one to one"
        + " with the row (only uuid, and text that holds 36 characters)", set);
  }

  /** The seed of the draws of one column of one row: the tenant, the row's path, the column. */
  private long random(String path, String column) {
    UUID id = Ids.drawn(tenant, path, column);
    // Mixed, as a UUID's version and variant bits are fixed; non-negative, so steps never wrap.
    long bits = id.getMostSignificantBits() ^ Long.rotateLeft(id.getLeastSignificantBits(), 29);
    bits = (bits ^ (bits >>> 33)) * 0xff51afd7ed558ccdL;
    bits = (bits ^ (bits >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (bits ^ (bits >>> 33)) >>> 1;
  }

  /** The values of {@code column}'s type a draw picks from, by a number; null for a type not known here. */
  private LongFunction<String> values(Column column, ColumnCheck check) {
    if (column.array()) {
      return random -> "{}";
    }
    if (check.allowed() != null) {
      List<String> allowed = new ArrayList<>(check.allowed());
      if (column.category() == 'E') {
        allowed.retainAll(column.enumLabels());
      }
      if (column.length() >= 0) {
        allowed.removeIf(value -> value.length() > column.length());
      }
      return allowed.isEmpty() ? null : random -> allowed.get((int) Math.floorMod(random, (long) allowed.size()));
    }
    if (column.category() == 'E') {
      List<String> labels = column.enumLabels();
      return labels.isEmpty() ? null : random -> labels.get((int) Math.floorMod(random, (long) labels.size()));
    }
    long[] range = INTEGER_RANGES.get(column.baseType());
    if (range != null) {
      return integers(range[0], range[1], check);
    }
    String name = column.name();
    return switch (column.baseType()) {
      case "numeric", "float4", "float8" -> decimals(column, check);
      case "bool" -> random -> (random & 1) == 0 ? "false" : "true";
      case "date" -> random -> clock.today().toString();
      case "timestamptz" -> random -> DateTimeFormatter.ISO_INSTANT.format(clock.now());
      case "timestamp" -> random -> LocalDateTime.ofInstant(clock.now(), ZoneOffset.UTC).toString();
      case "time" -> random -> LocalDateTime.ofInstant(clock.now(), ZoneOffset.UTC).toLocalTime().toString();
      case "timetz" -> random -> LocalDateTime.ofInstant(clock.now(), ZoneOffset.UTC).toLocalTime() + "+00";
      case "interval" -> random -> "0";
      case "json", "jsonb" -> {
        String json = JSON_KINDS.get(check.jsonKind() == null ? "object" : check.jsonKind());
        yield json == null ? null : random -> json;
      }
      case "inet" -> random -> "10." + (random >>> 16 & 255) + "." + (random >>> 8 & 255) + "." + (1 + (random & 127));
      case "bytea" -> random -> "\\x" + String.format("%016x", random);
      default -> column.category() == 'S' ? texts(name, column.length()) : null;
    };
  }

  /** Text: the column's name and a hex tag, or the tag alone where the length allows no more. */
  private static LongFunction<String> texts(String name, int length) {
    return random -> {
      String tag = String.format("%016x", random);
      String text = name + "-" + tag.substring(0, 8);
      return length < 0 || text.length() <= length ? text : tag.substring(0, Math.min(length, tag.length()));
    };
  }

  private static LongFunction<String> integers(long min, long max, ColumnCheck check) {
    long lower = min;
    long upper = max;
    if (check.lower() != null) {
      BigDecimal bound = check.lower().setScale(0, RoundingMode.CEILING);
      boolean exact = bound.compareTo(check.lower()) == 0;
      lower = Math.max(lower, clamp(bound) + (exact && !check.lowerInclusive() ? 1 : 0));
    }
    if (check.upper() != null) {
      BigDecimal bound = check.upper().setScale(0, RoundingMode.FLOOR);
      boolean exact = bound.compareTo(check.upper()) == 0;
      upper = Math.min(upper, clamp(bound) - (exact && !check.upperInclusive() ? 1 : 0));
    }
    if (lower > upper) {
      return null;
    }
    long[] window = window(lower, upper, check.lower() != null || check.upper() == null);
    return random -> Long.toString(window[0] + Math.floorMod(random, window[1]));
  }

  /** Decimals at the column's scale (2 where it has none), inside its precision and the CHECK's bounds. */
  private static LongFunction<String> decimals(Column column, ColumnCheck check) {
    int scale = column.scale() >= 0 ? column.scale() : 2;
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    long limit = column.precision() > 0 && column.precision() < 18
        ? BigDecimal.TEN.pow(column.precision()).longValue() - 1 : Long.MAX_VALUE / 2;
    long lower = -limit;
    long upper = limit;
    if (check.lower() != null) {
      BigDecimal scaled = check.lower().divide(unit).setScale(0, RoundingMode.CEILING);
      boolean exact = scaled.multiply(unit).compareTo(check.lower()) == 0;
      lower = Math.max(lower, clamp(scaled) + (exact && !check.lowerInclusive() ? 1 : 0));
    }
    if (check.upper() != null) {
      BigDecimal scaled = check.upper().divide(unit).setScale(0, RoundingMode.FLOOR);
      boolean exact = scaled.multiply(unit).compareTo(check.upper()) == 0;
      upper = Math.min(upper, clamp(scaled) - (exact && !check.upperInclusive() ? 1 : 0));
    }
    if (lower > upper) {
      return null;
    }
    long[] window = window(lower, upper, check.lower() != null || check.upper() == null);
    return random -> BigDecimal.valueOf(window[0] + Math.floorMod(random, window[1]), scale).toPlainString();
  }

  /**
   * {start, size} of at most {@link #SPAN} values of [lower, upper]: from the lower bound
   * when there is one (or no bound at all, then from 0), else up to the upper bound.
   */
  private static long[] window(long lower, long upper, boolean fromLower) {
    long start = fromLower ? Math.max(lower, Math.min(0, upper)) : Math.max(lower, upper - SPAN + 1);
    if (fromLower && lower > 0) {
      start = lower;
    }
    long size = Math.min(SPAN, upper - start + 1);
    return new long[] {start, Math.max(size, 1)};
  }

  private static long clamp(BigDecimal value) {
    BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE / 4);
    return value.max(max.negate()).min(max).longValueExact();
  }
}
