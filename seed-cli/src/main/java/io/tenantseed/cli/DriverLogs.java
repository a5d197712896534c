package io.tenantseed.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * pgjdbc logs through java.util.logging, whose default handler writes to stderr: a URL it
 * dislikes ("JDBC URL contains too many / characters") would add lines beside the command's
 * one error line. The seed command reports every failure itself, so the driver's loggers are
 * turned off; {@code -Dseed.driver-logs=true} keeps them.
 */
final class DriverLogs {

  /** Held, so that the level set stays (java.util.logging keeps loggers only weakly). */
  private static final Logger PGJDBC = Logger.getLogger("org.postgresql");

  private DriverLogs() {}

  static void silence() {
    if (!Boolean.getBoolean("seed.driver-logs")) {
      PGJDBC.setLevel(Level.OFF);
    }
  }
}
