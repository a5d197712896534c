package io.tenantseed.bench;

import java.util.Locale;

/**
 * One line of the results table: our figure, the baseline's, their ratio, the target and
 * whether it was met. {@code ratio} is expressed the way the target is (see {@code target}).
 */
record Result(String benchmark, String ours, String baseline, double ratio, String ratioMeaning,
    String target, Verdict verdict, String detail) {

  enum Verdict { MET, MISSED, INFO }

  String ratioText() {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx %s", ratio, ratioMeaning).strip();
  }

  static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }

  static String millis(double millis) {
    return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
  }

  static String rate(double rowsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f rows/s", rowsPerSecond);
  }
}
