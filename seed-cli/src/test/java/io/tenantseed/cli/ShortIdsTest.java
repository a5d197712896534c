package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShortIdsTest {

  @Test
  void idsThatDifferInTheirFirstEightDigitsAreShownByThem() {
    assertThat(ShortIds.of(ids("5eed0001-0000-4000-8000-000000000001", "6eed0001-0000-4000-8000-000000000001")))
        .containsValues("5eed0001", "6eed0001");
  }

  @Test
  void aLoneIdIsShownByItsFirstEightDigits() {
    assertThat(ShortIds.of(ids("11111111-1111-1111-1111-111111111111"))).containsValue("11111111");
  }

  @Test
  void idsThatShareTheirStartAreShownByAsMuchMoreAsTellsThemApartNeverEndingAtADash() {
    assertThat(ShortIds.of(ids("abcdef01-2345-4000-8000-0000000000aa", "abcdef01-2346-4000-8000-0000000000aa")))
        .containsValues("abcdef01-2345", "abcdef01-2346");
    assertThat(ShortIds.of(ids("abcdef01-a000-4000-8000-0000000000aa", "abcdef01-b000-4000-8000-0000000000aa")))
        .containsValues("abcdef01-a", "abcdef01-b");
  }

  @Test
  void idsThatDifferOnlyAtTheirEndAreShownByTheirEnd() {
    assertThat(ShortIds.of(ids("11111111-1111-1111-1111-111111111111", "11111111-1111-1111-1111-111111111112",
        "11111111-1111-1111-1111-111111111113"))).containsValues("...11111111", "...11111112", "...11111113");
  }

  @Test
  void idsThatDifferOnlyInTheirMiddleAreShownByTheShorterOfTheirStartAndEnd() {
    assertThat(ShortIds.of(ids("11111111-1111-1111-a111-111111111111", "11111111-1111-1111-b111-111111111111")))
        .containsValues("...a111-111111111111", "...b111-111111111111");
  }

  @Test
  void idsThatNeitherTheirWholeStartNorTheirWholeEndTellApartAreShownWhole() {
    List<UUID> ids = ids("11111111-1111-1111-1111-111111111111", "21111111-1111-1111-1111-111111111111",
        "11111111-1111-1111-1111-111111111112");
    assertThat(ShortIds.of(ids).values()).containsExactlyElementsOf(ids.stream().map(UUID::toString).toList());
  }

  @Test
  void aRepeatedIdCountsOnce() {
    assertThat(ShortIds.of(ids("5eed0001-0000-4000-8000-000000000001", "5eed0001-0000-4000-8000-000000000001")))
        .hasSize(1).containsValue("5eed0001");
  }

  private static List<UUID> ids(String... ids) {
    return java.util.Arrays.stream(ids).map(UUID::fromString).toList();
  }
}
