package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code seed}: the command-line face of tenant-seed. Every subcommand parses its options,
 * calls seed-core or seed-fixtures, and prints the result; the work itself lives there.
 */
@Command(name = "seed", mixinStandardHelpOptions = true, versionProvider = SeedCommand.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = "Seeds a multi-tenant PostgreSQL database with deterministic tenants, one tenant at a time,"
        + " and removes them again.",
    subcommands = {
        InitDevDbCommand.class, MigrateCommand.class, StatusCommand.class, LoadCommand.class, CloneCommand.class,
        ExportCommand.class, DiffCommand.class, PurgeCommand.class, FlowsCommand.class, ResetCommand.class,
        LintMigrationsCommand.class, EnvCommand.class,
        DbCommand.class, AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:success",
        " 1:unexpected failure (run again with --verbose for the stack trace)",
        " 2:bad usage or input: nothing was changed",
        " 3:refused by a guard (environment marker, unregistered tenant, missing --yes)",
        " 4:database unreachable (server down, wrong host or port, no such database)",
        " 5:authentication failed",
        " 6:tenant exists",
        " 7:migration failed, an applied migration no longer matches its file, the database is not migrated,"
            + " or lacks a table or column the migrations define",
        "130:interrupted by SIGINT (Ctrl-C); one line on stderr says what was kept",
        "143:interrupted by SIGTERM; likewise"},
    footerHeading = "%nDatabase:%n",
    footer = {"--url, else SEED_DATABASE_URL, else DATABASE_URL,",
        "else the embedded server of .seed/pg when it runs,",
        "else postgresql://postgres@127.0.0.1:5432/seed_dev.",
        "",
        "Environment:",
        "SEED_JAVA_OPTS  options for the JVM that bin/seed starts, after its own, so",
        "                they win: SEED_JAVA_OPTS='-Xmx4g' bin/seed load scale"})
public final class SeedCommand implements Callable<Integer> {

  @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "PostgreSQL URL (postgresql://user:password@host:port/db or jdbc:postgresql://...), with libpq"
          + " parameters or pgjdbc properties; TCP only, no unix sockets.")
  String url;

  @Option(names = "--schema", scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = "migration",
      description = "The application schema, for status, purge and flows (default: ${DEFAULT-VALUE}).")
  String schema;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the result as one JSON document on stdout.")
  boolean json;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
  boolean verbose;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colours in the output.")
  boolean noColor;

  @Spec
  CommandSpec spec;

  final Context context;
  final Interruption interruption;
  private Output output;

  SeedCommand(Context context, Interruption interruption) {
    this.context = context;
    this.interruption = interruption;
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see seed --help)");
  }

  /** Runs the command line {@code args} in {@code context}; returns the exit code. */
  public static int execute(Context context, String... args) {
    return execute(context, new Interruption(), args);
  }

  /** {@link #execute(Context, String...)}, reporting where its work stands to {@code interruption}. */
  static int execute(Context context, Interruption interruption, String... args) {
    if (System.getProperty("picocli.trace") == null) {
      // picocli's own warnings (unbalanced quotes in a --set value, say) would be more lines on
      // stderr beside the one error line; -Dpicocli.trace=WARN turns them back on.
      CommandLine.tracer().setLevel(CommandLine.TraceLevel.OFF);
    }
    DriverLogs.silence();
    SeedCommand root = new SeedCommand(context, interruption);
    CommandLine commandLine = new CommandLine(root)
        .setOut(context.out())
        .setErr(context.err())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(UUID.class, new UuidConverter())
        .setExecutionStrategy(root::executeOrPrintVersion)
        .setExecutionExceptionHandler((failure, command, parseResult) -> root.failed(failure))
        .setParameterExceptionHandler(root::badUsage);
    commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    giveVersion(commandLine);
    return commandLine.execute(args);
  }

  /** {@code seed <command> --version} prints the version too. */
  private static void giveVersion(CommandLine commandLine) {
    commandLine.getCommandSpec().versionProvider(new Version());
    commandLine.getSubcommands().values().forEach(SeedCommand::giveVersion);
  }

  /**
   * Runs the command, as picocli does by default; but {@code --version} under {@code --json}
   * prints the version as a JSON document, which picocli's own printing would not.
   */
  private int executeOrPrintVersion(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult command = parseResult; command != null; command = command.subcommand()) {
      if (command.isUsageHelpRequested()) {
        break; // --help wins over --version, as in picocli's own order
      }
      if (command.isVersionHelpRequested() && json) {
        output().result(Version.document());
        return 0;
      }
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /** The output of this run, made once the global options are parsed. */
  Output output() {
    if (output == null) {
      boolean color = !noColor && context.interactive() && !context.environment().containsKey("NO_COLOR");
      output = new Output(context.out(), context.err(), json, color);
    }
    return output;
  }

  private int badUsage(CommandLine.ParameterException failure, String[] args) {
    String command = failure.getCommandLine().getCommandSpec().qualifiedName();
    String message = java.util.Objects.requireNonNullElse(failure.getMessage(), failure.toString());
    output().error(ErrorCode.BAD_INPUT.exitCode(), ErrorCode.BAD_INPUT.name(),
        message + (message.contains("--help") ? "" : " (see " + command + " --help)"));
    return ErrorCode.BAD_INPUT.exitCode();
  }

  private int failed(Exception failure) {
    if (interruption.interrupted()) {
      return 130; // the shutdown hook said what happened, in the one line there is
    }
    ErrorCode code;
    String message;
    if (failure instanceof SeedException seed) {
      code = seed.errorCode();
      message = seed.getMessage();
    } else if (failure instanceof CliException cli) {
      code = cli.errorCode();
      message = cli.getMessage();
    } else {
      code = ErrorCode.UNEXPECTED;
      message = "unexpected failure: " + failure;
    }
    // The message as it is: the stderr line shows it printable, the --json document exactly.
    output().error(code.exitCode(), code.name(), java.util.Objects.requireNonNullElse(message, failure.toString()));
    if (verbose) {
      output().trace(failure);
    }
    return code.exitCode();
  }

  /**
   * {@code seed --version}: the version in the jar's manifest and the Java that runs it; with
   * {@code --json}, the same as {@link #document()}.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = version();
      return new String[] {"seed " + (version == null ? "(development build)" : version)
          + " (Java " + System.getProperty("java.version") + ")"};
    }

    /** The version, null for a development build (classes not from the jar), and the Java version. */
    static Map<String, Object> document() {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", "seed");
      document.put("version", version());
      document.put("java", System.getProperty("java.version"));
      return document;
    }

    private static String version() {
      return SeedCommand.class.getPackage().getImplementationVersion();
    }
  }
}
