package io.tenantseed.internal;

import io.tenantseed.migrate.NotMigratedException;
import io.tenantseed.schema.migration.Migration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Internal. Whether the database has the tables a graph describes, by the live catalog, and
 * whether the migrations (the generated schema classes) define a table or column the
 * database lacks: a schema changed by hand (a column dropped, a table renamed) is named as
 * such, rather than failing as a query the database cannot run or as a column nobody knows.
 *
 * <pre>
 * MigratedSchema.require(catalog, Map.of("assessments", Set.of("id", "notes")), "seeding tenant ... failed");
 * // "seeding tenant ... failed: the database has no table migration.assessments: is it migrated?"
 * MigratedSchema.defines("assets", "os_version");   // true: the migrations define it
 * </pre>
 */
public final class MigratedSchema {

  private MigratedSchema() {}

  /**
   * Every table of {@code columns} (a graph's tables, each with the columns its rows set) is a
   * tenant table of {@code catalog}, with the columns the migrations define among them: what
   * the migrations define and the database lacks (a schema changed by hand) is named all
   * together, as one line; a table no migration defines and the database lacks is not migrated.
   * (A column no migration defines is the graph's to answer for: see the writer.)
   *
   * @param doing what the caller was doing, the start of the message
   * @throws NotMigratedException naming what the database lacks
   */
  public static void require(SchemaCatalog catalog, Map<String, ? extends Collection<String>> columns, String doing) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, ? extends Collection<String>> entry : columns.entrySet()) {
      String table = entry.getKey();
      String qualified = catalog.schema + "." + table;
      if (catalog.isTenantTable(table)) {
        entry.getValue().stream().filter(name -> catalog.column(table, name) == null && defines(table, name))
            .forEach(name -> missing.add("column " + name + " of table " + qualified));
      } else if (Migration.MIGRATION.getTable(table) != null) {
        missing.add("table " + qualified);
      }
    }
    if (!missing.isEmpty()) {
      throw new NotMigratedException(doing + ": the migrations define " + String.join(", ", missing)
          + ", which the database lacks (was the schema changed by hand?); migrate a fresh database, or restore it",
          null);
    }
    for (String table : columns.keySet()) {
      if (!catalog.isTenantTable(table)) {
        throw new NotMigratedException(doing + ": the database has no table " + catalog.schema + "." + table
            + (catalog.columns(table).isEmpty() ? "" : " with a " + SchemaCatalog.TENANT_COLUMN + " column")
            + ": is it migrated?", null);
      }
    }
  }

  /** Whether the migrations tenant-seed was built from define {@code column} of {@code table}. */
  public static boolean defines(String table, String column) {
    Table<?> defined = Migration.MIGRATION.getTable(table);
    return defined != null && defined.field(column) != null;
  }

  /**
   * One round trip to pg_catalog: the database has every table and column of the generated
   * schema classes. For the export until it reads the catalog's tables (then this goes).
   *
   * @param doing what the caller was doing, the start of the message ("cannot export")
   * @throws NotMigratedException naming every table and column the database lacks
   */
  public static void require(DSLContext db, String doing) {
    String schema = Migration.MIGRATION.getName();
    Map<String, Set<String>> live = new HashMap<>();
    db.resultQuery("""
        select c.relname, a.attname
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         where n.nspname = {0} and c.relkind in ('r', 'p')""", DSL.val(schema))
        .forEach(row -> live.computeIfAbsent(row.get(0, String.class), t -> new HashSet<>())
            .add(row.get(1, String.class)));
    List<String> missing = new ArrayList<>();
    for (Table<?> table : Migration.MIGRATION.getTables()) {
      Set<String> columns = live.get(table.getName());
      if (columns == null) {
        missing.add("table " + schema + "." + table.getName());
        continue;
      }
      table.fieldStream().map(Field::getName).filter(name -> !columns.contains(name))
          .forEach(name -> missing.add("column " + name + " of table " + schema + "." + table.getName()));
    }
    if (!missing.isEmpty()) {
      throw new NotMigratedException(doing + ": the migrations define " + String.join(", ", missing)
          + ", which the database lacks (was the schema changed by hand?); migrate a fresh database, or restore it",
          null);
    }
  }
}
