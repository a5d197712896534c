package io.tenantseed.seed;

import io.tenantseed.ErrorCode;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.SchemaCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.TableRecord;

/**
 * Refuses a graph read from an export that carries an id another tenant's rows have: in any
 * column that identifies a row (a single-column primary key or unique constraint) or a flow
 * (a uuid column named {@code flow_id} or {@code *_flow_id}, unless it references a column
 * not named so, as {@code assets.discovery_flow_id} references {@code discovery_flows.id}),
 * whether or not a constraint would have caught it. A value is looked for in
 * the same column of other tenants' rows, and a flow id in every flow column of every tenant
 * table. The columns come from the live catalog; the values go to the server as arrays, in
 * one query for the whole graph, inside the loading transaction.
 *
 * <pre>
 * ForeignIds.check(connection, graph);   // UnableToSeedException (BAD_INPUT) naming table, row, column, tenant
 * </pre>
 *
 * <p>It sees the rows the connection's role may see: all of them for the tables' owner or a
 * superuser (as the {@code seed} command connects); under the application role's row-level
 * security, none of another tenant's. Thread-safe.
 */
final class ForeignIds {

  /** The identifying columns of each schema, per database and catalog version. */
  private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

  private ForeignIds() {}

  /** A column of a tenant table, with its type's name in pg_type (no modifiers: a value is never cut to fit). */
  record Column(String table, String name, String type, boolean key, boolean flow) {
    String label() {
      return table + "." + name;
    }
  }

  /**
   * What to look for: the identifying columns of the schema's tenant tables, and which of
   * them only repeat a value of another identifying column (a foreign key to it), so the
   * graph's values need not be sent twice.
   */
  record Plan(List<Column> identifying, Set<String> repeating) {}

