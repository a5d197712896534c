package io.tenantseed.seed;

/**
 * Hears what a {@link Seeder} is doing, for progress bars and logs. Called on the seeding
 * thread; an exception thrown here aborts the seed and rolls it back.
 */
public interface SeedListener {

  SeedListener NONE = new SeedListener() { };

  /** A table is about to be written with {@code rows} rows. */
  default void tableStarted(String table, long rows) { }

  /**
   * {@code rows} rows of {@code table} are written so far (called per chunk on large tables). On
   * a COPY these are the rows sent. Should the database then refuse the COPY, this is called
   * once more before the seed fails, with a count that is true: the rows it took before the one
   * it refused, or, where its error does not say which one (a foreign key checked after the
   * input), the rows of the table's earlier statements, which is fewer than it took. That count
   * may be above the one reported before (14,999 after 10,000) or below it (14,999 after 20,000).
   * On INSERTs every count is of rows the database took already.
   */
  default void rowsWritten(String table, long rows) { }
}
