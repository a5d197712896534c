package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShortIdsTest {

  @Test
  void idsThatDifferInTheirFirstEightDigitsAreShownByThem() {
    assertThat(ShortIds.of(ids("5eed0001-0000-4000-8000-000000000001", "6eed0001-0000-4000-8000-000000000001")))
        .containsExactly(entry(id("5eed0001-0000-4000-8000-000000000001"), "5eed0001"),
            entry(id("6eed0001-0000-4000-8000-000000000001"), "6eed0001"));
  }

  @Test
  void aLoneIdIsShownByItsFirstEightDigits() {
    assertThat(ShortIds.of(ids("11111111-1111-1111-1111-111111111111")))
        .containsExactly(entry(id("11111111-1111-1111-1111-111111111111"), "11111111"));
  }

  @Test
  void idsThatShareTheirStartAreShownByAsMuchMoreAsTellsThemApartNeverEndingAtADash() {
    assertThat(ShortIds.of(ids("abcdef01-2345-4000-8000-0000000000aa", "abcdef01-2346-4000-8000-0000000000aa")))
        .containsExactly(entry(id("abcdef01-2345-4000-8000-0000000000aa"), "abcdef01-2345"),
            entry(id("abcdef01-2346-4000-8000-0000000000aa"), "abcdef01-2346"));
    assertThat(ShortIds.of(ids("abcdef01-a000-4000-8000-0000000000aa", "abcdef01-b000-4000-8000-0000000000aa")))
        .containsExactly(entry(id("abcdef01-a000-4000-8000-0000000000aa"), "abcdef01-a"),
            entry(id("abcdef01-b000-4000-8000-0000000000aa"), "abcdef01-b"));
  }

  @Test
  void idsThatDifferOnlyAtTheirEndAreShownByTheirEnd() {
    assertThat(ShortIds.of(ids("11111111-1111-1111-1111-111111111113", "11111111-1111-1111-1111-111111111111",
        "11111111-1111-1111-1111-111111111112"))).containsExactly(
            entry(id("11111111-1111-1111-1111-111111111113"), "...11111113"),
            entry(id("11111111-1111-1111-1111-111111111111"), "...11111111"),
            entry(id("11111111-1111-1111-1111-111111111112"), "...11111112"));
  }

  @Test
  void idsThatDifferOnlyInTheirMiddleAreShownByTheShorterOfTheirStartAndEnd() {
    assertThat(ShortIds.of(ids("11111111-1111-1111-a111-111111111111", "11111111-1111-1111-b111-111111111111")))
        .containsExactly(entry(id("11111111-1111-1111-a111-111111111111"), "...a111-111111111111"),
            entry(id("11111111-1111-1111-b111-111111111111"), "...b111-111111111111"));
  }

  @Test
  void idsThatNeitherTheirWholeStartNorTheirWholeEndTellApartAreShownWhole() {
    List<UUID> ids = ids("11111111-1111-1111-1111-111111111111", "21111111-1111-1111-1111-111111111111",
        "11111111-1111-1111-1111-111111111112");
    assertThat(ShortIds.of(ids)).containsExactly(entry(ids.get(0), ids.get(0).toString()),
        entry(ids.get(1), ids.get(1).toString()), entry(ids.get(2), ids.get(2).toString()));
  }

  @Test
  void idsThatOnlyAPartOfMoreThanThirtyCharactersTellsApartAreShownWhole() {
    // The start tells the first and third apart at 35 characters, the end never tells the first two apart.
    List<UUID> ids = ids("11111111-1111-1111-1111-111111111111", "21111111-1111-1111-1111-111111111111",
        "11111111-1111-1111-1111-111111111121");
    assertThat(ShortIds.of(ids)).containsExactly(entry(ids.get(0), ids.get(0).toString()),
        entry(ids.get(1), ids.get(1).toString()), entry(ids.get(2), ids.get(2).toString()));
    // Thirty characters are still a part: the start tells the first two apart at 30, the end the first and third.
    List<UUID> thirty = ids("11111111-1111-1111-1111-111111111111", "11111111-1111-1111-1111-111112111111",
        "11111121-1111-1111-1111-111111111111");
    assertThat(ShortIds.of(thirty)).containsExactly(entry(thirty.get(0), "11111111-1111-1111-1111-111111"),
        entry(thirty.get(1), "11111111-1111-1111-1111-111112"), entry(thirty.get(2), "11111121-1111-1111-1111-111111"));
    // One character more on both sides: whole.
    List<UUID> more = ids("11111111-1111-1111-1111-111111111111", "11111111-1111-1111-1111-111111211111",
        "11111211-1111-1111-1111-111111111111");
    assertThat(ShortIds.of(more).values()).containsExactlyElementsOf(more.stream().map(UUID::toString).toList());
  }

  @Test
  void aRepeatedIdCountsOnce() {
    assertThat(ShortIds.of(ids("5eed0001-0000-4000-8000-000000000001", "5eed0001-0000-4000-8000-000000000001")))
        .containsExactly(entry(id("5eed0001-0000-4000-8000-000000000001"), "5eed0001"));
  }

  private static UUID id(String id) {
    return UUID.fromString(id);
  }

  private static List<UUID> ids(String... ids) {
    return java.util.Arrays.stream(ids).map(UUID::fromString).toList();
  }
}
