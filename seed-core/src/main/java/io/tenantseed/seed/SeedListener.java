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
   * a COPY these are the rows sent: should the database then refuse one of them, this is called
   * once more, before the seed fails, with the rows it took before that one, fewer than before.
   */
  default void rowsWritten(String table, long rows) { }
}
