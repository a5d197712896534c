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
  /** Every column of every table of the schema, by table, in column order. */
  private final Map<String, List<Column>> details;
  /** The single columns of each table that a primary key or unique constraint makes unique. */
  private final Map<String, Set<String>> uniqueColumns;
  public final List<ForeignKey> foreignKeys;
  /** Root and tenant tables, children before parents. */
  public final List<String> deleteOrder;
  private final String deleteCtes;
  private final List<Integer> unguarded;

  /** A foreign key, single- or multi-column. */
  public record ForeignKey(String name, String table, List<String> columns, String parent, List<String> parentColumns,
      char onDelete) {
    public boolean breakable() {
      return onDelete == 'c' || onDelete == 'n';
    }
  }

  private SchemaCatalog(String schema, String version, String root, String rootKey, Set<String> tenantTables,
      Map<String, List<String>> primaryKeys, Map<String, Set<String>> columns, List<ForeignKey> foreignKeys,
      List<String> deleteOrder, Map<String, List<Column>> details, Map<String, Set<String>> uniqueColumns) {
    this.schema = schema;
    this.version = version;
    this.root = root;
    this.rootKey = rootKey;
    this.tenantTables = tenantTables;
    this.primaryKeys = primaryKeys;
    this.columns = columns;
    this.foreignKeys = foreignKeys;
    this.deleteOrder = deleteOrder;
    this.details = details;
    this.uniqueColumns = uniqueColumns;
    this.deleteCtes = deleteCtes(schema, deleteOrder, root, rootKey);
    this.unguarded = unguarded(deleteOrder, root, rootKey, foreignKeys);
  }

  /**
   * The catalog of {@code schema}, from the cache while its catalog stamp is unchanged. The
   * stamp is read from pg_catalog (which every role may read, unlike Flyway's history):
   * tables, their column counts, column types and nullability, defaults and the schema's
   * constraints, so any table, column, default or key added or replaced makes a new model.
   */
  public static SchemaCatalog of(Connection connection, String schema) throws SQLException {
    return of(connection, schema, stamp(connection, schema));
  }

  /**
   * The catalog of {@code schema} for a stamp the caller has already read (with
   * {@link #STAMP_SQL} inside a query of its own, to save a round trip).
   */
  public static SchemaCatalog of(Connection connection, String schema, String version) throws SQLException {
    if (version == null) {
      throw new io.tenantseed.migrate.NotMigratedException("schema " + schema + " does not exist: the database is"
          + " not migrated (seed migrate migrates it)", null);
    }
    String key = key(connection, schema);
    SchemaCatalog cached = CACHE.get(key);
    if (cached != null && version.equals(cached.version)) {
      return cached;
    }
    SchemaCatalog fresh = read(connection, schema, version);
    CACHE.put(key, fresh);
    return fresh;
  }

  /**
   * The catalog last read for {@code schema} of this database, without asking the database,
   * or null. Whoever uses it must check its {@link #version} against {@link #STAMP_SQL} read
   * in the same transaction before relying on it.
   */
  public static SchemaCatalog cached(Connection connection, String schema) throws SQLException {
    return CACHE.get(key(connection, schema));
  }

  /** Drops the cached catalog of {@code schema} of this database. */
  public static void forget(Connection connection, String schema) throws SQLException {
    CACHE.remove(key(connection, schema));
  }

  private static String key(Connection connection, String schema) throws SQLException {
    return connection.getMetaData().getURL() + "|" + schema;
  }

  /**
   * A scalar subquery of one parameter (the schema name) giving the schema's catalog stamp,
   * or null when the schema does not exist: the tables, their column counts and the schema's
   * constraints, so any table, column or key added or replaced changes it.
   */
  public static final String STAMP_SQL = """
      (select (select count(*) || ':' || coalesce(max(c.oid::bigint), 0) || ':' || coalesce(sum(c.relnatts), 0)
                 from pg_catalog.pg_class c where c.relnamespace = n.oid and c.relkind in ('r', 'p'))
              || '/' ||
              (select count(*) filter (where a.attnotnull) || ':'
                      || md5(coalesce(string_agg(c.relname || '.' || a.attname || ':' || a.atttypid || ':' || a.atttypmod
                                                 || ':' || a.attidentity::text || a.attgenerated::text,
                                                 ',' order by c.relname, a.attnum), ''))
                 from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid
                where c.relnamespace = n.oid and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped)
              || '/' ||
              (select count(*) || ':' || coalesce(max(e.oid::bigint), 0)
                 from pg_catalog.pg_enum e join pg_catalog.pg_type y on y.oid = e.enumtypid where y.typnamespace = n.oid)
              || '/' ||
              (select count(*) || ':' || coalesce(max(d.oid::bigint), 0)
                 from pg_catalog.pg_attrdef d join pg_catalog.pg_class c on c.oid = d.adrelid
                where c.relnamespace = n.oid)
              || '/' ||
              (select count(*) || ':' || coalesce(max(k.oid::bigint), 0)
                 from pg_catalog.pg_constraint k where k.connamespace = n.oid)
         from pg_catalog.pg_namespace n where n.nspname = ?)""";

  private static String stamp(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select " + STAMP_SQL)) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
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
    Map<String, List<Column>> details = readColumns(connection, schema);
    Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
    Map<String, Set<String>> uniqueColumns = new LinkedHashMap<>();
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
         where n.nspname = ? and k.contype in ('p', 'f', 'u')
         order by k.conname""")) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          List<String> keyColumns = strings(result.getArray(6));
          if (!result.getString(1).equals("f") && keyColumns.size() == 1) {
            uniqueColumns.computeIfAbsent(result.getString(3), t -> new TreeSet<>()).add(keyColumns.get(0));
          }
          if (result.getString(1).equals("u")) {
            continue;
          }
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
        Map.copyOf(columns), List.copyOf(foreignKeys), order(schema, nodes, foreignKeys), Map.copyOf(details),
        Map.copyOf(uniqueColumns));
  }

  /** Every column of every table of {@code schema}, with its type, nullability, default and one-column checks. */
  private static Map<String, List<Column>> readColumns(Connection connection, String schema) throws SQLException {
    Map<String, List<Column>> details = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement("""
        select c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),
               b.typname, b.typcategory, dt.typcategory = 'A' or a.attndims > 0,
               array(select e.enumlabel from pg_catalog.pg_enum e where e.enumtypid = b.oid order by e.enumsortorder),
               a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity <> '', a.attgenerated <> '',
               case when b.typname in ('varchar', 'bpchar') and coalesce(nullif(a.atttypmod, -1), nullif(t.typtypmod, -1)) is not null
                    then coalesce(nullif(a.atttypmod, -1), t.typtypmod) - 4 else -1 end,
               case when b.typname = 'numeric' and coalesce(nullif(a.atttypmod, -1), nullif(t.typtypmod, -1)) is not null
                    then ((coalesce(nullif(a.atttypmod, -1), t.typtypmod) - 4) >> 16) & 65535 else -1 end,
               case when b.typname = 'numeric' and coalesce(nullif(a.atttypmod, -1), nullif(t.typtypmod, -1)) is not null
                    then (coalesce(nullif(a.atttypmod, -1), t.typtypmod) - 4) & 65535 else -1 end,
               array(select pg_get_constraintdef(k.oid) from pg_catalog.pg_constraint k
                      where k.conrelid = c.oid and k.contype = 'c' and k.conkey = array[a.attnum] order by k.conname),
               a.attidentity = 'a'
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          join pg_catalog.pg_type t on t.oid = a.atttypid
          -- what the values are made of: the base type of a domain (a domain over an array
          -- included), then the element type of an array, then that element's base type
          join pg_catalog.pg_type dt on dt.oid = coalesce(nullif(t.typbasetype, 0), t.oid)
          join pg_catalog.pg_type e on e.oid = case when dt.typcategory = 'A' then dt.typelem else dt.oid end
          join pg_catalog.pg_type b on b.oid = coalesce(nullif(e.typbasetype, 0), e.oid)
          left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
         where n.nspname = ? and c.relkind in ('r', 'p')
         order by c.relname, a.attnum""")) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          details.computeIfAbsent(result.getString(1), t -> new ArrayList<>()).add(new Column(result.getString(2),
              result.getInt(3), result.getString(4), result.getString(5), result.getString(6).charAt(0),
              result.getBoolean(7), strings(result.getArray(8)), result.getBoolean(9), result.getString(10),
              result.getBoolean(11), result.getBoolean(12), result.getInt(13), result.getInt(14), result.getInt(15),
              strings(result.getArray(16)), result.getBoolean(17)));
        }
      }
    }
    details.replaceAll((table, list) -> List.copyOf(list));
    return details;
  }

  /** The columns of {@code table} in their order, or an empty list for a table the schema lacks. */
  public List<Column> columns(String table) {
    return details.getOrDefault(table, List.of());
  }

  /** Column {@code name} of {@code table}, or null. */
  public Column column(String table, String name) {
    for (Column column : columns(table)) {
      if (column.name().equals(name)) {
        return column;
      }
    }
    return null;
  }

  /** Whether a single-column primary key or unique constraint makes {@code column} of {@code table} unique. */
  public boolean unique(String table, String column) {
    return uniqueColumns.getOrDefault(table, Set.of()).contains(column);
  }

  /** The tenant table and the tables with a tenant column, parents before children: the order to write them in. */
  public List<String> insertOrder() {
    List<String> order = new ArrayList<>(deleteOrder);
    java.util.Collections.reverse(order);
    return List.copyOf(order);
  }

  /** Whether {@code table} is the tenant table or a table with a tenant column. */
  public boolean isTenantTable(String table) {
    return table.equals(root) || tenantTables.contains(table);
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

  /**
   * Indexes into {@link #deleteOrder} of the tenant tables whose tenant column is not a
   * foreign key to the tenant table that cascades or refuses ({@code ON DELETE CASCADE},
   * {@code RESTRICT} or {@code NO ACTION}): only in these can a row of a deleted tenant be
   * left behind without the database objecting. The tenant table itself is never among them.
   */
  public List<Integer> tablesNotGuardedByTheirTenantKey() {
    return unguarded;
  }

  private static List<Integer> unguarded(List<String> deleteOrder, String root, String rootKey, List<ForeignKey> keys) {
    List<Integer> unguarded = new ArrayList<>();
    for (int i = 0; i < deleteOrder.size(); i++) {
      String table = deleteOrder.get(i);
      boolean guarded = table.equals(root) || keys.stream().anyMatch(key -> key.table().equals(table)
          && key.parent().equals(root) && key.columns().equals(List.of(TENANT_COLUMN))
          && key.parentColumns().equals(List.of(rootKey)) && "cra".indexOf(key.onDelete()) >= 0);
      if (!guarded) {
        unguarded.add(i);
      }
    }
    return List.copyOf(unguarded);
  }

  /** The column that names the tenant of a row of {@code table}: its key for the tenant table. */
  public String tenantColumn(String table) {
    return table.equals(root) ? rootKey : TENANT_COLUMN;
  }

  /**
   * Deletes every row of {@code tenants} from every tenant table on the caller's connection
   * and inside its transaction, in one statement of data-modifying CTEs (one round trip
   * however many tables); returns the rows deleted per table and tenant, in delete order. No
   * guard, no log: the caller decides.
   *
   * <p>The sub-deletes share one snapshot and the foreign keys' own actions run at the end
   * of the statement, by which time every row of these tenants is gone; a RESTRICT or NO
   * ACTION key between two tenant tables therefore finds nothing left to object to. A row
   * of another tenant that still references one of these rows makes the statement fail as
   * a whole.
   */
  public Map<String, Map<UUID, Long>> deleteTenants(Connection connection, Array tenants) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(deleteCtes + " select t, tenant, n from counts")) {
      for (int i = 1; i <= deleteOrder.size(); i++) {
        statement.setArray(i, tenants);
      }
      try (ResultSet result = statement.executeQuery()) {
        return deletedCounts(result);
      }
    }
  }

  /**
   * The common table expressions of {@link #deleteTenants}, for a caller that adds its own
   * (they may read {@code counts}) and its own final query: {@code with d0 as (delete ...),
   * ..., counts(t, tenant, n) as (...)}, where t indexes {@link #deleteOrder}. Takes one
   * uuid[] parameter per table of {@link #deleteOrder}, first.
   */
  public String deleteCtes() {
    return deleteCtes;
  }

  /** Collects the (t, tenant, n) rows of {@code counts} per table, in delete order, every table present. */
  public Map<String, Map<UUID, Long>> deletedCounts(ResultSet result) throws SQLException {
    Map<String, Map<UUID, Long>> deleted = new LinkedHashMap<>();
    for (String table : deleteOrder) {
      deleted.put(table, new java.util.HashMap<>());
    }
    while (result.next()) {
      deleted.get(deleteOrder.get(result.getInt(1))).put(result.getObject(2, UUID.class), result.getLong(3));
    }
    return deleted;
  }

  private static String deleteCtes(String schema, List<String> deleteOrder, String root, String rootKey) {
    StringBuilder sql = new StringBuilder("with ");
    StringBuilder counts = new StringBuilder();
    for (int i = 0; i < deleteOrder.size(); i++) {
      String table = deleteOrder.get(i);
      String column = quote(table.equals(root) ? rootKey : TENANT_COLUMN);
      sql.append("d").append(i).append(" as (delete from ").append(quote(schema)).append('.').append(quote(table))
          .append(" where ").append(column).append(" = any (?) returning ").append(column).append(" as tenant), ");
      counts.append(i == 0 ? "" : " union all ").append("select ").append(i).append(", tenant, count(*) from d")
          .append(i).append(" group by tenant");
    }
    return sql.append("counts(t, tenant, n) as (").append(counts).append(')').toString();
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
