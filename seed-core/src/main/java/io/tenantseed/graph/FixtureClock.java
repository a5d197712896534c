package io.tenantseed.graph;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The one "now" of a tenant graph: every timestamp and date a builder derives comes from
 * it, never from the system clock, so a graph is the same on any day.
 *
 * <pre>
 * FixtureClock.DEFAULT.now();                  // 2025-01-20T12:00:00Z
 * FixtureClock.at(Instant.now()).ago(Duration.ofHours(2));  // for tests that need recent dates
 * </pre>
 *
 * @param now the instant the graph is built "at", truncated to microseconds (PostgreSQL's
 *     precision)
 */
public record FixtureClock(Instant now) {

  /** The default: 2025-01-20T12:00:00Z. */
  public static final FixtureClock DEFAULT = new FixtureClock(Instant.parse("2025-01-20T12:00:00Z"));

  public FixtureClock {
    Objects.requireNonNull(now, "now");
    now = now.truncatedTo(ChronoUnit.MICROS);
  }

  public static FixtureClock at(Instant now) {
    return new FixtureClock(now);
  }

  /** The date of {@link #now()} in UTC. */
  public LocalDate today() {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  public OffsetDateTime timestamp() {
    return utc(now);
  }

  /** {@code duration} before now, as a UTC timestamp. */
  public OffsetDateTime ago(Duration duration) {
    return utc(now.minus(duration));
  }

  /** The same as {@code instant.atOffset(UTC)}, without looking up the offset's rules (a new object each time). */
  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.of(
        java.time.LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC), ZoneOffset.UTC);
  }

  /** {@code days} after today (negative: before). */
  public LocalDate inDays(int days) {
    return today().plusDays(days);
  }
}
