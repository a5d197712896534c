package io.tenantseed.graph;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based (version 5, SHA-1) UUIDs: the id of every entity not given one explicitly is
 * derived from its tenant id and its path in the graph, so it is the same on every machine
 * and every run, and different for every tenant.
 *
 * <pre>
 * UUID asset17 = Ids.derive(tenantId, "engagement/cloud-migration-2025/asset/17");
 * </pre>
 */
public final class Ids {

  private Ids() {}

  /**
   * A UUID written in its canonical 8-4-4-4-12 hex form, the only one accepted from users
   * ({@code UUID.fromString} also takes forms such as "1-1-1-1-1").
   *
   * @throws IllegalArgumentException naming the text when it is not that form
   */
  public static UUID parse(String text) {
    if (text == null || !canonical(text)) {
      throw new IllegalArgumentException("'" + text + "' is not a UUID (expected 8-4-4-4-12 hex digits)");
    }
    return UUID.fromString(text);
  }

  /** Whether {@code text} is a UUID in its canonical form (as {@link #parse} takes it). */
  static boolean isUuid(String text) {
    return text != null && canonical(text);
  }

  /** 8-4-4-4-12 hex digits, checked without a regex: an import reads a million ids each pass. */
  private static boolean canonical(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
          : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The uuid the writer draws for column {@code column} of the row at {@code path} when the
   * row does not set it and the column is NOT NULL without a default: how a generic row
   * without an explicit id is referenced ({@link Ref#row}).
   */
  public static UUID drawn(UUID tenantId, String path, String column) {
    return derive(tenantId, path + "#" + column);
  }

  /** One digest per thread: a clone derives an id for every uuid of every row it reads. */
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  });

  /** The version-5 UUID of {@code name} in the namespace {@code namespace} (RFC 4122 4.3). */
  public static UUID derive(UUID namespace, String name) {
    MessageDigest sha1 = SHA1.get();
    sha1.reset();
    sha1.update(ByteBuffer.allocate(16)
        .putLong(namespace.getMostSignificantBits())
        .putLong(namespace.getLeastSignificantBits())
        .array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
