package io.tenantseed.cli;

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

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the environment marker.")
  static final class Show extends BaseCommand {
    @Override
    int run() {
      Target target = target();
      String marker = Registry.forDataSource(target.url().dataSource()).environment().orElse(null);
      out().line(marker == null ? "not set" : marker);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("database", target.url().toString());
      result.put("environment", marker);
      out().result(result);
      return 0;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set the environment marker. Leaving production needs --force.")
  static final class Set extends BaseCommand {

    @Parameters(paramLabel = "NAME", description = "development, test, staging or production.")
    String name;

    @Option(names = "--force", description = "Allow changing a production marker.")
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
