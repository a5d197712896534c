package io.tenantseed.cli;

/** The {@code seed} command's entry point: runs {@link SeedCommand} and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    // On SIGINT or SIGTERM a shutdown hook says, in one line, what the interruption left.
    Interruption interruption = new Interruption();
    interruption.install(System.err);
    int exitCode = SeedCommand.execute(Context.system(), interruption, args);
    interruption.finished();
    System.exit(exitCode);
  }
}
