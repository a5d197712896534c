package io.tenantseed.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;

/**
 * Generates seed-core's jOOQ schema classes from the real schema: applies the platform
 * migrations and seed-core's bookkeeping migrations to a throw-away embedded PostgreSQL,
 * then runs jOOQ's generator against it.
 *
 * <p>Run by seed-core's build in the {@code generate-sources} phase:
 *
 * <pre>
 * SchemaCodegen &lt;platform-migrations-dir&gt; &lt;seed-meta-migrations-dir&gt; &lt;target-dir&gt; &lt;package&gt;
 * </pre>
 *
 * <p>The generated sources are skipped when none of the migration files changed since the
 * last run (a fingerprint of the inputs is kept beside the output).
 */
public final class SchemaCodegen {

  static final String PLATFORM_SCHEMA = "migration";
  static final String META_SCHEMA = "seed_meta";
  static final String HISTORY_TABLE = "flyway_schema_history";

  private SchemaCodegen() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: SchemaCodegen <platform-migrations-dir> <seed-meta-migrations-dir> <target-dir> <package>");
    }
    Path platform = Path.of(args[0]).toAbsolutePath().normalize();
    Path meta = Path.of(args[1]).toAbsolutePath().normalize();
    Path target = Path.of(args[2]).toAbsolutePath().normalize();
    String packageName = args[3];

    // The generator's configuration is part of the input: changing it regenerates.
    String settings = configuration("jdbc:postgresql://placeholder/postgres", target, packageName).toString();
    String fingerprint = fingerprint(List.of(platform, meta), settings);
    Path stamp = target.resolve(".schema-codegen.sha256");
    if (Files.isRegularFile(stamp)
        && Files.readString(stamp, StandardCharsets.UTF_8).equals(fingerprint)) {
      System.out.println("[seed-codegen] jOOQ classes are up to date with " + platform);
      return;
    }

    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      var dataSource = postgres.getPostgresDatabase();
      migrate(dataSource, PLATFORM_SCHEMA, platform);
      migrate(dataSource, META_SCHEMA, meta);
      GenerationTool.generate(configuration(postgres.getJdbcUrl("postgres", "postgres"), target, packageName));
    }
    Files.writeString(stamp, fingerprint, StandardCharsets.UTF_8);
    System.out.println("[seed-codegen] generated jOOQ classes into " + target);
  }

  private static void migrate(javax.sql.DataSource dataSource, String schema, Path dir) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .table(HISTORY_TABLE)
        .loggers("slf4j") // slf4j-simple at warn (simplelogger.properties): progress stays out of the build log
        .locations("filesystem:" + dir)
        .load()
        .migrate();
  }

  private static Configuration configuration(String jdbcUrl, Path target, String packageName) {
    return new Configuration()
        .withLogging(Logging.WARN)
        .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(jdbcUrl).withUser("postgres"))
        .withGenerator(
            new Generator()
                .withName("org.jooq.codegen.JavaGenerator")
                .withDatabase(
                    new Database()
                        .withName("org.jooq.meta.postgres.PostgresDatabase")
                        .withSchemata(
                            new SchemaMappingType().withInputSchema(PLATFORM_SCHEMA),
                            new SchemaMappingType().withInputSchema(META_SCHEMA))
                        .withExcludes(HISTORY_TABLE)
                        .withForcedTypes(
                            new ForcedType()
                                .withUserType("org.jooq.postgres.extensions.types.Inet")
                                .withBinding("org.jooq.postgres.extensions.bindings.InetBinding")
                                .withIncludeTypes("inet")))
                .withGenerate(
                    new Generate()
                        .withJavaTimeTypes(true)
                        .withFluentSetters(true)
                        .withRecords(true)
                        .withPojos(false)
                        .withDaos(false)
                        .withGeneratedAnnotation(false)
                        // a column of a type jOOQ does not know (tsvector, cidr, a range) is
                        // plain Object, not @Deprecated: an additive migration adding one must
                        // not turn into a compiler warning of the generated keys and indexes
                        .withDeprecationOnUnknownTypes(false)
                        .withComments(true))
                .withTarget(new Target().withPackageName(packageName).withDirectory(target.toString()).withClean(true)));
  }

  /** SHA-256 over the generator settings and every migration file's name and bytes. */
  private static String fingerprint(List<Path> dirs, String settings) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update(settings.getBytes(StandardCharsets.UTF_8));
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
          sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
          try {
            sha.update(Files.readAllBytes(file));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
