package io.tenantseed;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of database the environment marker ({@code seed_meta.environment}) says this
 * is, from least to most protected. The one place marker names are parsed: a name is known
 * only as written here in lower case, so {@code Production}, {@code prod} or an empty name
 * are not markers at all, and every guard refuses on them.
 *
 * <pre>
 * Environment.fromName("test");        // Optional[TEST]
 * Environment.fromName("Production");  // Optional.empty(): unknown, so the guards refuse
 * Environment.PRODUCTION.markerName(); // "production"
 * </pre>
 */
public enum Environment {
  DEVELOPMENT,
  TEST,
  STAGING,
  PRODUCTION;

  /** The name as the marker stores it and people type it: {@code development}, ... */
  public String markerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The environment {@code name} names exactly, if any. */
  public static Optional<Environment> fromName(String name) {
    return Arrays.stream(values()).filter(environment -> environment.markerName().equals(name)).findFirst();
  }

  /** Every marker name, least protected first. */
  public static List<String> markerNames() {
    return Arrays.stream(values()).map(Environment::markerName).toList();
  }

  @Override
  public String toString() {
    return markerName();
  }
}