  static void check(Connection connection, TenantGraph graph) throws SQLException {
    String schema = io.tenantseed.schema.migration.Migration.MIGRATION.getName();
    SchemaCatalog catalog = SchemaCatalog.of(connection, schema);
    String key = connection.getMetaData().getURL() + "|" + schema + "|" + catalog.version;
    Plan plan = PLANS.get(key);
    if (plan == null) {
      plan = plan(connection, catalog);
      PLANS.put(key, plan);
    }

    // The graph's distinct values per identifying column it has, with the first row holding each.
    List<Column> sources = new ArrayList<>();
    List<Map<String, Integer>> values = new ArrayList<>();
    Map<String, Table<?>> tables = new HashMap<>();
    io.tenantseed.schema.migration.Migration.MIGRATION.getTables().forEach(table -> tables.put(table.getName(), table));
    for (Column column : plan.identifying()) {
      Table<?> table = tables.get(column.table());
      Field<?> field = table == null ? null : table.field(column.name());
      if (field == null || plan.repeating().contains(column.label())) {
        continue;
      }
      Map<String, Integer> seen = new LinkedHashMap<>();
      int[] index = {0};
      try (Stream<io.tenantseed.graph.Row> rows = graph.rows(table)) {
        rows.forEach(row -> {
          String text = TextValues.text(row.get(field.getName()));
          if (text != null) {
            seen.putIfAbsent(text, index[0]);
          }
          index[0]++;
        });
      }
      if (!seen.isEmpty()) {
        sources.add(column);
        values.add(seen);
      }
    }
    if (sources.isEmpty()) {
      return;
    }

    // One branch per column of the database where a value could collide: the same column, or any flow column.
    StringBuilder sql = new StringBuilder("select * from (");
    List<Object[]> parameters = new ArrayList<>();
    List<Column> targets = new ArrayList<>();
    for (Column target : plan.identifying()) {
      List<Integer> from = new ArrayList<>();
      for (int s = 0; s < sources.size(); s++) {
        Column source = sources.get(s);
        if (source.label().equals(target.label()) || source.flow() && target.flow()) {
          from.add(s);
        }
      }
      if (from.isEmpty()) {
        continue;
      }
      List<Integer> sourceIndexes = new ArrayList<>();
      List<Integer> rowIndexes = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (int s : from) {
        values.get(s).forEach((text, row) -> {
          sourceIndexes.add(s);
          rowIndexes.add(row);
          texts.add(text);
        });
      }
      String tenantColumn = SchemaCatalog.quote(catalog.tenantColumn(target.table()));
      sql.append(targets.isEmpty() ? "" : " union all ")
          .append("(select ").append(targets.size()).append(" as target, v.s, v.i, x.").append(tenantColumn)
          .append("::text as tenant from unnest(?::int[], ?::int[], ?) as v(s, i, value) join ")
          .append(catalog.qualified(target.table())).append(" x on x.").append(SchemaCatalog.quote(target.name()))
          .append(" = v.value where x.").append(tenantColumn)
          .append(" <> ?::uuid limit 1)");
      parameters.add(new Object[] {sourceIndexes.toArray(Integer[]::new), rowIndexes.toArray(Integer[]::new),
          texts.toArray(String[]::new), target.type()});
      targets.add(target);
    }
    sql.append(") hits order by target limit 1");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int parameter = 1;
      for (Object[] arrays : parameters) {
        statement.setArray(parameter++, connection.createArrayOf("int4", (Object[]) arrays[0]));
        statement.setArray(parameter++, connection.createArrayOf("int4", (Object[]) arrays[1]));
        // An array of the column's own type: the values are compared as that type, and no type goes into the text.
        statement.setArray(parameter++, connection.createArrayOf((String) arrays[3], (Object[]) arrays[2]));
        statement.setString(parameter++, graph.tenantId().toString());
      }
      try (ResultSet hit = statement.executeQuery()) {
        if (hit.next()) {
          Column target = targets.get(hit.getInt(1));
          Column source = sources.get(hit.getInt(2));
          throw refused(graph, tables.get(source.table()), source, hit.getInt(3), target, hit.getString(4));
        }
      }
    }
  }

  private static UnableToSeedException refused(TenantGraph graph, Table<?> table, Column source, int index,
      Column target, String otherTenant) {
    io.tenantseed.graph.Row row;
    try (Stream<io.tenantseed.graph.Row> rows = graph.rows(table)) {
      row = rows.skip(index).findFirst().orElseThrow();
    }
    StringBuilder key = new StringBuilder();
    for (Field<?> field : table.getPrimaryKey().getFields()) {
      key.append(key.length() == 0 ? "" : ", ").append(field.getName()).append(' ').append(row.get(field.getName()));
    }
    Object value = row.get(source.name());
    return new UnableToSeedException(ErrorCode.BAD_INPUT, graph.tenantId(), table.getSchema().getName() + "."
        + table.getName(), "refusing to load tenant " + graph.tenantId() + " (" + graph.name() + "): "
        + table.getName() + " row (" + key + "), column " + source.name() + ": " + value + " is an id of tenant "
        + otherTenant + " (" + target.label() + "); an export may not carry another tenant's ids; nothing was kept",
        null);
  }

  private static boolean flowName(String label) {
    String name = label.substring(label.indexOf('.') + 1);
    return name.equals("flow_id") || name.endsWith("_flow_id");
  }

  /** The identifying columns of the schema's tenant tables, read from the live catalog. */
  private static Plan plan(Connection connection, SchemaCatalog catalog) throws SQLException {
    Set<String> tables = new LinkedHashSet<>(catalog.tenantTables);
    tables.add(catalog.root);
    Map<String, String> types = new LinkedHashMap<>();
    Set<String> keys = new LinkedHashSet<>();
    try (PreparedStatement statement = connection.prepareStatement("""
        select c.relname, a.attname, t.typname,
               exists (select 1 from pg_catalog.pg_constraint k
                        where k.conrelid = c.oid and k.contype in ('p', 'u') and k.conkey = array[a.attnum])
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          join pg_catalog.pg_type t on t.oid = a.atttypid
         where n.nspname = ? and c.relkind in ('r', 'p')
         order by c.relname, a.attnum""")) {
      statement.setString(1, catalog.schema);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          if (tables.contains(result.getString(1))) {
            String label = result.getString(1) + "." + result.getString(2);
            types.put(label, result.getString(3));
            if (result.getBoolean(4)) {
              keys.add(label);
            }
          }
        }
      }
    }
    // Flow ids: uuid columns named flow_id or *_flow_id, unless they reference a column not
    // named so (assets.discovery_flow_id holds discovery_flows.id, a row's id, not a flow's).
    Set<String> flows = new LinkedHashSet<>();
    types.forEach((label, type) -> {
      if (type.equals("uuid") && flowName(label)) {
        flows.add(label);
      }
    });
    Set<String> repeating = new LinkedHashSet<>();
    for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
      if (key.columns().size() == 1 && tables.contains(key.table()) && tables.contains(key.parent())) {
        String label = key.table() + "." + key.columns().get(0);
        String parent = key.parent() + "." + key.parentColumns().get(0);
        if (!flowName(parent)) {
          flows.remove(label);
        }
        if (keys.contains(parent)) {
          repeating.add(label); // its values are the parent's, which the graph must hold and which is checked
        }
      }
    }
    // Keys first: a hit in a key column is reported before one in a column that refers to it.
    List<Column> identifying = new ArrayList<>();
    types.forEach((label, type) -> {
      if (keys.contains(label) || flows.contains(label)) {
        int dot = label.indexOf('.');
        identifying.add(new Column(label.substring(0, dot), label.substring(dot + 1), type, keys.contains(label),
            flows.contains(label)));
      }
    });
    identifying.sort(java.util.Comparator.comparing(column -> !column.key()));
    return new Plan(List.copyOf(identifying), Set.copyOf(repeating));
  }
}
