package io.tenantseed.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jooq.JSON;
import org.jooq.JSONB;

/**
 * One tenant's rows under another tenant id, so that a clone lives beside its original: what
 * {@code seed load --file F --tenant-id B} and {@code seed clone --tenant A --to B} seed.
 *
 * <ul>
 *   <li><b>Ids.</b> Every uuid of the tenant's rows is remapped: the tenant id {@code from}
 *       becomes {@code to}, every other uuid {@code u} the version-5 UUID of {@code to} and
 *       {@code u} ({@link #idOf}). That covers every uuid column of the catalog (a uuid
 *       array's elements too) but those whose foreign key points outside the tenant's tables,
 *       and every JSON string and JSON member name that is a uuid, so the asset ids of an
 *       assessment flow's groups follow their assets. The same original and the same new id
 *       always give the same rows, and references follow, since both ends map alike.
 *   <li><b>Values unique across tenants.</b> A text column that a single-column unique
 *       constraint or primary key makes unique (the slug) gets {@code -<to>} appended, or its
 *       {@code -<from>} replaced, and so does a column of a foreign key whose parent column at
 *       the same position is such a column (a single-column key, or a tenant-safe
 *       {@code (client_account_id, code)} one), so that the reference follows; every email, an
 *       {@code email} or {@code *_email} column of any table, gets the tag {@code +<to>} before
 *       its {@code @}, or its {@code +<from>} replaced. Where that does not fit a varchar's
 *       length (a foreign key's: its parent's), the original part is cut and ends with
 *       {@code -} (or {@code +}) and 12 hex digits of the v5 UUID of {@code to} and the whole
 *       original value instead, so that values differing after the cut stay apart and a
 *       reference keeps its parent's value. (A unique index that is not a constraint, or a
 *       unique constraint over several text columns, is not seen: a value unique that way is
 *       copied as it is, and the seed of the clone refuses it.)
 *   <li><b>Drawn ids.</b> A NOT NULL uuid column without a default that a row of a builder's
 *       graph leaves out, which the writer would draw from the row's path ({@link Ids#drawn}),
 *       is set to the original's drawn id, mapped, so that references to the row follow too.
 *       Other drawn values are drawn again for the clone. An export sets every column, so the
 *       clone of an export is exactly the original's rows, mapped.
 * </ul>
 *
 * <p>Uuids in text columns other than JSON are kept. A uuid in JSON is remapped even where it
 * points outside the tenant (a {@code {"region": "<id>"}} beside a kept {@code region_id}):
 * the clone maps row by row, streaming, and cannot tell such a JSON id from a tenant's, so
 * the JSON's copy then names an id that exists nowhere. The clone's rows keep their paths and
 * the graph's clock.
 *
 * <pre>
 * TenantClone clone = TenantClone.of(techcorpId, newId, SchemaCatalog.of(connection, "migration"));
 * TenantGraph copy = clone.apply(graph);      // graph's rows, remapped, under newId
 * UUID engagement = clone.idOf(originalEngagementId);
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TenantClone {

  private final UUID from;
  private final UUID to;
  private final SchemaCatalog catalog;
  /** Per table, what to do with each column by name; computed on first use. */
  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  /**
   * BY_TYPE: a column the catalog does not describe, where a uuid (or a string that is one) is
   * an id and a JSON value JSON.
   */
  private enum Kind { ID, JSON, UNIQUE_TEXT, EMAIL, KEEP, BY_TYPE }

  /**
   * What to do with a column: its kind, and the length a value that gets a suffix keeps within
   * (else -1): a varchar's own, or for a text foreign key its unique parent column's.
   */
  private record Treatment(Kind kind, int length) {
    static final Treatment BY_TYPE = new Treatment(Kind.BY_TYPE, -1);
  }

  /**
   * One table's treatments by column name, and the uuid columns the writer would draw for a
   * row that leaves them out ({@link Ids#drawn}): a clone sets them to the original's drawn id,
   * mapped, so that a reference resolved to that id ({@link Ref#row}) still finds its row.
   */
  private record Shape(Map<String, Treatment> columns, List<String> drawnIds) {}

  private TenantClone(UUID from, UUID to, SchemaCatalog catalog) {
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
    this.catalog = catalog;
  }

  /**
   * The clone of tenant {@code from} as tenant {@code to}, its columns told apart by
   * {@code catalog}, the catalog of the database the clone is seeded into (null: a uuid value
   * counts as an id and a JSON value as JSON wherever they are, and no value is made unique).
   */
  public static TenantClone of(UUID from, UUID to, SchemaCatalog catalog) {
    return new TenantClone(from, to, catalog);
  }

  /** The original tenant's id. */
  public UUID from() {
    return from;
  }

  /** The clone's tenant id. */
  public UUID to() {
    return to;
  }

  /** The id {@code original} has in the clone: {@link #to()} for the tenant itself, else a v5 UUID of {@code to} and it. */
  public UUID idOf(UUID original) {
    return idOf(from, to, original);
  }

  /** {@link #idOf(UUID)} of the clone of {@code from} as {@code to}. */
  public static UUID idOf(UUID from, UUID to, UUID original) {
    Objects.requireNonNull(original, "original");
    return original.equals(from) ? to : Ids.derive(to, "clone/" + original);
  }

  /**
   * The ids of {@code originals} in the clone, keyed by their clone id: the way back from a
   * clone's rows to the original's, for ids known to be in the original.
   */
  public Map<UUID, UUID> originalsOf(Iterable<UUID> originals) {
    Map<UUID, UUID> back = new HashMap<>();
    for (UUID original : originals) {
      back.put(idOf(original), original);
    }
    return back;
  }

  /**
   * Every row of {@code graph} (tenant {@link #from()}) remapped, as tenant {@link #to()}.
   * Tables held on the heap are mapped once; a table read again from its file or generated
   * on demand is mapped as it is read, so a large tenant stays off the heap. The clone keeps
   * the graph's fixture name and version; its entity keys are gone (ask the clone for
   * {@link #idOf} an original id).
   *
   * @throws IllegalArgumentException if {@code graph} is not tenant {@link #from()}
   */
  public TenantGraph apply(TenantGraph graph) {
    if (!graph.tenantId().equals(from)) {
      throw new IllegalArgumentException("the graph is tenant " + graph.tenantId() + ", not " + from);
    }
    Map<String, List<Row>> held = new LinkedHashMap<>();
    Map<String, TenantGraph.Source> sources = new LinkedHashMap<>();
    for (String table : graph.tables()) {
      long count = graph.rowCount(table);
      if (count <= ExportReader.HELD_ROWS) {
        try (Stream<Row> rows = graph.rows(table)) {
          held.put(table, rows.map(this::row).toList());
        }
      } else {
        sources.put(table, new Mapped(graph, table, count));
      }
    }
    return TenantGraph.fromSources(to, graph.clock(), graph.fixtureName(), graph.fixtureVersion().orElse(null), held,
        sources);
  }

  /** A large table of the original, mapped as it is read. */
  private final class Mapped implements TenantGraph.Source {
    private final TenantGraph graph;
    private final String table;
    private final long count;

    Mapped(TenantGraph graph, String table, long count) {
      this.graph = graph;
      this.table = table;
      this.count = count;
    }

    @Override
    public long count() {
      return count;
    }

    @Override
    public Stream<Row> rows() {
      return graph.rows(table).map(TenantClone.this::row);
    }
  }

  /**
   * Whether the clone maps the values of {@code column} of {@code table} (ids, JSON, unique
   * text, emails), by the same rules as {@link #row}: what a file rewritten from the clone must
   * map back. A column the catalog does not describe counts as mapped.
   */
  boolean maps(String table, String column) {
    Treatment treatment = shapes.computeIfAbsent(table, this::shape).columns().getOrDefault(column, Treatment.BY_TYPE);
    return treatment.kind() != Kind.KEEP;
  }

  /** {@code row} of tenant {@link #from()} as the clone's row. */
  public Row row(Row row) {
    Shape shape = shapes.computeIfAbsent(row.table(), this::shape);
    int size = row.size();
    List<String> drawn = null;
    for (String column : shape.drawnIds()) {
      if (!row.has(column)) {
        drawn = drawn == null ? new ArrayList<>() : drawn;
        drawn.add(column);
      }
    }
    int total = size + (drawn == null ? 0 : drawn.size());
    Object[] values = new Object[total];
    boolean changed = drawn != null;
    for (int i = 0; i < size; i++) {
      Object value = row.value(i);
      Object mapped = map(shape.columns().getOrDefault(row.column(i), Treatment.BY_TYPE), value);
      changed |= mapped != value;
      values[i] = mapped;
    }
    if (!changed) {
      return row;
    }
    String[] columns = new String[total];
    for (int i = 0; i < size; i++) {
      columns[i] = row.column(i);
    }
    for (int i = size; i < total; i++) {
      columns[i] = drawn.get(i - size);
      values[i] = idOf(Ids.drawn(from, row.path(), columns[i]));
    }
    return new Row(row.table(), row.path(), columns, values);
  }

  /**
   * {@code row} of tenant {@link #from()} with only the values it has mapped to the clone's, no
   * id drawn for a column it leaves out: what a partial row (a {@code containing()} file's) reads as.
   */
  Row valuesOf(Row row) {
    Shape shape = shapes.computeIfAbsent(row.table(), this::shape);
    String[] columns = new String[row.size()];
    Object[] values = new Object[row.size()];
    for (int i = 0; i < row.size(); i++) {
      columns[i] = row.column(i);
      values[i] = map(shape.columns().getOrDefault(columns[i], Treatment.BY_TYPE), row.value(i));
    }
    return new Row(row.table(), row.path(), columns, values);
  }

  private Shape shape(String table) {
    Map<String, Treatment> treatments = new HashMap<>();
    List<String> drawnIds = new ArrayList<>();
    if (catalog == null || catalog.columns(table).isEmpty()) {
      return new Shape(treatments, drawnIds); // every value by its type
    }
    Set<String> external = new HashSet<>();
    Set<String> referencing = new HashSet<>();
    for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
      if (key.table().equals(table)) {
        referencing.addAll(key.columns());
        if (!catalog.isTenantTable(key.parent())) {
          external.addAll(key.columns());
        }
      }
    }
    for (Column column : catalog.columns(table)) {
      String name = column.name();
      Kind kind = Kind.KEEP;
      if (column.baseType().equals("uuid")) {
        kind = external.contains(name) ? Kind.KEEP : Kind.ID;
        if (kind == Kind.ID && column.required() && !column.array() && column.checks().isEmpty()
            && !referencing.contains(name) && !name.equals(catalog.tenantColumn(table))) {
          drawnIds.add(name);
        }
      } else if (column.baseType().equals("jsonb") || column.baseType().equals("json")) {
        kind = Kind.JSON;
      } else if (column.category() == 'S' && !column.array()) {
        Integer unique;
        if (name.equals("email") || name.endsWith("_email")) {
          kind = Kind.EMAIL;
        } else if ((unique = uniqueText(table, name, new HashSet<>())) != null) {
          // The length of the unique column itself, which a text foreign key shortens alike.
          treatments.put(name, new Treatment(Kind.UNIQUE_TEXT, unique));
          continue;
        }
      }
      treatments.put(name, new Treatment(kind, length(column)));
    }
    return new Shape(treatments, List.copyOf(drawnIds));
  }

  /**
   * Whether text column {@code name} of {@code table} is made the clone's own, and within what
   * length: unique by itself (a single-column unique constraint or primary key: its declared
   * varchar length, else -1), or part of a foreign key (of one column or several, as a
   * tenant-safe {@code (client_account_id, code)} key is) whose parent column at the same
   * position is such a column of a tenant table (the parent's length, so that the reference
   * follows its value). Null when it is not.
   */
  private Integer uniqueText(String table, String name, Set<String> seen) {
    if (!seen.add(table + "." + name)) {
      return null;
    }
    if (catalog.unique(table, name)) {
      return length(catalog.column(table, name));
    }
    for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
      int position = key.columns().indexOf(name);
      if (key.table().equals(table) && position >= 0 && catalog.isTenantTable(key.parent())) {
        Integer parent = uniqueText(key.parent(), key.parentColumns().get(position), seen);
        if (parent != null) {
          return parent;
        }
      }
    }
    return null;
  }

  /** The declared length of a varchar column, else -1. */
  private static int length(Column column) {
    return column != null && column.baseType().equals("varchar") ? column.length() : -1;
  }

  /** {@code value} mapped as {@code treatment} says; the same object when nothing changed. */
  private Object map(Treatment treatment, Object value) {
    Kind kind = treatment.kind();
    if (value == null || kind == Kind.KEEP) {
      return value;
    }
    if (value instanceof UUID id) {
      return kind == Kind.ID || kind == Kind.BY_TYPE ? idOf(id) : value;
    }
    if (value instanceof Object[] array) {
      Object[] copy = null;
      for (int i = 0; i < array.length; i++) {
        Object mapped = map(treatment, array[i]);
        if (mapped != array[i]) {
          copy = copy == null ? array.clone() : copy;
          copy[i] = mapped;
        }
      }
      return copy == null ? value : copy;
    }
    if (value instanceof JSONB json) {
      String mapped = json(json.data());
      return mapped == null ? value : JSONB.valueOf(mapped);
    }
    if (value instanceof JSON json) {
      String mapped = json(json.data());
      return mapped == null ? value : JSON.valueOf(mapped);
    }
    if (value instanceof String text) {
      return switch (kind) {
        // A uuid column of a table the schema classes do not know, or a JSON string, is read as text.
        case ID, JSON, BY_TYPE -> Ids.isUuid(text) ? idOf(UUID.fromString(text)).toString() : value;
        case UNIQUE_TEXT -> suffixed(text, "-", treatment.length(), text);
        case EMAIL -> email(text, treatment.length());
        default -> value;
      };
    }
    return value;
  }

  /** How many hex digits of {@link Ids#derive} tag a value shortened to fit its column. */
  private static final int TAG_DIGITS = 12;

  /**
   * {@code text} with {@code separator} and the clone's id at its end, in place of the
   * original's. Where that does not fit the column's {@code length}, the original part is cut
   * and ends instead with {@code separator} and a tag of the clone's id and the whole original
   * value {@code original} (12 hex digits of a v5 UUID): values that differ anywhere stay
   * apart, and a text foreign key, shortened within its parent's length, keeps its parent's value.
   */
  private String suffixed(String text, String separator, int length, String original) {
    String old = separator + from;
    String base = text.endsWith(old) ? text.substring(0, text.length() - old.length()) : text;
    String suffix = separator + to;
    if (length < 0 || base.codePointCount(0, base.length()) + suffix.length() <= length) {
      return base + suffix;
    }
    String tag = Ids.derive(to, "clone-value/" + original).toString().replace("-", "").substring(0, TAG_DIGITS);
    int keep = length - separator.length() - TAG_DIGITS;
    if (keep < 0) {
      return tag.substring(0, Math.max(0, length));
    }
    if (base.codePointCount(0, base.length()) > keep) {
      base = base.substring(0, base.offsetByCodePoints(0, keep));
    }
    return base + separator + tag;
  }

  private String email(String text, int length) {
    int at = text.lastIndexOf('@');
    if (at <= 0) {
      return suffixed(text, "+", length, text);
    }
    String domain = text.substring(at);
    int local = length < 0 ? -1 : Math.max(0, length - domain.codePointCount(0, domain.length()));
    return suffixed(text.substring(0, at), "+", local, text) + domain;
  }

  /** The JSON text {@code data} with its uuids remapped, or null when it holds none. */
  private String json(String data) {
    if (!mayHoldUuid(data)) {
      return null; // most rows' JSON holds no id: not parsed and written again for nothing
    }
    JsonNode tree;
    try {
      tree = CanonicalImport.READER.readTree(data);
    } catch (JsonProcessingException e) {
      return null; // not for the clone to judge: the write refuses it
    }
    JsonNode mapped = json(tree);
    if (mapped == tree) {
      return null;
    }
    try {
      return CanonicalImport.READER.writeValueAsString(mapped);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written again", e);
    }
  }

  /** Whether {@code data} has 36 characters in the 8-4-4-4-12 form of a uuid anywhere, escapes aside. */
  static boolean mayHoldUuid(String data) {
    for (int dash = data.indexOf('-', 8); dash >= 0 && dash + 28 <= data.length(); dash = data.indexOf('-', dash + 1)) {
      if (Ids.isUuid(data.substring(dash - 8, dash + 28))) {
        return true;
      }
    }
    return false;
  }

  /** {@code node} with its uuids remapped; the same node when it holds none. */
  private JsonNode json(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      return Ids.isUuid(text) ? TextNode.valueOf(idOf(UUID.fromString(text)).toString()) : node;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = null;
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        JsonNode mapped = json(element);
        if (mapped != element) {
          copy = copy == null ? array.deepCopy() : copy;
          copy.set(i, mapped);
        }
      }
      return copy == null ? node : copy;
    }
    if (node instanceof ObjectNode object) {
      boolean changed = false;
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
      for (Map.Entry<String, JsonNode> member : object.properties()) {
        String name = member.getKey();
        String mappedName = Ids.isUuid(name) ? idOf(UUID.fromString(name)).toString() : name;
        JsonNode mapped = json(member.getValue());
        changed |= mapped != member.getValue() || !mappedName.equals(name);
        members.add(Map.entry(mappedName, mapped));
      }
      if (!changed) {
        return node;
      }
      ObjectNode copy = object.objectNode();
      members.forEach(member -> copy.set(member.getKey(), member.getValue()));
      return copy;
    }
    return node;
  }
}
