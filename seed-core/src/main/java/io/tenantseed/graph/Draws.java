package io.tenantseed.graph;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * The random defaults of one entity. Every draw is seeded by the entity's path and the
 * field it is for, so draws are independent of each other and of every other entity: the
 * order in which fields are drawn, or another entity being added, changes nothing.
 *
 * <p>One Faker per thread, reseeded before each draw (building a Faker is costly; seeding a
 * Random is not). Not thread-safe; a builder uses it on one thread.
 */
final class Draws {

  private static final ThreadLocal<Generator> GENERATOR = ThreadLocal.withInitial(Generator::new);

  /** The hashes of field names: a handful of constants, hashed once. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Long> FIELD_HASHES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final long pathHash;
  private final Generator generator;

  private Draws(long pathHash, Generator generator) {
    this.pathHash = pathHash;
    this.generator = generator;
  }

  /**
   * Draws for the entity at {@code path} (the tenant id is deliberately not part of it), on
   * the calling thread's generator: use them on this thread.
   */
  static Draws of(String path) {
    return new Draws(fnv1a(path), GENERATOR.get());
  }

  /** A Faker seeded for {@code field} of this entity. Use it for one value, then draw again. */
  Faker faker(String field) {
    return seeded(field).faker;
  }

  int between(String field, int lowInclusive, int highInclusive) {
    return lowInclusive + seeded(field).random.nextInt(highInclusive - lowInclusive + 1);
  }

  <T> T pick(String field, List<T> choices) {
    return choices.get(seeded(field).random.nextInt(choices.size()));
  }

  /**
   * A decimal in [low, high] with {@code scale} digits: the double drawn, in its shortest
   * decimal form ({@link BigDecimal#valueOf(double)}), rounded half up.
   */
  BigDecimal decimal(String field, double low, double high, int scale) {
    double value = low + seeded(field).random.nextDouble() * (high - low);
    return roundHalfUp(value, scale);
  }

  /**
   * {@code BigDecimal.valueOf(value).setScale(scale, HALF_UP)} without formatting the double.
   * Below 2^32, doubles are spaced at most 2^-21 apart, so the scaled double, the scaled exact
   * value and the scaled decimal form lie within about 1.5 of those spacings (under 0.75
   * millionths) of each other: where the scaled value is not within a millionth of a half,
   * rounding it gives the same digits. Near
   * a half, for larger or negative values, and for other scales, the exact path decides.
   */
  static BigDecimal roundHalfUp(double value, int scale) {
    if (value >= 0 && scale >= 0 && scale < POWERS_OF_TEN.length) {
      double scaled = value * POWERS_OF_TEN[scale];
      double fraction = scaled - Math.floor(scaled);
      if (scaled < 0x1p32 && Math.abs(fraction - 0.5) > 1e-6) {
        return BigDecimal.valueOf((long) Math.floor(scaled + 0.5), scale);
      }
    }
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }

  private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  /** An address in 10.0.0.0/8, never a network or broadcast address of a /24. */
  String privateIpv4(String field) {
    Random random = seeded(field).random;
    return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  /** Lower-case hex, {@code digits} long. */
  String hex(String field, int digits) {
    Random random = seeded(field).random;
    StringBuilder out = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private Generator seeded(String field) {
    Long fieldHash = FIELD_HASHES.get(field);
    if (fieldHash == null) {
      fieldHash = FIELD_HASHES.computeIfAbsent(field, Draws::fnv1a);
    }
    generator.random.setSeed(mix(pathHash ^ fieldHash));
    return generator;
  }

  /** 64-bit FNV-1a over UTF-8: fixed by its definition, the same on every JVM. */
  static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** SplitMix64's finaliser: spreads nearby hashes apart before they seed a Random. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static final class Generator {
    final Random random = new Random(0);
    final Faker faker = new Faker(Locale.ENGLISH, random);
  }
}
