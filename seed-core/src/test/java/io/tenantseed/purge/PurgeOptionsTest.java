package io.tenantseed.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PurgeOptionsTest {

  @Test
  void optionsCannotBeBuiltFromPositionalBooleansWhoseMeaningChanged() {
    // new PurgeOptions(false, true) once meant strict; it must not compile into if-exists now.
    assertThat(Arrays.stream(PurgeOptions.class.getDeclaredConstructors()).filter(c -> !Modifier.isPrivate(c.getModifiers())))
        .isEmpty();
    assertThat(PurgeOptions.class.isRecord()).isFalse();
  }

  @Test
  @SuppressWarnings("deprecation") // strict() and withStrict(), kept for older callers
  void theFactoriesSetOneFlagEachAndKeepTheOther() {
    assertThat(PurgeOptions.DEFAULT.force()).isFalse();
    assertThat(PurgeOptions.DEFAULT.ifExists()).isFalse();
    assertThat(PurgeOptions.DEFAULT.strict()).isTrue();
    PurgeOptions both = PurgeOptions.DEFAULT.withIfExists().withForce();
    assertThat(both.force()).isTrue();
    assertThat(both.ifExists()).isTrue();
    assertThat(both.strict()).isFalse();
    assertThat(both.withStrict().ifExists()).isFalse();
    assertThat(both.withStrict().force()).isTrue();
    assertThat(both).isEqualTo(PurgeOptions.DEFAULT.withForce().withIfExists())
        .hasSameHashCodeAs(PurgeOptions.DEFAULT.withForce().withIfExists())
        .isNotEqualTo(PurgeOptions.DEFAULT.withForce());
    assertThat(both).hasToString("PurgeOptions[force=true, ifExists=true]");
  }
}
