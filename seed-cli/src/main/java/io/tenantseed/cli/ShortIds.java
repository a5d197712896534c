package io.tenantseed.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Tenant ids shortened for the heads of table columns, as git abbreviates hashes: the
 * shortest part that tells the ids shown together apart, never under {@link #MINIMUM}
 * characters. That is the start of each id, or its end (after {@code ...}) when a shorter end
 * tells them apart: ids written by hand often share their start ({@code
 * 11111111-1111-1111-1111-111111111111} and {@code ...-111111111112}). Where the better of
 * the two would take more than {@link #MOST} characters, the ids are shown whole: a part
 * nearly as long as the id saves no room and hides which end was cut.
 *
 * <pre>
 * ShortIds.of(List.of(UUID.fromString("5eed0001-0000-4000-8000-000000000001"),
 *     UUID.fromString("5eed0002-0000-4000-8000-000000000001")));
 * // {5eed0001-...=5eed0001, 5eed0002-...=5eed0002}
 * ShortIds.of(List.of(UUID.fromString("11111111-1111-1111-1111-111111111111"),
 *     UUID.fromString("11111111-1111-1111-1111-111111111112")));
 * // {...=...11111111, ...=...11111112}
 * </pre>
 */
final class ShortIds {

  /** The fewest characters shown of an id. */
  static final int MINIMUM = 8;

  /**
   * The most characters shown of an id that is not shown whole. A longer part saves at most
   * five of the id's 36 columns (an end's {@code ...} eats three of them), yet it reads as a
   * whole id with a character or two missing: the whole id is clearer.
   */
  static final int MOST = 30;

  private static final int WHOLE = 36;

  private ShortIds() {}

  /** Each of {@code ids} (duplicates count once) and the part of it to show, in their order. */
  static Map<UUID, String> of(Collection<UUID> ids) {
    List<String> texts = ids.stream().distinct().map(UUID::toString).toList();
    int prefix = shortest(texts, (text, length) -> text.substring(0, length));
    int suffix = shortest(texts, (text, length) -> text.substring(WHOLE - length));
    Map<UUID, String> shown = new LinkedHashMap<>();
    for (String text : texts) {
      String part = Math.min(prefix, suffix) > MOST ? text
          : prefix <= suffix ? text.substring(0, prefix) : "..." + text.substring(WHOLE - suffix);
      shown.put(UUID.fromString(text), part);
    }
    return shown;
  }

  /** The fewest characters, from {@link #MINIMUM} on, whose {@code part} of each text differs; not ending at a dash. */
  private static int shortest(List<String> texts, BiFunction<String, Integer, String> part) {
    for (int length = MINIMUM; length < WHOLE; length++) {
      int at = length;
      List<String> parts = texts.stream().map(text -> part.apply(text, at)).toList();
      boolean atDash = parts.stream().anyMatch(shown -> shown.startsWith("-") || shown.endsWith("-"));
      if (!atDash && parts.stream().distinct().count() == parts.size()) {
        return length;
      }
    }
    return WHOLE;
  }
}
