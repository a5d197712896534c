package io.tenantseed.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal. What the live catalog says about one schema's tenant tables: which tables carry
 * {@code client_account_id}, which table is the tenant itself (the one those columns
 * reference), every table's primary key and columns, and every foreign key between them.
 * Read from {@code pg_catalog}, never from a hand-kept list, and cached per version of the
 * schema's catalog (see {@link #of}). Immutable.
 */
public final class SchemaCatalog {

  public static final String TENANT_COLUMN = "client_account_id";

  private static final Map<String, SchemaCatalog> CACHE = new ConcurrentHashMap<>();

  public final String schema;
  public final String version;
  /** The tenant table (client_accounts), keyed by its primary key. */
  public final String root;
  public final String rootKey;
  /** Tables with a client_account_id column, by name. */
  public final Set<String> tenantTables;
  public final Map<String, List<String>> primaryKeys;
  public final Map<String, Set<String>> columns;
  public final List<ForeignKey> foreignKeys;
  /** Root and tenant tables, children before parents. */
  public final List<String> deleteOrder;

  /** A foreign key, single- or multi-column. */
  public record ForeignKey(String name, String table, List<String> columns, String parent, List<String> parentColumns,
      char onDelete) {
    public boolean breakable() {
      return onDelete == 'c' || onDelete == 'n';
    }
  }

  private SchemaCatalog(String schema, String version, String root, String rootKey, Set<String> tenantTables,
      Map<String, List<String>> primaryKeys, Map<String, Set<String>> columns, List<ForeignKey> foreignKeys,
      List<String> deleteOrder) {
    this.schema = schema;
    this.version = version;
    this.root = root;
    this.rootKey = rootKey;
    this.tenantTables = tenantTables;
    this.primaryKeys = primaryKeys;
    this.columns = columns;
    this.foreignKeys = foreignKeys;
    this.deleteOrder = deleteOrder;
  }

  /**
   * The catalog of {@code schema}, from the cache while its catalog stamp is unchanged. The
   * stamp is read from pg_catalog (which every role may read, unlike Flyway's history):
   * tables, their column counts and the schema's constraints, so any table, column or key
   * added or replaced makes a new plan.
   */
  public static SchemaCatalog of(Connection connection, String schema) throws SQLException {
    String version = stamp(connection, schema);
    String key = connection.getMetaData().getURL() + "|" + schema;
    SchemaCatalog cached = CACHE.get(key);
    if (cached != null && version.equals(cached.version)) {
      return cached;
    }
    SchemaCatalog fresh = read(connection, schema, version);
    CACHE.put(key, fresh);
    return fresh;
  }

