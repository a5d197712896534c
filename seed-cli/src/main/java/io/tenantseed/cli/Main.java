package io.tenantseed.cli;

/** The {@code seed} command's entry point: runs {@link SeedCommand} and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.exit(SeedCommand.execute(Context.system(), args));
  }
}
