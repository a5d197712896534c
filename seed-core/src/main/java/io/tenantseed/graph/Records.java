package io.tenantseed.graph;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;

/**
 * Creates the graph's records attached to one shared, connectionless configuration. A
 * detached jOOQ record builds a fresh configuration, and clones its settings, on every
 * setter call; a million assets of thirty columns would pay that thirty million times.
 * The configuration has no connection, so these records can never be stored by accident.
 */
final class Records {

  private static final DSLContext CREATE = DSL.using(SQLDialect.POSTGRES);

  private Records() {}

  static <R extends TableRecord<R>> R create(Table<R> table) {
    return CREATE.newRecord(table);
  }

  /** A new record of the same table holding the same values. */
  @SuppressWarnings("unchecked")
  static <R extends TableRecord<?>> R copy(R record) {
    TableRecord<?> copy = CREATE.newRecord(record.getTable());
    copy.fromArray(record.intoArray());
    copy.changed(false);
    return (R) copy;
  }
}
