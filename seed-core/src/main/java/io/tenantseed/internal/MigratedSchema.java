package io.tenantseed.internal;

import io.tenantseed.migrate.NotMigratedException;
import java.util.ArrayList;
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
 * Whether the database has every table and column the migrations define (the generated
 * schema classes): a schema changed by hand (a column dropped, a table renamed) is named,
 * rather than failing as a query the database cannot run.
 *
 * <pre>
 * MigratedSchema.require(db, "cannot export"); // "cannot export: the migrations define column ..."
 * </pre>
 */
public final class MigratedSchema {

  private MigratedSchema() {}

  /**
   * One round trip to pg_catalog.
   *
   * @param doing what the caller was doing, the start of the message ("cannot export",
   *     "seeding tenant ... failed")
   * @throws NotMigratedException naming every table and column the database lacks
   */
  public static void require(DSLContext db, String doing) {
    String schema = io.tenantseed.schema.migration.Migration.MIGRATION.getName();
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
    for (Table<?> table : io.tenantseed.schema.migration.Migration.MIGRATION.getTables()) {
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
