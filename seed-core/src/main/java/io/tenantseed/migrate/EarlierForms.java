package io.tenantseed.migrate;

import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.internal.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The known earlier forms of applied migrations: files whose text changed after databases
 * applied them, without changing what they make. A history row that records exactly such an
 * earlier checksum, while the file now has exactly the listed current one, is realigned to
 * the current checksum (as {@code flyway repair} would), so that those databases keep
 * working without {@code seed reset}; any other mismatch is still refused by name.
 *
 * <pre>
 * // V001 and V003 as of commit 4229678, before they were made to run twice safely
 * // (IF NOT EXISTS throughout, CREATE POLICY guarded by pg_policies): the same schema.
 * new Form("migration", "001", "V001__baseline_schema.sql", -1014247083, -1603673454)
 * </pre>
 *
 * <p>An entry is added only for an edit that leaves the schema exactly as it was (the test
 * suite migrates a database with the earlier files, compares its catalog with the current
 * files' and checks that each current checksum is the file's). Stateless and thread-safe.
 */
final class EarlierForms {

  /**
   * One earlier form.
   *
   * @param schema the schema whose history records it
   * @param version the migration's version, as Flyway records it ({@code 001})
   * @param script the migration's file name
   * @param earlier the checksum Flyway recorded for the earlier text
   * @param current the checksum of the file as it is now
   */
  record Form(String schema, String version, String script, int earlier, int current) {}

  /** Every known earlier form, oldest first. */
  static final List<Form> FORMS = List.of(
      // 4229678: V001 created its tables without IF NOT EXISTS, V003 its policies unguarded.
      new Form(Migrator.PLATFORM_SCHEMA, "001", "V001__baseline_schema.sql", -1014247083, -1603673454),
      new Form(Migrator.PLATFORM_SCHEMA, "003", "V003__row_level_security.sql", 217714254, -1310807070));

  private EarlierForms() {}

  /**
   * Realigns the history rows of {@code versions} (those Flyway found not to match their
   * files) in {@code schema}, all or none, in one transaction: only when each records exactly
   * a known earlier checksum of a file that {@code location} now holds in its listed current
   * form.
   *
   * @return the migrations realigned: all of {@code versions}, or none
   */
  static List<MigrationEntry> realign(
      DataSource dataSource, String schema, String location, String target, List<String> versions) {
    Optional<Map<String, List<Form>>> known = candidates(schema, location, versions);
    if (known.isEmpty()) {
      return List.of();
    }
    Map<String, List<Form>> candidates = known.get();
    String history = SchemaCatalog.quote(schema) + "." + SchemaCatalog.quote(Migrator.HISTORY_TABLE);
    try (Connection connection = dataSource.getConnection()) {
      return Transactions.inTransaction(connection, c -> {
        try (PreparedStatement query = c.prepareStatement("select to_regclass(?) is not null")) {
          query.setString(1, history);
          try (ResultSet exists = query.executeQuery()) {
            if (!exists.next() || !exists.getBoolean(1)) {
              return List.of();
            }
          }
        }
        List<MigrationEntry> realigned = new ArrayList<>();
        try (PreparedStatement update = c.prepareStatement("update " + history
            + " set checksum = ? where version = ? and checksum = any (?) and type = 'SQL' and success"
            + " returning version, description, script")) {
          for (Map.Entry<String, List<Form>> candidate : candidates.entrySet()) {
            update.setInt(1, candidate.getValue().get(0).current());
            update.setString(2, candidate.getValue().get(0).version());
            update.setArray(3, c.createArrayOf("int4",
                candidate.getValue().stream().map(Form::earlier).toArray()));
            try (ResultSet row = update.executeQuery()) {
              while (row.next()) {
                realigned.add(
                    new MigrationEntry(schema, row.getString(1), row.getString(2), fileName(row.getString(3))));
              }
            }
          }
        }
        if (realigned.size() != candidates.size()) {
          // One of them records some other checksum: refuse them all. Rolled back here, the
          // transaction leaves nothing for the commit that follows.
          c.rollback();
          return List.of();
        }
        return List.copyOf(realigned);
      });
    } catch (SQLException e) {
      throw SqlErrors.connectionFailure(e, target).orElseGet(() -> new UnableToMigrateException(
          "realigning the recorded checksums of schema " + schema + " at " + target + " failed: "
              + SqlErrors.serverMessage(e), e));
    }
  }

  /** Whether each of {@code versions} has a known earlier form whose current form the file is in. */
  static boolean known(String schema, String location, List<String> versions) {
    return candidates(schema, location, versions).isPresent();
  }

  /** Per version, the forms that lead to the file's current checksum; empty unless every version has one. */
  private static Optional<Map<String, List<Form>>> candidates(String schema, String location, List<String> versions) {
    Optional<Map<String, Integer>> files = AppliedCheck.checksums(location);
    if (files.isEmpty() || versions.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<Form>> candidates = new LinkedHashMap<>();
    for (String version : versions) {
      List<Form> forms = FORMS.stream()
          .filter(form -> form.schema().equals(schema) && AppliedCheck.compareVersions(form.version(), version) == 0)
          .filter(form -> Integer.valueOf(form.current()).equals(files.get().get(form.version())))
          .toList();
      if (forms.isEmpty()) {
        return Optional.empty();
      }
      candidates.put(version, forms);
    }
    return Optional.of(candidates);
  }

  private static String fileName(String path) {
    return path == null ? "" : path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  }
}
