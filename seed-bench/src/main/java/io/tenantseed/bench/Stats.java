package io.tenantseed.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one thing: median and spread. */
final class Stats {

  private final List<Double> values = new ArrayList<>();

  void add(double value) {
    values.add(value);
  }

  int count() {
    return values.size();
  }

  double median() {
    List<Double> sorted = sorted();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double min() {
    return sorted().get(0);
  }

  double max() {
    return sorted().get(values.size() - 1);
  }

  /** {@code "n=5, 1.21-1.40"}: how many runs, and the range, in the unit the values are in. */
  String spread(String format) {
    return String.format(Locale.ROOT, "n=%d, " + format + "-" + format, count(), min(), max());
  }

  private List<Double> sorted() {
    if (values.isEmpty()) {
      throw new IllegalStateException("no measurements");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }

  /** Seconds since {@code startedNanos}. */
  static double since(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