  private static String stamp(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("""
        select (select count(*) || ':' || coalesce(max(c.oid::bigint), 0) || ':' || coalesce(sum(c.relnatts), 0)
                  from pg_catalog.pg_class c where c.relnamespace = n.oid and c.relkind in ('r', 'p'))
               || '/' ||
               (select count(*) || ':' || coalesce(max(k.oid::bigint), 0)
                  from pg_catalog.pg_constraint k where k.connamespace = n.oid)
          from pg_catalog.pg_namespace n where n.nspname = ?""")) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          throw new SchemaPlanException("schema " + schema + " does not exist: is the database migrated?");
        }
        return result.getString(1);
      }
    }
  }

  private static SchemaCatalog read(Connection connection, String schema, String version) throws SQLException {
    Map<String, Set<String>> columns = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement("""
        select c.relname, a.attname
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         where n.nspname = ? and c.relkind in ('r', 'p')
         order by c.relname, a.attnum""")) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          columns.computeIfAbsent(result.getString(1), t -> new LinkedHashSet<>()).add(result.getString(2));
        }
      }
    }
    Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
    List<ForeignKey> foreignKeys = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("""
        select k.contype, k.conname, src.relname, ref.relname, k.confdeltype,
               array(select a.attname from unnest(k.conkey) with ordinality u(attnum, ord)
                       join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
                      order by u.ord),
               array(select a.attname from unnest(k.confkey) with ordinality u(attnum, ord)
                       join pg_catalog.pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum
                      order by u.ord)
          from pg_catalog.pg_constraint k
          join pg_catalog.pg_class src on src.oid = k.conrelid
          join pg_catalog.pg_namespace n on n.oid = src.relnamespace
          left join pg_catalog.pg_class ref on ref.oid = k.confrelid
         where n.nspname = ? and k.contype in ('p', 'f')
         order by k.conname""")) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          List<String> keyColumns = strings(result.getArray(6));
          if (result.getString(1).equals("p")) {
            primaryKeys.put(result.getString(3), keyColumns);
          } else {
            foreignKeys.add(new ForeignKey(result.getString(2), result.getString(3), keyColumns,
                result.getString(4), strings(result.getArray(7)), result.getString(5).charAt(0)));
          }
        }
      }
    }

    Set<String> tenantTables = new TreeSet<>();
    columns.forEach((table, names) -> {
      if (names.contains(TENANT_COLUMN)) {
        tenantTables.add(table);
      }
    });
    Set<String> roots = new TreeSet<>();
    for (ForeignKey key : foreignKeys) {
      if (key.columns().equals(List.of(TENANT_COLUMN)) && tenantTables.contains(key.table())) {
        roots.add(key.parent());
      }
    }
    if (roots.size() != 1) {
      throw new SchemaPlanException("cannot tell the tenant table of schema " + schema + ": the "
          + TENANT_COLUMN + " columns reference " + (roots.isEmpty() ? "no table" : roots));
    }
    String root = roots.iterator().next();
    List<String> rootKey = primaryKeys.get(root);
    if (rootKey == null || rootKey.size() != 1) {
      throw new SchemaPlanException("the tenant table " + schema + "." + root + " needs a single-column primary key");
    }
    Set<String> nodes = new LinkedHashSet<>(tenantTables);
    nodes.add(root);
    return new SchemaCatalog(schema, version, root, rootKey.get(0), Set.copyOf(tenantTables), Map.copyOf(primaryKeys),
        Map.copyOf(columns), List.copyOf(foreignKeys), order(schema, nodes, foreignKeys));
  }

  /**
   * The tables in an order where every table comes before the tables it references (so each
   * delete finds no row of the same tenants referencing it). A cycle is broken at a foreign
   * key that deletes or clears by itself (CASCADE, SET NULL); one that cannot be broken is
   * an error naming its tables.
   */
  static List<String> order(String schema, Set<String> tables, List<ForeignKey> keys) {
    List<String> ordered = new ArrayList<>();
    Set<String> remaining = new TreeSet<>(tables);
    List<ForeignKey> edges = new ArrayList<>();
    for (ForeignKey key : keys) {
      if (tables.contains(key.table()) && tables.contains(key.parent()) && !key.table().equals(key.parent())) {
        edges.add(key);
      }
    }
    while (!remaining.isEmpty()) {
      List<String> free = new ArrayList<>();
      for (String table : remaining) {
        if (edges.stream().noneMatch(edge -> edge.parent().equals(table) && remaining.contains(edge.table()))) {
          free.add(table);
        }
      }
      if (free.isEmpty()) {
        // Stuck: every remaining table is referenced. Drop one key that lies on a cycle and
        // deletes or clears by itself; if no such key exists, the cycle cannot be broken.
        ForeignKey broken = null;
        Set<String> cyclic = new TreeSet<>();
        for (ForeignKey edge : edges) {
          if (remaining.contains(edge.table()) && remaining.contains(edge.parent())
              && reaches(edge.parent(), edge.table(), edges, remaining)) {
            cyclic.add(edge.table());
            cyclic.add(edge.parent());
            if (broken == null && edge.breakable()) {
              broken = edge;
            }
          }
        }
        if (broken == null) {
          throw new SchemaPlanException("cannot order the tenant tables " + cyclic + " of schema " + schema
              + ": their foreign keys form a cycle of RESTRICT or NO ACTION keys");
        }
        edges.remove(broken);
        continue;
      }
      ordered.addAll(free);
      remaining.removeAll(free);
    }
    return List.copyOf(ordered);
  }

  /** Whether {@code from} references {@code to}, directly or through other remaining tables. */
  private static boolean reaches(String from, String to, List<ForeignKey> edges, Set<String> remaining) {
    Set<String> seen = new TreeSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String table = todo.pop();
      if (table.equals(to)) {
        return true;
      }
      if (seen.add(table)) {
        for (ForeignKey edge : edges) {
          if (edge.table().equals(table) && remaining.contains(edge.parent())) {
            todo.push(edge.parent());
          }
        }
      }
    }
    return false;
  }

  /** The column that names the tenant of a row of {@code table}: its key for the tenant table. */
  public String tenantColumn(String table) {
    return table.equals(root) ? rootKey : TENANT_COLUMN;
  }

  /**
   * Deletes every row of {@code tenants} from every tenant table, children first, on the
   * caller's connection and inside its transaction; returns the rows deleted per table and
   * tenant, in delete order. No guard, no log: the caller decides.
   */
  public Map<String, Map<UUID, Long>> deleteTenants(Connection connection, Array tenants) throws SQLException {
    Map<String, Map<UUID, Long>> deleted = new LinkedHashMap<>();
    for (String table : deleteOrder) {
      String column = quote(tenantColumn(table));
      try (PreparedStatement statement = connection.prepareStatement("with gone as (delete from " + qualified(table)
          + " where " + column + " = any (?) returning " + column + " as tenant) "
          + "select tenant, count(*) from gone group by tenant")) {
        statement.setArray(1, tenants);
        deleted.put(table, countsPerTenant(statement));
      } catch (SQLException e) {
        // name the table; keep the state so that connection failures are still recognised
        throw new SQLException("at " + schema + "." + table + ": " + SqlErrors.serverMessage(e), e.getSQLState(), e);
      }
    }
    return deleted;
  }

  /** Runs a query of (tenant id, count) rows and collects them. */
  public static Map<UUID, Long> countsPerTenant(PreparedStatement statement) throws SQLException {
    Map<UUID, Long> counts = new java.util.HashMap<>();
    try (ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        counts.put(result.getObject(1, UUID.class), result.getLong(2));
      }
    }
    return counts;
  }

  public boolean hasColumn(String table, String column) {
    Set<String> names = columns.get(table);
    return names != null && names.contains(column);
  }

  public String qualified(String table) {
    return quote(schema) + "." + quote(table);
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
