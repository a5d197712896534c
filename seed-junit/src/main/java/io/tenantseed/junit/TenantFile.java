package io.tenantseed.junit;

import io.tenantseed.SeedException;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.TenantClone;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.migrate.Migrator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The export of a {@code @SeedTenant(file = ...)}: found on the test class's class path or
 * else on the file system, and read as a clone under the tenant's id, checked against the
 * database's catalog before anything is seeded.
 *
 * <pre>
 * TenantFile file = TenantFile.find(Bug1234IT.class, "tenants/bug-1234.json");
 * TenantFile.Read read = file.read(Bug1234IT.class, dataSource, tenantId);
 * read.graph();          // the export's rows under tenantId
 * read.exportTenantId(); // the tenant id the file holds
 * </pre>
 *
 * <p>A plain file streams its large tables from the file; a resource inside a jar has no file
 * to read again and is held in memory whole ({@link CanonicalImport#read(InputStream, DataSource)}).
 *
 * @param given the attribute as written, for messages
 * @param resource the class path resource, or null
 * @param path the file, or null when the resource is not a file (inside a jar)
 */
record TenantFile(String given, URL resource, Path path) {

  /** The export's rows as the clone, and the tenant id the export holds. */
  record Read(TenantGraph graph, UUID exportTenantId) {}

  /**
   * The export {@code given} names for {@code testClass}: a class path resource of the class's
   * loader (a leading {@code /} is allowed), else a regular file.
   */
  static TenantFile find(Class<?> testClass, String given) {
    ClassLoader loader = testClass.getClassLoader() != null ? testClass.getClassLoader()
        : ClassLoader.getSystemClassLoader();
    URL resource = loader.getResource(given.startsWith("/") ? given.substring(1) : given);
    if (resource != null) {
      return new TenantFile(given, resource, fileOf(resource));
    }
    Path path;
    try {
      path = Path.of(given);
    } catch (InvalidPathException e) {
      path = null;
    }
    if (path == null || !Files.isRegularFile(path)) {
      throw TenantDeclaration.misuse(testClass, "file '" + given + "' is neither a class path resource nor a file"
          + (path != null && Files.isDirectory(path) ? " (it is a directory)" : "")
          + " (put exports under src/test/resources, e.g. tenants/bug-1234.json, or give a path)");
    }
    return new TenantFile(given, null, path);
  }

  private static Path fileOf(URL resource) {
    if (!"file".equals(resource.getProtocol())) {
      return null;
    }
    try {
      return Path.of(resource.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The tenant's default name: the file's name without its directories and {@code .json}. */
  String baseName() {
    String name = given.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    return name.endsWith(".json") && name.length() > ".json".length()
        ? name.substring(0, name.length() - ".json".length()) : name;
  }

  /**
   * The export read and checked against the catalog of {@code dataSource}, as a clone under
   * {@code tenantId}: a file that is not an export, holds a table or column the database lacks,
   * or is cut short is a configuration error of {@code testClass} naming the file and its
   * first problem, in one line.
   */
  Read read(Class<?> testClass, DataSource dataSource, UUID tenantId) {
    try {
      TenantGraph export;
      if (path != null) {
        export = CanonicalImport.read(path, dataSource); // large tables stream from the file
      } else {
        try (InputStream in = resource.openStream()) {
          export = CanonicalImport.read(in, dataSource);
        }
      }
      if (export.tenantId().equals(tenantId)) {
        return new Read(export, tenantId);
      }
      SchemaCatalog catalog;
      try (Connection connection = dataSource.getConnection()) {
        catalog = SchemaCatalog.of(connection, Migrator.PLATFORM_SCHEMA);
      }
      return new Read(TenantClone.of(export.tenantId(), tenantId, catalog).apply(export), export.tenantId());
    } catch (SeedException e) {
      throw TenantDeclaration.misuse(testClass, "file " + given + ": " + oneLine(e.getMessage()), e);
    } catch (IOException e) {
      throw TenantDeclaration.misuse(testClass, "cannot read file " + given + ": " + reason(e), e);
    } catch (UncheckedIOException e) {
      throw TenantDeclaration.misuse(testClass, "cannot read file " + given + ": " + reason(e.getCause()), e);
    } catch (SQLException e) {
      throw TenantDeclaration.misuse(testClass, "file " + given + ": cannot read the database's catalog: "
          + oneLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      throw TenantDeclaration.misuse(testClass, "file " + given + ": " + oneLine(e.getMessage() != null
          ? e.getMessage() : e.getClass().getSimpleName()), e);
    }
  }

  /** What went wrong reading, in a few words ("no such file"), not the exception's class and path. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return oneLine(fileSystem.getReason());
    }
    return oneLine(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
  }

  /** How the tenant is described, for messages. */
  String source() {
    return "file " + given;
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
