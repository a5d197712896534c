package io.tenantseed.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CHECK forms a value is drawn for, in the text PostgreSQL 15's pg_get_constraintdef
 * prints for them (taken from the server: {@code IN} becomes {@code = ANY (ARRAY[...])},
 * {@code BETWEEN} two comparisons, a varchar compared as text), and the forms that must be
 * refused rather than guessed at.
 */
class ColumnCheckTest {

  @Test
  void anInListOfTextOrVarcharOrAnEnumIsTheListOfAllowedValues() {
    assertThat(read("a", "CHECK ((a = ANY (ARRAY['x'::text, 'y'::text])))").allowed()).containsExactly("x", "y");
    assertThat(read("b", "CHECK (((b)::text = ANY ((ARRAY['p'::character varying, 'q'::character varying])::text[])))")
        .allowed()).containsExactly("p", "q");
    assertThat(read("l", "CHECK ((l = ANY (ARRAY['ok'::writer_probe.mood, 'it''s'::writer_probe.mood])))").allowed())
        .containsExactly("ok", "it's");
    assertThat(read("g", "CHECK ((g = 'only'::text))").allowed()).containsExactly("only");
  }

  @Test
  void betweenAndComparisonsAreBoundsWhicheverSideTheColumnIsOn() {
    ColumnCheck between = read("d", "CHECK (((d >= '-1.5'::numeric) AND (d < (3)::numeric)))");
    assertThat(between.lower()).isEqualByComparingTo("-1.5");
    assertThat(between.upper()).isEqualByComparingTo("3");
    assertThat(between.admits("-1.5", true)).isTrue();
    assertThat(between.admits("3", true)).isFalse();
    assertThat(read("r", "CHECK ((5 <= r))").lower()).isEqualByComparingTo(BigDecimal.valueOf(5));
    assertThat(read("h", "CHECK ((h > '-5'::integer))").admits("-5", true)).isFalse();
  }

  @Test
  void isNullOrAroundAFormIsTheFormAndNotInExcludes() {
    assertThat(read("e", "CHECK (((e IS NULL) OR (e = ANY (ARRAY[1, 2, 3]))))").allowed()).containsExactly("1", "2", "3");
    ColumnCheck range = read("m", "CHECK ((((m >= 0) AND (m <= 100)) OR (m IS NULL)))");
    assertThat(range.upper()).isEqualByComparingTo("100");
    ColumnCheck notIn = read("q", "CHECK ((q <> ALL (ARRAY[1, 2])))");
    assertThat(notIn.admits("2", true)).isFalse();
    assertThat(notIn.admits("3", true)).isTrue();
  }

  @Test
  void jsonKindsAndNonBlankTextAreRead() {
    assertThat(read("f", "CHECK ((jsonb_typeof(f) = 'array'::text))").jsonKind()).isEqualTo("array");
    assertThat(read("name", "CHECK ((btrim(name) <> ''::text))").admits(" ", false)).isFalse();
  }

  @Test
  void formsNotKnownHereAreRefusedRatherThanGuessed() {
    assertThat(read("slug", "CHECK ((slug ~ '^[a-z0-9][a-z0-9-]*$'::text))")).isNull();
    assertThat(read("p", "CHECK ((p >= '2020-01-01'::date))")).as("an ordered non-number").isNull();
    assertThat(read("x", "CHECK (((x > 0) OR (y > 0)))")).as("another column").isNull();
    assertThat(read("x", "CHECK ((length(x) > 3))")).isNull();
  }

  private static ColumnCheck read(String column, String check) {
    return ColumnCheck.read(column, List.of(check));
  }
}
