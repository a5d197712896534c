package io.tenantseed.cli;

import io.tenantseed.Environment;
import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.seed.Registry;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "env", mixinStandardHelpOptions = true,
    description = "The database's environment marker (development, test, staging, production), which the guards read.",
    subcommands = {EnvCommand.Show.class, EnvCommand.Set.class})
final class EnvCommand extends BaseCommand {

  @Override
  int run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: show or set");
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print the environment marker, or why the guards do not trust it (then every guard refuses).")
  static final class Show extends BaseCommand {
    @Override
    int run() {
      interruption().begin("env show"); // reads only
      Target target = target();
      Registry registry = Registry.forDataSource(target.url().dataSource());
      String marker = null;
      String problem = null;
      try {
        marker = registry.guardedEnvironment("every guard refuses").map(Environment::markerName).orElse(null);
      } catch (ProtectedEnvironmentException e) {
        problem = e.getMessage();
      }
      out().line(problem != null ? problem : marker == null ? "not set" : marker);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("database", target.url().toString());
      result.put("environment", marker);
      result.put("problem", problem);
      out().result(result);
      return 0;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set the environment marker. Leaving production needs --force, and so does rewriting a marker"
          + " the guards do not trust (a name they do not know, two rows, no row); replacing unset (not set)"
          + " needs no --force.")
  static final class Set extends BaseCommand {

    @Parameters(paramLabel = "NAME", description = "development, test, staging or production.")
    String name;

    @Option(names = "--force", description = "Allow changing a production marker, or one the guards do not trust.")
    boolean force;

    @Override
    int run() {
      Target target = target();
      Registry.forDataSource(target.url().dataSource()).setEnvironment(name, force);
      out().line("Environment marker of " + target.url() + " set to " + name + ".");
      out().result(Map.of("database", target.url().toString(), "environment", name));
      return 0;
    }
  }
}
