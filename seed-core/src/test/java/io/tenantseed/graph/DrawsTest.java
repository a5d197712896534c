package io.tenantseed.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawsTest {

  @Test
  void roundingWithoutFormattingGivesTheDigitsOfTheDecimalForm() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double value = random.nextDouble() * (i % 3 == 0 ? 1.0 : i % 3 == 1 ? 100.0 : 1e9);
      int scale = i % 7;
      assertThat(Draws.roundHalfUp(value, scale)).as("%s at scale %d", value, scale)
          .isEqualTo(BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP));
    }
  }

  @Test
  void valuesAtAHalfAndOutsideTheFastRangeTakeTheExactPath() {
    double[] values = {0.125, 0.005, 2.675, 1.005, 0.615, 94.995, -0.125, -2.675, 1e12 + 0.5, 0, 0.5, 0.994999999,
        163407987.015, 65631.4327215, 4294.9672955, 1e9 - 0.0005};
    for (double value : values) {
      for (int scale = 0; scale <= 7; scale++) {
        assertThat(Draws.roundHalfUp(value, scale)).as("%s at scale %d", value, scale)
            .isEqualTo(BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP));
      }
    }
  }

  @Test
  void drawsDependOnlyOnPathAndField() {
    Draws first = Draws.of("tenant/engagement/0/asset/3");
    BigDecimal score = first.decimal("completeness", 0.5, 1.0, 2);
    Draws.of("tenant/engagement/0/asset/4").decimal("completeness", 0.5, 1.0, 2);

    assertThat(Draws.of("tenant/engagement/0/asset/3").decimal("completeness", 0.5, 1.0, 2)).isEqualTo(score);
    assertThat(first.between("wave", 1, 3)).isEqualTo(Draws.of("tenant/engagement/0/asset/3").between("wave", 1, 3));
  }
}
