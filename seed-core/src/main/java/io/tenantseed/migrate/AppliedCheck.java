package io.tenantseed.migrate;

import io.tenantseed.internal.SchemaCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Tells, without starting Flyway, whether both schema histories hold exactly the migration
 * files of their locations, all applied successfully and with the same checksums; then
 * {@link Migrator#migrate()} has nothing to do, and Flyway's configuration, classpath scan
 * and validation (most of a second) are skipped. Any doubt (a history or a file of a kind it
 * does not know, a table it cannot read, a checksum it computes differently from Flyway)
 * answers "not known", and Flyway decides as always. Checksums follow Flyway's: CRC-32 of
 * the UTF-8 bytes of each line without its line break, a leading byte-order mark dropped.
 */
final class AppliedCheck {

  /** A versioned SQL migration, Flyway's default naming: {@code V001__baseline_schema.sql}. */
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.+)\\.sql");

  private record Script(String description, int checksum) {}

  private AppliedCheck() {}

  /**
   * The platform schema's version when both schemas are exactly up to date with
   * {@code locations} (schema name to its Flyway locations, whose files Flyway merges), else
   * empty.
   */
  static Optional<String> upToDateVersion(
      DataSource dataSource, Map<String, List<String>> locations, String versionSchema) {
    Map<String, Map<String, Script>> files = new HashMap<>();
    for (Map.Entry<String, List<String>> schemaLocations : locations.entrySet()) {
      Map<String, Script> merged = new HashMap<>();
      for (String location : schemaLocations.getValue()) {
        Optional<Map<String, Script>> scripts = scripts(location);
        if (scripts.isEmpty()) {
          return Optional.empty();
        }
        for (Map.Entry<String, Script> script : scripts.get().entrySet()) {
          if (merged.put(script.getKey(), script.getValue()) != null) {
            return Optional.empty(); // one version in two locations: Flyway names the conflict
          }
        }
      }
      files.put(schemaLocations.getKey(), merged);
    }
    Map<String, Map<String, Script>> applied = new HashMap<>();
    List<String> schemas = List.copyOf(locations.keySet());
    StringBuilder sql = new StringBuilder();
    for (String schema : schemas) {
      applied.put(schema, new HashMap<>());
      sql.append(sql.length() == 0 ? "" : " union all ")
          .append("select ?::text, type, version, description, checksum, success from ")
          .append(SchemaCatalog.quote(schema)).append('.').append(SchemaCatalog.quote(Migrator.HISTORY_TABLE));
    }
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(sql.toString());
         ResultSet result = query(statement, schemas)) {
      while (result.next()) {
        String type = result.getString(2);
        if ("SCHEMA".equals(type)) {
          continue; // Flyway's record that it created the schema
        }
        int checksum = result.getInt(5);
        if (!"SQL".equals(type) || !result.getBoolean(6) || result.wasNull() || result.getString(3) == null) {
          return Optional.empty();
        }
        if (applied.get(result.getString(1)).put(result.getString(3), new Script(result.getString(4), checksum)) != null) {
          return Optional.empty();
        }
      }
    } catch (SQLException e) {
      return Optional.empty(); // no history yet, or none this role may read: Flyway will say
    }
    if (!applied.equals(files)) {
      return Optional.empty();
    }
    return files.get(versionSchema).keySet().stream().max(AppliedCheck::compareVersions);
  }

  /** Runs the history query with the schema names bound, in the order the query names them. */
  private static ResultSet query(PreparedStatement statement, List<String> schemas) throws SQLException {
    for (int i = 0; i < schemas.size(); i++) {
      statement.setString(i + 1, schemas.get(i));
    }
    return statement.executeQuery();
  }

  /** Flyway's order of versions: numeric parts left to right, missing parts counting as zero. */
  static int compareVersions(String left, String right) {
    String[] a = left.split("\\.");
    String[] b = right.split("\\.");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      BigInteger x = i < a.length ? new BigInteger(a[i]) : BigInteger.ZERO;
      BigInteger y = i < b.length ? new BigInteger(b[i]) : BigInteger.ZERO;
      int compared = x.compareTo(y);
      if (compared != 0) {
        return compared;
      }
    }
    return 0;
  }

  /** The checksums of a location's versioned scripts by version, or empty as for {@link #scripts}. */
  static Optional<Map<String, Integer>> checksums(String location) {
    return scripts(location).map(scripts -> {
      Map<String, Integer> checksums = new HashMap<>();
      scripts.forEach((version, script) -> checksums.put(version, script.checksum()));
      return checksums;
    });
  }

  /** The versioned scripts of a location by version, or empty when it holds anything else. */
  private static Optional<Map<String, Script>> scripts(String location) {
    try {
      Map<String, Script> scripts = new HashMap<>();
      for (Map.Entry<String, InputStreamSupplier> file : files(location).entrySet()) {
        Matcher name = VERSIONED.matcher(file.getKey());
        if (!name.matches()) {
          return Optional.empty(); // a callback, repeatable or undo script: Flyway's business
        }
        String version = name.group(1).replace('_', '.');
        try (InputStream in = file.getValue().open()) {
          if (scripts.put(version, new Script(name.group(2).replace('_', ' '), checksum(in))) != null) {
            return Optional.empty();
          }
        }
      }
      return scripts.isEmpty() ? Optional.empty() : Optional.of(scripts);
    } catch (IOException | UncheckedIOException | URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The text of a location's versioned scripts, one after the other in version order. */
  static String scriptText(String location) throws IOException {
    return String.join("\n", scriptTexts(location));
  }

  private static List<String> scriptTexts(String location) throws IOException {
    try {
      Map<String, InputStreamSupplier> files = files(location);
      List<String> names = files.keySet().stream().filter(name -> VERSIONED.matcher(name).matches())
          .sorted((left, right) -> compareVersions(version(left), version(right))).toList();
      List<String> texts = new java.util.ArrayList<>();
      for (String name : names) {
        try (InputStream in = files.get(name).open()) {
          texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return texts;
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static String version(String fileName) {
    Matcher name = VERSIONED.matcher(fileName);
    return name.matches() ? name.group(1).replace('_', '.') : fileName;
  }

  /** Flyway's checksum of a script. */
  static int checksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      boolean first = true;
      while ((line = reader.readLine()) != null) {
        if (first && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        first = false;
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    return (int) crc.getValue();
  }

  private interface InputStreamSupplier {
    InputStream open() throws IOException;
  }

  /** Every file under a Flyway location (recursively, as Flyway scans), by file name. */
  private static Map<String, InputStreamSupplier> files(String location) throws IOException, URISyntaxException {
    Map<String, InputStreamSupplier> files = new HashMap<>();
    if (location.startsWith("filesystem:")) {
      addDirectory(Path.of(location.substring("filesystem:".length())), files);
      return files;
    }
    if (!location.startsWith("classpath:")) {
      throw new IllegalArgumentException(location);
    }
    String path = location.substring("classpath:".length());
    Enumeration<URL> roots = AppliedCheck.class.getClassLoader().getResources(path);
    for (URL root : Collections.list(roots)) {
      if (root.getProtocol().equals("file")) {
        addDirectory(Path.of(root.toURI()), files);
      } else if (root.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          String prefix = connection.getEntryName() + "/";
          for (JarEntry entry : Collections.list(jar.entries())) {
            if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
              byte[] bytes = jar.getInputStream(entry).readAllBytes();
              put(files, entry.getName().substring(entry.getName().lastIndexOf('/') + 1),
                  () -> new java.io.ByteArrayInputStream(bytes));
            }
          }
        }
      } else {
        throw new IllegalArgumentException(root.toString());
      }
    }
    return files;
  }

  private static void addDirectory(Path directory, Map<String, InputStreamSupplier> files) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        put(files, file.getFileName().toString(), () -> Files.newInputStream(file));
      }
    }
  }

  private static void put(Map<String, InputStreamSupplier> files, String name, InputStreamSupplier content) {
    if (files.put(name, content) != null) {
      throw new IllegalArgumentException("two files named " + name);
    }
  }
}
