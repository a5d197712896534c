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
 *       constraint makes unique (the slug) gets {@code -<to>} appended, or its {@code -<from>}
 *       replaced; an email ({@code email} or {@code *_email} columns) gets the tag
 *       {@code +<to>} before its {@code @}, or its {@code +<from>} replaced.
 * </ul>
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
  private final Map<String, Map<String, Kind>> kinds = new java.util.concurrent.ConcurrentHashMap<>();

  /** BY_TYPE: a column the catalog does not describe, where a UUID value is an id and a JSON value JSON. */
  private enum Kind { ID, JSON, UNIQUE_TEXT, EMAIL, KEEP, BY_TYPE }

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
    return TenantGraph.fromSources(to, graph.fixtureName(), graph.fixtureVersion().orElse(null), held, sources);
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

  /** {@code row} of tenant {@link #from()} as the clone's row. */
  public Row row(Row row) {
    Map<String, Kind> table = kinds.computeIfAbsent(row.table(), this::kinds);
    int size = row.size();
    Object[] values = new Object[size];
    boolean changed = false;
    for (int i = 0; i < size; i++) {
      Object value = row.value(i);
      Object mapped = map(table.getOrDefault(row.column(i), Kind.BY_TYPE), value);
      changed |= mapped != value;
      values[i] = mapped;
    }
    if (!changed) {
      return row;
    }
    String[] columns = new String[size];
    for (int i = 0; i < size; i++) {
      columns[i] = row.column(i);
    }
    return new Row(row.table(), row.path(), columns, values);
  }

  private Map<String, Kind> kinds(String table) {
    Map<String, Kind> kinds = new HashMap<>();
    if (catalog == null || catalog.columns(table).isEmpty()) {
      return kinds; // every value by its type
    }
    Set<String> external = new HashSet<>();
    for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
      if (key.table().equals(table) && !catalog.isTenantTable(key.parent())) {
        external.addAll(key.columns());
      }
    }
    for (Column column : catalog.columns(table)) {
      String name = column.name();
      Kind kind = Kind.KEEP;
      if (column.baseType().equals("uuid")) {
        kind = external.contains(name) ? Kind.KEEP : Kind.ID;
      } else if (column.baseType().equals("jsonb") || column.baseType().equals("json")) {
        kind = Kind.JSON;
      } else if (column.category() == 'S' && !column.array()) {
        if (name.equals("email") || name.endsWith("_email")) {
          kind = Kind.EMAIL;
        } else if (catalog.unique(table, name)) {
          kind = Kind.UNIQUE_TEXT;
        }
      }
      kinds.put(name, kind);
    }
    return kinds;
  }

  /** {@code value} mapped as {@code kind} says; the same object when nothing changed. */
  private Object map(Kind kind, Object value) {
    if (value == null || kind == Kind.KEEP) {
      return value;
    }
    if (value instanceof UUID id) {
      return kind == Kind.ID || kind == Kind.BY_TYPE ? idOf(id) : value;
    }
    if (value instanceof Object[] array) {
      Object[] copy = null;
      for (int i = 0; i < array.length; i++) {
        Object mapped = map(kind, array[i]);
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
        case ID -> Ids.isUuid(text) ? idOf(UUID.fromString(text)).toString() : value;
        case UNIQUE_TEXT -> suffixed(text, "-");
        case EMAIL -> email(text);
        default -> value;
      };
    }
    return value;
  }

  private String suffixed(String text, String separator) {
    String old = separator + from;
    String base = text.endsWith(old) ? text.substring(0, text.length() - old.length()) : text;
    return base + separator + to;
  }

  private String email(String text) {
    int at = text.lastIndexOf('@');
    return at <= 0 ? suffixed(text, "+") : suffixed(text.substring(0, at), "+") + text.substring(at);
  }

  /** The JSON text {@code data} with its uuids remapped, or null when it holds none. */
  private String json(String data) {
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
