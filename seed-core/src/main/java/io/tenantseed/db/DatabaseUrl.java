package io.tenantseed.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL address with its credentials kept apart from the URL, so that no message,
 * log line or {@link #toString()} ever shows a password.
 *
 * <p>Accepts the libpq form that {@code DATABASE_URL} is usually written in, and pgjdbc's:
 *
 * <pre>
 * DatabaseUrl a = DatabaseUrl.parse("postgresql://app:s3cret@db.internal:5433/platform?sslmode=require");
 * DatabaseUrl b = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/seed_dev?user=postgres");
 * a.jdbcUrl();   // "jdbc:postgresql://db.internal:5433/platform?sslmode=require"
 * a.toString();  // "postgresql://app:***@db.internal:5433/platform?sslmode=require"
 * DataSource ds = a.dataSource();
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DatabaseUrl {

  private static final String JDBC_PREFIX = "jdbc:postgresql://";
  private static final String[] LIBPQ_PREFIXES = {"postgresql://", "postgres://"};
  private static final String EXPECTED =
      "expected postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database";

  /**
   * libpq parameter names that pgjdbc spells differently. Those pgjdbc spells the same
   * ({@code sslmode}, {@code sslcert}, {@code sslkey}, {@code sslrootcert}, {@code sslpassword},
   * {@code options}, {@code gsslib}, {@code replication}) need no entry.
   */
  private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
      "connect_timeout", "connectTimeout",
      "application_name", "ApplicationName",
      "fallback_application_name", "ApplicationName",
      "keepalives", "tcpKeepAlive",
      "channel_binding", "channelBinding",
      "gssencmode", "gssEncMode",
      "krbsrvname", "kerberosServerName",
      "load_balance_hosts", "loadBalanceHosts");

  /** libpq parameters pgjdbc has no equivalent of: named as such rather than as unknown. */
  private static final java.util.Set<String> LIBPQ_ONLY = java.util.Set.of("hostaddr", "passfile", "client_encoding",
      "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "requiressl", "sslcompression",
      "sslcrl", "sslcrldir", "sslsni", "sslcertmode", "requirepeer", "ssl_min_protocol_version",
      "ssl_max_protocol_version", "gssdelegation", "service");

  /** libpq's target_session_attrs values in pgjdbc's targetServerType words. */
  private static final Map<String, String> SESSION_ATTRS = Map.of(
      "any", "any",
      "read-write", "primary",
      "primary", "primary",
      "read-only", "secondary",
      "standby", "secondary",
      "prefer-standby", "preferSecondary");

  private final String hosts;
  private final String database;
  private final String user;
  private final String password;
  private final Map<String, String> parameters;

  private DatabaseUrl(
      String hosts, String database, String user, String password, Map<String, String> parameters) {
    this.hosts = hosts;
    this.database = database;
    this.user = user;
    this.password = password;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Parses a libpq ({@code postgresql://}, {@code postgres://}) or JDBC
   * ({@code jdbc:postgresql://}) URL.
   *
   * @throws InvalidDatabaseUrlException naming what is wrong, with any password masked
   */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidDatabaseUrlException("database URL is empty: " + EXPECTED);
    }
    String text = url.strip();
    String rest = stripScheme(text);
    if (rest == null) {
      throw new InvalidDatabaseUrlException(
          "unsupported database URL '" + redact(text) + "': " + EXPECTED);
    }
    if (rest.indexOf('#') >= 0) {
      throw new InvalidDatabaseUrlException(
          "database URL '" + redact(text) + "' has a '#' fragment: " + EXPECTED);
    }

    String user = null;
    String password = null;
    int at = userInfoEnd(rest);
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        user = decode(userInfo.substring(0, colon), text);
        password = decode(userInfo.substring(colon + 1), text);
      } else {
        user = decode(userInfo, text);
      }
    }

    String query = "";
    int questionMark = rest.indexOf('?');
    if (questionMark >= 0) {
      query = rest.substring(questionMark + 1);
      rest = rest.substring(0, questionMark);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }

    String hosts = rest.isEmpty() ? "localhost" : rest;
    for (String host : hosts.split(",", -1)) {
      checkHost(host, text);
    }

    Map<String, String> parameters = new LinkedHashMap<>();
    String hostParameter = null;
    String portParameter = null;
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = decode(equals >= 0 ? pair.substring(0, equals) : pair, text);
        String value = equals >= 0 ? decode(pair.substring(equals + 1), text) : "";
        switch (key) {
          case "user" -> user = value;
          case "password" -> password = value;
          case "dbname" -> path = value;
          case "host" -> hostParameter = value;
          case "port" -> portParameter = value;
          case "target_session_attrs" -> parameters.put("targetServerType", targetServerType(value, text));
          case "fallback_application_name" -> parameters.putIfAbsent("ApplicationName", value);
          default -> {
            String name = LIBPQ_TO_PGJDBC.getOrDefault(key, key);
            parameters.put(name, driverValue(key, name, value, text));
          }
        }
      }
    }
    if (hostParameter != null) {
      hosts = hostParameter.isEmpty() ? "localhost" : hostParameter;
      for (String host : hosts.split(",", -1)) {
        checkHost(host, text);
      }
    }
    if (portParameter != null) {
      checkHost("localhost:" + portParameter, text);
      StringJoiner withPorts = new StringJoiner(",");
      for (String host : hosts.split(",", -1)) {
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        withPorts.add(hasPort ? host : host + ":" + portParameter);
      }
      hosts = withPorts.toString();
    }

    String database = decode(path, text);
    if (database.contains("/")) {
      throw new InvalidDatabaseUrlException(
          "database URL '" + redact(text) + "' names a database containing '/': " + EXPECTED);
    }
    if (database.isEmpty()) {
      database = user != null && !user.isEmpty() ? user : "postgres";
    }
    if (user != null && user.isEmpty()) {
      user = null;
    }
    return new DatabaseUrl(hosts, database, user, password, parameters);
  }

  /**
   * Where the user info ends: the '@' after which a host list follows. libpq wants '@', '/'
   * and '?' in a password percent-encoded, but people paste them raw. Tried in turn: the
   * last '@' before the first '?'; from the right, an '@' followed by hosts and a
   * "/database"; from the right, any '@' followed by hosts.
   */
  private static int userInfoEnd(String rest) {
    int question = rest.indexOf('?');
    int candidate = question >= 0 ? rest.lastIndexOf('@', question) : rest.lastIndexOf('@');
    if (candidate >= 0 && hostListFollows(rest, candidate, false)) {
      return candidate;
    }
    for (boolean withDatabase : new boolean[] {true, false}) {
      for (int at = rest.lastIndexOf('@'); at >= 0; at = rest.lastIndexOf('@', at - 1)) {
        if (hostListFollows(rest, at, withDatabase)) {
          return at;
        }
      }
    }
    return -1;
  }

  /** Whether a host list (and, if {@code withDatabase}, a "/database") follows the '@'. */
  private static boolean hostListFollows(String rest, int at, boolean withDatabase) {
    int end = at + 1;
    while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
      end++;
    }
    return (!withDatabase || (end < rest.length() && rest.charAt(end) == '/'))
        && rest.substring(at + 1, end).matches("[A-Za-z0-9._\\-\\[\\]:,%]*");
  }

  private static String targetServerType(String value, String url) {
    String type = SESSION_ATTRS.get(value);
    if (type == null) {
      throw new InvalidDatabaseUrlException("database URL '" + redact(url)
          + "' has an unknown target_session_attrs (expected one of " + new java.util.TreeSet<>(SESSION_ATTRS.keySet()) + ")");
    }
    return type;
  }

  /**
   * The value of URL parameter {@code key} (pgjdbc property {@code name}) as pgjdbc takes it,
   * checked before any connection: a pgjdbc property must exist, a value must be one of its
   * choices, and a property whose default is a number or a boolean must be one. libpq's
   * {@code keepalives=1} and {@code load_balance_hosts=random} become pgjdbc's booleans.
   */
  private static String driverValue(String key, String name, String value, String url) {
    String shown = key.toLowerCase(java.util.Locale.ROOT).contains("password") ? "***" : value;
    PGProperty property = PGProperty.forName(name);
    if (property == null) {
      throw new InvalidDatabaseUrlException("database URL '" + redact(url) + "' has "
          + (LIBPQ_ONLY.contains(key) ? "the libpq parameter '" + key + "', which pgjdbc does not support"
              : "an unknown parameter '" + key + "' (neither a libpq parameter nor a pgjdbc property)"));
    }
    String converted = value;
    if (key.equals("keepalives")) {
      converted = value.equals("1") ? "true" : value.equals("0") ? "false" : value;
    } else if (key.equals("load_balance_hosts")) {
      converted = value.equals("random") ? "true" : value.equals("disable") ? "false" : value;
    }
    String[] choices = property.getChoices();
    String expected = null;
    if (choices != null && choices.length > 0) {
      if (!java.util.Arrays.asList(choices).contains(converted)) {
        expected = "one of " + String.join(", ", choices);
      }
    } else if (property.getDefaultValue() != null && property.getDefaultValue().matches("true|false")) {
      if (!converted.equalsIgnoreCase("true") && !converted.equalsIgnoreCase("false")) {
        expected = key.equals("keepalives") ? "1 or 0" : key.equals("load_balance_hosts") ? "disable or random"
            : "true or false";
      }
    } else if (property.getDefaultValue() != null && property.getDefaultValue().matches("-?\\d+")) {
      try {
        Integer.parseInt(converted);
      } catch (NumberFormatException e) {
        expected = "a whole number";
      }
    }
    if (expected != null) {
      throw new InvalidDatabaseUrlException("database URL '" + redact(url) + "' has an invalid " + key + " '"
          + shown + "': expected " + expected);
    }
    return converted;
  }

  private static String stripScheme(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith(JDBC_PREFIX)) {
      return text.substring(JDBC_PREFIX.length());
    }
    for (String prefix : LIBPQ_PREFIXES) {
      if (lower.startsWith(prefix)) {
        return text.substring(prefix.length());
      }
    }
    return null;
  }

  private static void checkHost(String hostAndPort, String url) {
    String host = hostAndPort;
    String port = null;
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      if (close < 0) {
        throw new InvalidDatabaseUrlException(
            "database URL '" + redact(url) + "' has an unclosed IPv6 address: " + EXPECTED);
      }
      host = hostAndPort.substring(0, close + 1);
      String after = hostAndPort.substring(close + 1);
      if (after.startsWith(":")) {
        port = after.substring(1);
      } else if (!after.isEmpty()) {
        throw new InvalidDatabaseUrlException(
            "database URL '" + redact(url) + "' has text after the IPv6 address: " + EXPECTED);
      }
    } else {
      int colon = hostAndPort.lastIndexOf(':');
      if (colon >= 0) {
        host = hostAndPort.substring(0, colon);
        port = hostAndPort.substring(colon + 1);
      }
    }
    if (host.startsWith("/") || host.regionMatches(true, 0, "%2F", 0, 3)) {
      throw new InvalidDatabaseUrlException("database URL '" + redact(url) + "' names a unix-domain socket ("
          + host + "), which the seed command cannot use (pgjdbc needs junixsocket for sockets): give a TCP host,"
          + " such as 127.0.0.1 or localhost");
    }
    if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '@')) {
      throw new InvalidDatabaseUrlException(
          "database URL '" + redact(url) + "' has an invalid host: " + EXPECTED);
    }
    if (port != null) {
      int number;
      try {
        number = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        number = -1;
      }
      if (number < 1 || number > 65535) {
        throw new InvalidDatabaseUrlException(
            "database URL '" + redact(url) + "' has an invalid port (expected 1-65535)");
      }
    }
  }

  /** Percent-decoding as in URLs, where '+' stays '+' (unlike form encoding). */
  private static String decode(String text, String url) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()
            || Character.digit(text.charAt(i + 1), 16) < 0
            || Character.digit(text.charAt(i + 2), 16) < 0) {
          throw new InvalidDatabaseUrlException(
              "database URL '" + redact(url) + "' has a malformed percent escape");
        }
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * Masks anything that may be a password in a URL that could not be parsed: the text
   * between the first ':' after "//" and the last '@', and every {@code password=} value.
   */
  public static String redact(String url) {
    if (url == null) {
      return "";
    }
    String masked = url.replaceAll("(?i)(password=)[^&#]*", "$1***");
    int start = masked.indexOf("//");
    int at = masked.lastIndexOf('@');
    if (start >= 0 && at > start) {
      int colon = masked.indexOf(':', start + 2);
      if (colon >= 0 && colon < at) {
        masked = masked.substring(0, colon + 1) + "***" + masked.substring(at);
      }
    }
    return masked;
  }

  /** The pgjdbc URL, without user or password (those go in connection properties). */
  public String jdbcUrl() {
    return JDBC_PREFIX + hosts + "/" + encode(database) + queryString();
  }

  private String queryString() {
    return queryString(false);
  }

  /** The parameters as a query string; {@code masked}: values of password-like keys as ***. */
  private String queryString(boolean masked) {
    if (parameters.isEmpty()) {
      return "";
    }
    StringJoiner query = new StringJoiner("&", "?", "");
    parameters.forEach((key, value) -> query.add(encode(key) + "="
        + (masked && key.toLowerCase(java.util.Locale.ROOT).contains("password") ? "***" : encode(value))));
    return query.toString();
  }

  /** The host list as written: {@code host}, {@code host:port}, or several separated by ','. */
  public String hosts() {
    return hosts;
  }

  public String database() {
    return database;
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public boolean hasPassword() {
    return password != null;
  }

  /** The extra connection parameters ({@code sslmode}, ...), in pgjdbc spelling, in URL order. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The same server and credentials, another database (for creating throw-away databases). */
  public DatabaseUrl withDatabase(String otherDatabase) {
    Objects.requireNonNull(otherDatabase, "otherDatabase");
    return new DatabaseUrl(hosts, otherDatabase, user, password, parameters);
  }

  /** The same address with other credentials ({@code password} may be null). */
  public DatabaseUrl withCredentials(String otherUser, String otherPassword) {
    return new DatabaseUrl(hosts, database, otherUser, otherPassword, parameters);
  }

  /** A new, unpooled pgjdbc DataSource for this address. */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(jdbcUrl());
    if (user != null) {
      dataSource.setUser(user);
    }
    if (password != null) {
      dataSource.setPassword(password);
    }
    return dataSource;
  }

  /** Where this points, for messages: {@code host:port/database}, no credentials. */
  public String describe() {
    return hosts + "/" + database;
  }

  /**
   * The libpq form with the password in clear, for handing the address to another process
   * (a child {@code seed} command, {@code psql}). Never print or log it; {@link #toString()}
   * is the printable form.
   */
  public String unmasked() {
    String credentials = user == null ? "" : encode(user) + (password == null ? "" : ":" + encode(password)) + "@";
    return "postgresql://" + credentials + hosts + "/" + encode(database) + queryString(false);
  }

  /** The libpq form with the password masked: safe to print. */
  @Override
  public String toString() {
    String credentials = user == null ? "" : encode(user) + (password == null ? "" : ":***") + "@";
    return "postgresql://" + credentials + hosts + "/" + encode(database) + queryString(true);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DatabaseUrl that
        && hosts.equals(that.hosts)
        && database.equals(that.database)
        && Objects.equals(user, that.user)
        && Objects.equals(password, that.password)
        && parameters.equals(that.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hosts, database, user, parameters);
  }
}
