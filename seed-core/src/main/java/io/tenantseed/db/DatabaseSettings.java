package io.tenantseed.db;

import java.util.Map;

/**
 * Which database a command talks to, and why. One rule for every entry point:
 * {@code --url} &gt; {@code SEED_DATABASE_URL} &gt; {@code DATABASE_URL} &gt;
 * {@value #DEFAULT_URL}. Blank values count as unset.
 *
 * <pre>
 * DatabaseSettings settings = DatabaseSettings.resolve(cliUrlOrNull, System.getenv());
 * DataSource dataSource = settings.url().dataSource();
 * System.out.println("using " + settings.url() + " (from " + settings.source() + ")");
 * </pre>
 *
 * @param url the parsed address
 * @param source where it came from: {@code --url}, an environment variable's name, or
 *     {@code default}
 */
public record DatabaseSettings(DatabaseUrl url, String source) {

  public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/seed_dev";
  public static final String SEED_DATABASE_URL = "SEED_DATABASE_URL";
  public static final String DATABASE_URL = "DATABASE_URL";

  /**
   * Resolves the database from an explicit URL (may be null) and an environment.
   *
   * @throws InvalidDatabaseUrlException when the winning value cannot be parsed; the
   *     message says where that value came from
   */
  public static DatabaseSettings resolve(String explicitUrl, Map<String, String> environment) {
    if (explicitUrl != null && !explicitUrl.isBlank()) {
      return parse(explicitUrl, "--url");
    }
    for (String variable : new String[] {SEED_DATABASE_URL, DATABASE_URL}) {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        return parse(value, variable);
      }
    }
    return parse(DEFAULT_URL, "default");
  }

  private static DatabaseSettings parse(String value, String source) {
    try {
      return new DatabaseSettings(DatabaseUrl.parse(value), source);
    } catch (InvalidDatabaseUrlException e) {
      throw new InvalidDatabaseUrlException(source + ": " + e.getMessage());
    }
  }
}
