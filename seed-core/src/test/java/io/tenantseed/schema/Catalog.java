package io.tenantseed.schema;

import java.util.List;
import org.jooq.DSLContext;

/** Catalog look-ups shared by the schema tests. */
final class Catalog {

  private Catalog() {}

  /** Every table of schema migration with a client_account_id column, by name. */
  static List<String> tenantTables(DSLContext db) {
    return db.fetch("""
            select c.relname
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
              join pg_attribute a on a.attrelid = c.oid
             where n.nspname = 'migration' and c.relkind in ('r', 'p')
               and a.attname = 'client_account_id' and not a.attisdropped
             order by c.relname""")
        .getValues(0, String.class);
  }
}
