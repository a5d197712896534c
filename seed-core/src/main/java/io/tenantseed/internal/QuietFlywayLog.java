package io.tenantseed.internal;

import java.util.function.Supplier;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.flywaydb.core.api.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log tenant-seed's {@code Migrator} hands Flyway: SLF4J under Flyway's own logger names,
 * as Flyway's {@code "slf4j"} logger, but while a thread runs Flyway {@link #quietly} only
 * warnings and errors keep their level. Flyway's progress there ({@code "Database:
 * jdbc:postgresql://...?"} with every driver property, "Migrating schema ...", "Successfully
 * validated ...", several times per migration) becomes debug and its debug becomes trace,
 * so a user's test log stays quiet unless {@code org.flywaydb} is asked for at debug; the
 * {@code MigrateReport} says what was applied. Everywhere else it logs as Flyway's
 * {@code "slf4j"} logger does.
 *
 * <p>Flyway instantiates it by name, in a configuration's {@code loggers} (hence public, with
 * a public constructor):
 *
 * <pre>
 * Flyway flyway = Flyway.configure().dataSource(dataSource).loggers(QuietFlywayLog.class.getName()).load();
 * MigrateResult result = QuietFlywayLog.quietly(flyway::migrate);   // warnings and errors only
 * </pre>
 *
 * <p>Why both a logger and a scope: Flyway's {@code LogFactory} is global to the JVM. Every
 * Flyway instance, when loaded, makes its configuration's {@code loggers} the ones every
 * Flyway class logs through, until the next instance is loaded. So a user's own Flyway, loaded
 * before a {@code Migrator}'s and run after it, logs through this one; the scope keeps it at
 * its usual levels. The global switches are not used: {@code LogFactory.setLogLevel} would
 * silence a user's Flyway for the rest of the JVM, and {@code LogFactory.setLogCreator} lasts
 * only until the next Flyway is loaded, anyone's. For the same reason a Flyway that another
 * thread loads while {@code Migrator} runs takes the log over for the rest of that run, which
 * then logs at Flyway's usual levels. Stateless apart from the calling thread's scope; thread-safe.
 */
public final class QuietFlywayLog implements LogCreator {

  private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /** Called by Flyway, which finds the class by its name. */
  public QuietFlywayLog() {}

  /** Runs {@code action}, with Flyway's progress in the calling thread demoted to debug. */
  public static <T> T quietly(Supplier<T> action) {
    boolean outer = QUIET.get();
    QUIET.set(Boolean.TRUE);
    try {
      return action.get();
    } finally {
      QUIET.set(outer);
    }
  }

  @Override
  public Log createLogger(Class<?> source) {
    return new Slf4j(LoggerFactory.getLogger(source.getName()));
  }

  /** Flyway's levels onto SLF4J's, one lower while quiet; {@code notice} is dropped, as by Flyway's own. */
  private record Slf4j(Logger logger) implements Log {

    @Override
    public void debug(String message) {
      if (QUIET.get()) {
        logger.trace(message);
      } else if (LogFactory.isDebugEnabled()) {
        logger.debug(message);
      }
    }

    @Override
    public void info(String message) {
      if (QUIET.get()) {
        logger.debug(message);
      } else if (!LogFactory.isQuietMode()) {
        logger.info(message);
      }
    }

    @Override
    public void warn(String message) {
      logger.warn(message);
    }

    @Override
    public void error(String message) {
      logger.error(message);
    }

    @Override
    public void error(String message, Exception e) {
      logger.error(message, e);
    }

    @Override
    public void notice(String message) {
      // Flyway's edition and licensing notices; its own slf4j logger drops them too
    }
  }
}
