package io.tenantseed.cli;

import io.tenantseed.purge.FlowDeletionPlan;
import io.tenantseed.purge.FlowDoctor;
import io.tenantseed.purge.FlowFinding;
import io.tenantseed.purge.UnknownFlowException;
import io.tenantseed.seed.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "flows", mixinStandardHelpOptions = true,
    description = "The flow-cleanup runbook as commands: find bad flows, remove one, scoped by tenant and engagement.",
    subcommands = {FlowsCommand.Check.class, FlowsCommand.Delete.class})
final class FlowsCommand extends BaseCommand {

  @Override
  int run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: check or delete");
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "List flow problems (duplicate or missing assets in assessment groups, masters without children,"
          + " children without master, assets naming missing flows). Changes nothing.")
  static final class Check extends BaseCommand {

    @Option(names = "--tenant", paramLabel = "UUID", description = "Only this tenant (default: every tenant).")
    UUID tenant;

    @Option(names = "--engagement", paramLabel = "UUID", description = "Only this engagement of --tenant.")
    UUID engagement;

    @Override
    int run() {
      interruption().begin("the check"); // reads only
      if (engagement != null && tenant == null) {
        throw CliException.badInput("--engagement needs --tenant");
      }
      Target target = target();
      String schema = schema(target);
      FlowDoctor doctor = FlowDoctor.forDataSource(target.url().dataSource()).schema(schema);
      Registry registry = Registry.forDataSource(target.url().dataSource()).schema(schema);
      // A mistyped id would otherwise be reported as a tenant without flow problems.
      if (tenant != null && !registry.accountExists(tenant)) {
        throw CliException.badInput("tenant " + tenant + " does not exist at " + target.url());
      }
      if (engagement != null && !registry.engagementExists(tenant, engagement)) {
        throw CliException.badInput("engagement " + engagement + " is not an engagement of tenant " + tenant);
      }
      List<UUID> tenants = tenant != null ? List.of(tenant) : registry.accounts();
      List<Map<String, Object>> documents = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (UUID id : tenants) {
        for (FlowFinding finding : doctor.check(id, engagement)) {
          Map<String, Object> document = new LinkedHashMap<>();
          document.put("tenantId", id.toString());
          document.put("kind", finding.kind().name());
          document.put("flowId", finding.flowId().toString());
          document.put("engagementId", String.valueOf(finding.engagementId()));
          document.put("count", finding.count());
          document.put("explanation", finding.explanation());
          documents.add(document);
          rows.add(List.of(id.toString(), String.valueOf(finding.engagementId()), finding.kind().name(),
              finding.explanation()));
        }
      }
      if (rows.isEmpty()) {
        out().line("No flow problems in " + plural(tenants.size(), "tenant", "tenants") + ".");
      } else {
        out().table(List.of("TENANT", "ENGAGEMENT", "PROBLEM", "DETAIL"), rows);
        out().line(plural(rows.size(), "problem", "problems") + " found; remove a bad flow with"
            + " seed flows delete --flow UUID --tenant UUID --engagement UUID.");
      }
      out().result(Map.of("tenantsChecked", tenants.size(), "findings", documents));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Remove one flow (its child flows first, then the master) within one tenant and engagement,"
          + " in one transaction. Shows the plan first; asks on a terminal, needs --yes otherwise.",
          "A flow that does not exist is bad input (exit code 2) unless --if-exists."})
  static final class Delete extends BaseCommand {

    @Option(names = "--flow", required = true, paramLabel = "UUID", description = "The master flow's flow_id.")
    UUID flow;

    @Option(names = "--tenant", required = true, paramLabel = "UUID", description = "The tenant it must belong to.")
    UUID tenant;

    @Option(names = "--engagement", required = true, paramLabel = "UUID",
        description = "The engagement it must belong to.")
    UUID engagement;

    @Option(names = "--delete-referencing-rows",
        description = "Also delete rows that refer to the flow and cannot be cleared (otherwise refused).")
    boolean deleteReferencingRows;

    @Option(names = "--dry-run", description = "Show the plan; delete nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--if-exists", description = "A flow that does not exist is reported, not an error (exit code 0).")
    boolean ifExists;

    @Override
    int run() {
      interruption().begin("the flow deletion");
      Target target = target();
      FlowDoctor doctor = FlowDoctor.forDataSource(target.url().dataSource()).schema(schema(target))
          .listener(interruption());
      FlowDeletionPlan plan;
      try {
        plan = doctor.plan(flow, tenant, engagement, deleteReferencingRows);
      } catch (UnknownFlowException e) {
        if (!ifExists) {
          throw e;
        }
        out().line("Flow " + flow + " does not exist: nothing to delete.");
        out().result(Map.of("flowId", flow.toString(), "tenantId", tenant.toString(), "engagementId",
            engagement.toString(), "dryRun", dryRun, "exists", false, "steps", List.of()));
        return 0;
      }
      out().line("Plan for flow " + flow + " of tenant " + tenant + ", engagement " + engagement + ":");
      out().table(List.of("TABLE", "ACTION", "ROWS"), plan.steps().stream()
          .map(step -> List.of(step.table(), step.action(), String.valueOf(step.rows()))).toList());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("flowId", flow.toString());
      result.put("tenantId", tenant.toString());
      result.put("engagementId", engagement.toString());
      result.put("dryRun", dryRun);
      if (dryRun) {
        out().line("Dry run: nothing was deleted.");
        result.put("steps", steps(plan));
        out().result(result);
        return 0;
      }
      confirm(yes, "Delete flow " + flow + " (" + plan.deletedRows() + " rows deleted, " + plan.clearedRows()
          + " cleared)?", "flows delete");
      FlowDeletionPlan done = doctor.delete(flow, tenant, engagement, deleteReferencingRows);
      out().line("Deleted flow " + flow + ": " + plural(done.deletedRows(), "row", "rows") + " deleted, "
          + plural(done.clearedRows(), "reference", "references") + " cleared.");
      result.put("steps", steps(done));
      out().result(result);
      return 0;
    }

    private static List<Map<String, Object>> steps(FlowDeletionPlan plan) {
      return plan.steps().stream().map(step -> Map.<String, Object>of("table", step.table(), "action", step.action(),
          "rows", step.rows())).toList();
    }
  }
}
