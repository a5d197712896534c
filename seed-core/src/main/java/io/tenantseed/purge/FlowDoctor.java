package io.tenantseed.purge;

import static io.tenantseed.internal.SchemaCatalog.TENANT_COLUMN;
import static io.tenantseed.internal.SchemaCatalog.quote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.SeedException;
import io.tenantseed.TransactionListener;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.internal.Transactions;
import io.tenantseed.migrate.Migrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Finds bad flows and removes one, scoped by tenant and engagement: the platform's cleanup
 * runbook as an API.
 *
 * <pre>
 * FlowDoctor doctor = FlowDoctor.forDataSource(dataSource);
 * List&lt;FlowFinding&gt; findings = doctor.check(tenantId, engagementId);  // engagement may be null
 * FlowDeletionPlan plan = doctor.plan(flowId, tenantId, engagementId, false); // dry run
 * FlowDeletionPlan done = doctor.delete(flowId, tenantId, engagementId, false);
 * </pre>
 *
 * <p>Deleting a flow removes its master row ({@code crewai_flow_state_extensions}) and the
 * child flows that share its id, then follows the live catalog's foreign keys from every
 * removed row: rows whose key cascades are removed too (child flows, data imports, their field
 * mappings), rows whose key sets null keep existing with the reference cleared (assets),
 * unless {@code deleteReferencingRows} asks to remove them as well; a restricting key refuses
 * the deletion. Every step is scoped by the tenant and, where the table has one, the
 * engagement. A flow of another tenant or engagement is refused with
 * {@link FlowScopeException} and nothing is touched; so is a flow that rows of another
 * tenant or engagement depend on, since the database's own cascades would reach them. The
 * environment marker {@code production} refuses, and so does a marker that is not exactly one
 * row naming an {@link io.tenantseed.Environment}. The deletion is one transaction,
 * verified, and logged in {@code seed_meta.purge_log}. Immutable and thread-safe.
 */
public final class FlowDoctor {

  static final String MASTER = "crewai_flow_state_extensions";
  static final String FLOW_ID = "flow_id";
  static final String MASTER_FLOW_ID = "master_flow_id";
  static final String ENGAGEMENT_ID = "engagement_id";
  static final String ASSESSMENTS = "assessment_flows";
  static final String ASSETS = "assets";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final String schema;
  private final TransactionListener listener;

  private FlowDoctor(DataSource dataSource, String schema, TransactionListener listener) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = schema;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public static FlowDoctor forDataSource(DataSource dataSource) {
    return new FlowDoctor(dataSource, Migrator.PLATFORM_SCHEMA, TransactionListener.NONE);
  }

  public FlowDoctor schema(String otherSchema) {
    return new FlowDoctor(dataSource, Objects.requireNonNull(otherSchema, "schema"), listener);
  }

  /** The same doctor, telling {@code listener} where a deletion's transaction stands. */
  public FlowDoctor listener(TransactionListener listener) {
    return new FlowDoctor(dataSource, schema, listener);
  }

  /** Every flow problem of {@code tenant}, in {@code engagement} only if it is not null. Changes nothing. */
  public List<FlowFinding> check(UUID tenant, UUID engagement) {
    Objects.requireNonNull(tenant, "tenant");
    try (Connection connection = dataSource.getConnection()) {
      SchemaCatalog catalog = SchemaCatalog.of(connection, schema);
      List<FlowFinding> findings = new ArrayList<>();
      duplicateAssets(connection, catalog, tenant, engagement, findings);
      missingAssets(connection, catalog, tenant, engagement, findings);
      mastersWithoutChildren(connection, catalog, tenant, engagement, findings);
      childrenWithoutMaster(connection, catalog, tenant, engagement, findings);
      assetsWithMissingFlows(connection, catalog, tenant, engagement, findings);
      return List.copyOf(findings);
    } catch (SQLException e) {
      throw translate(e, "checking the flows of tenant " + tenant);
    }
  }

  /**
   * Every asset reference of the tenant's assessment groups: {@code ref.asset_id} as written,
   * {@code ref_id.asset} the UUID it spells (any case, braces or hyphens, as PostgreSQL reads
   * UUIDs), null for text that is no UUID. Ids are compared as UUIDs, never as text.
   */
  private static final String REFERENCES = """
        from %1$s af
        cross join lateral jsonb_array_elements(case when jsonb_typeof(af.application_asset_groups) = 'array'
                                                     then af.application_asset_groups else '[]' end) grp
        cross join lateral jsonb_array_elements_text(case when jsonb_typeof(grp -> 'asset_ids') = 'array'
                                                          then grp -> 'asset_ids' else '[]' end) ref(asset_id)
        cross join lateral (select case when regexp_replace(ref.asset_id, '[{}-]', '', 'g') ~ '^[0-9A-Fa-f]{32}$'
                                        then regexp_replace(ref.asset_id, '[{}-]', '', 'g')::uuid end) ref_id(asset)
       where af.client_account_id = ? and (?::uuid is null or af.engagement_id = ?)
      """;

  /** A reference's identity: its UUID, or its text where it spells none. */
  private static final String REFERENCE_KEY = "coalesce(ref_id.asset::text, ref.asset_id)";

  private static void duplicateAssets(Connection connection, SchemaCatalog catalog, UUID tenant, UUID engagement,
      List<FlowFinding> findings) throws SQLException {
    String sql = "select af.flow_id, af.engagement_id, " + REFERENCE_KEY + ", count(*) "
        + REFERENCES.formatted(catalog.qualified(ASSESSMENTS))
        + " group by af.flow_id, af.engagement_id, " + REFERENCE_KEY + " having count(*) > 1"
        + " order by af.flow_id, count(*) desc, " + REFERENCE_KEY;
    // Rows come ordered by flow, most repeated asset first.
    Map<UUID, long[]> duplicates = new LinkedHashMap<>();
    Map<UUID, String> worst = new LinkedHashMap<>();
    Map<UUID, UUID> engagements = new LinkedHashMap<>();
    query(connection, sql, tenant, engagement, result -> {
      UUID flow = result.getObject(1, UUID.class);
      long times = result.getLong(4);
      engagements.put(flow, result.getObject(2, UUID.class));
      worst.putIfAbsent(flow, "lists asset " + result.getString(3) + " " + times + " times");
      duplicates.computeIfAbsent(flow, f -> new long[1])[0] += times - 1;
    });
    duplicates.forEach((flow, count) -> findings.add(new FlowFinding(FlowFinding.Kind.DUPLICATE_ASSETS, flow,
        engagements.get(flow), count[0],
        "assessment flow " + flow + " " + worst.get(flow) + " (" + count[0] + " duplicate asset references)")));
  }

  private static void missingAssets(Connection connection, SchemaCatalog catalog, UUID tenant, UUID engagement,
      List<FlowFinding> findings) throws SQLException {
    String sql = "select af.flow_id, af.engagement_id, count(*) " + REFERENCES.formatted(catalog.qualified(ASSESSMENTS))
        + " and not exists (select 1 from " + catalog.qualified(ASSETS) + " a"
        + " where a.client_account_id = af.client_account_id and a.id = ref_id.asset)"
        + " group by af.flow_id, af.engagement_id order by af.flow_id";
    query(connection, sql, tenant, engagement, result -> findings.add(new FlowFinding(FlowFinding.Kind.MISSING_ASSETS,
        result.getObject(1, UUID.class), result.getObject(2, UUID.class), result.getLong(3),
        "assessment flow " + result.getObject(1, UUID.class) + " names " + result.getLong(3)
            + " asset references that match no asset of the tenant")));
  }

  private static void mastersWithoutChildren(Connection connection, SchemaCatalog catalog, UUID tenant,
      UUID engagement, List<FlowFinding> findings) throws SQLException {
    StringBuilder sql = new StringBuilder("select m.flow_id, m.engagement_id from " + catalog.qualified(MASTER)
        + " m where m.client_account_id = ? and (?::uuid is null or m.engagement_id = ?)");
    for (String child : childFlowTables(catalog)) {
      sql.append(" and not exists (select 1 from ").append(catalog.qualified(child)).append(" c where c.flow_id = m.flow_id");
      if (catalog.hasColumn(child, MASTER_FLOW_ID)) {
        sql.append(" or c.master_flow_id = m.flow_id");
      }
      sql.append(")");
    }
    sql.append(" order by m.flow_id");
    query(connection, sql.toString(), tenant, engagement, result -> findings.add(new FlowFinding(
        FlowFinding.Kind.MASTER_WITHOUT_CHILDREN, result.getObject(1, UUID.class), result.getObject(2, UUID.class), 0,
        "master flow " + result.getObject(1, UUID.class) + " has no child flow")));
  }

  private static void childrenWithoutMaster(Connection connection, SchemaCatalog catalog, UUID tenant,
      UUID engagement, List<FlowFinding> findings) throws SQLException {
    for (String child : childFlowTables(catalog)) {
      String master = catalog.hasColumn(child, MASTER_FLOW_ID) ? "coalesce(c.master_flow_id, c.flow_id)" : "c.flow_id";
      String sql = "select c.flow_id, c.engagement_id from " + catalog.qualified(child) + " c"
          + " where c.client_account_id = ? and (?::uuid is null or c.engagement_id = ?)"
          + " and not exists (select 1 from " + catalog.qualified(MASTER) + " m where m.flow_id = " + master + ")"
          + " order by c.flow_id";
      query(connection, sql, tenant, engagement, result -> findings.add(new FlowFinding(
          FlowFinding.Kind.CHILD_WITHOUT_MASTER, result.getObject(1, UUID.class), result.getObject(2, UUID.class), 0,
          child + " row " + result.getObject(1, UUID.class) + " has no master flow")));
    }
  }

  private static void assetsWithMissingFlows(Connection connection, SchemaCatalog catalog, UUID tenant,
      UUID engagement, List<FlowFinding> findings) throws SQLException {
    StringBuilder missing = new StringBuilder("false");
    if (catalog.hasColumn(ASSETS, MASTER_FLOW_ID)) {
      missing.append(" or (a.master_flow_id is not null and not exists (select 1 from ").append(catalog.qualified(MASTER))
          .append(" m where m.flow_id = a.master_flow_id))");
    }
    if (catalog.hasColumn(ASSETS, "discovery_flow_id")) {
      missing.append(" or (a.discovery_flow_id is not null and not exists (select 1 from ")
          .append(catalog.qualified("discovery_flows")).append(" d where d.id = a.discovery_flow_id))");
    }
    String sql = "select a.id, a.engagement_id from " + catalog.qualified(ASSETS) + " a"
        + " where a.client_account_id = ? and (?::uuid is null or a.engagement_id = ?) and (" + missing + ") order by a.id";
    query(connection, sql, tenant, engagement, result -> findings.add(new FlowFinding(
        FlowFinding.Kind.ASSET_WITH_MISSING_FLOW, result.getObject(1, UUID.class), result.getObject(2, UUID.class), 1,
        "asset " + result.getObject(1, UUID.class) + " names a flow that does not exist")));
  }

  /** Tenant tables other than the master with a flow_id column: the child flows. */
  private static List<String> childFlowTables(SchemaCatalog catalog) {
    return catalog.tenantTables.stream()
        .filter(table -> !table.equals(MASTER) && catalog.hasColumn(table, FLOW_ID) && catalog.hasColumn(table, ENGAGEMENT_ID))
        .sorted().toList();
  }

  /**
   * The plan for deleting {@code flowId} of {@code tenant}'s {@code engagement}: a dry run,
   * refused where the deletion would be (the environment marker says production, or is not
   * one it knows).
   */
  public FlowDeletionPlan plan(UUID flowId, UUID tenant, UUID engagement, boolean deleteReferencingRows) {
    try (Connection connection = dataSource.getConnection()) {
      Bookkeeping.Marker.read(connection).refuseProduction(refusing(flowId));
      return planned(connection, flowId, tenant, engagement, deleteReferencingRows).plan(connection);
    } catch (SQLException e) {
      throw translate(e, "planning the deletion of flow " + flowId);
    }
  }

  /**
   * Deletes {@code flowId} of {@code tenant}'s {@code engagement} and what depends on it, in
   * one verified transaction; returns what was done.
   */
  public FlowDeletionPlan delete(UUID flowId, UUID tenant, UUID engagement, boolean deleteReferencingRows) {
    AtomicReference<String> failedAt = new AtomicReference<>(); // the table being changed, for the message
    try (Connection connection = dataSource.getConnection()) {
      FlowDeletionPlan result = Transactions.inTransaction(connection, c -> {
        Bookkeeping.lockTenants(c, List.of(tenant));
        Bookkeeping.Marker.read(c).refuseProduction(refusing(flowId));
        Deletion deletion = planned(c, flowId, tenant, engagement, deleteReferencingRows);
        ListenerFailure.tell(listener::writing);
        List<FlowDeletionPlan.Step> done = new ArrayList<>();
        for (Deletion.Change change : deletion.changes()) {
          failedAt.set(change.table());
          long rows = change.execute(c);
          if (rows > 0) {
            done.add(new FlowDeletionPlan.Step(change.table(), change.action(), rows));
          }
        }
        failedAt.set(null);
        long left = deletion.remaining(c);
        if (left > 0) {
          throw new UnableToPurgeException("deleting flow " + flowId + " left " + left + " rows of it; nothing was removed", null);
        }
        FlowDeletionPlan deleted = new FlowDeletionPlan(flowId, tenant, engagement, deleteReferencingRows, done);
        log(c, deleted);
        ListenerFailure.tell(listener::committing);
        return deleted;
      });
      ListenerFailure.tell(listener::committed);
      return result;
    } catch (SeedException e) {
      throw e;
    } catch (ListenerFailure e) {
      throw e.failure;
    } catch (SQLException | RuntimeException e) {
      String table = failedAt.get();
      throw translate(e, "deleting flow " + flowId + (table == null ? "" : " failed at " + table));
    }
  }

  /** Checks the scope and works out the changes, children first. */
  private Deletion planned(Connection connection, UUID flowId, UUID tenant, UUID engagement, boolean deleteReferencing)
      throws SQLException {
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(engagement, "engagement");
    SchemaCatalog catalog = SchemaCatalog.of(connection, schema);
    List<String> flowTables = new ArrayList<>(childFlowTables(catalog));
    flowTables.add(0, MASTER);
    boolean inScope = false;
    boolean elsewhere = false;
    boolean otherEngagement = false;
    for (String table : flowTables) {
      try (PreparedStatement statement = connection.prepareStatement("select client_account_id, engagement_id from "
          + catalog.qualified(table) + " where flow_id = ?")) {
        statement.setObject(1, flowId);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            boolean sameTenant = tenant.equals(result.getObject(1, UUID.class));
            boolean sameEngagement = engagement.equals(result.getObject(2, UUID.class));
            inScope |= sameTenant && sameEngagement;
            otherEngagement |= sameTenant && !sameEngagement;
            elsewhere |= !sameTenant;
          }
        }
      }
    }
    if (!inScope) {
      if (otherEngagement) {
        throw new FlowScopeException("flow " + flowId + " belongs to another engagement of tenant " + tenant
            + ", not to " + engagement + "; nothing was changed");
      }
      if (elsewhere) {
        throw new FlowScopeException("flow " + flowId + " belongs to another tenant, not to " + tenant
            + "; nothing was changed");
      }
      throw new UnknownFlowException("flow " + flowId + " does not exist");
    }
    Deletion deletion = Deletion.of(catalog, flowTables, flowId, tenant, engagement, deleteReferencing);
    deletion.checkScope(connection);
    return deletion;
  }

  private static String refusing(UUID flowId) {
    return "refusing to delete flow " + flowId;
  }

  private static void log(Connection connection, FlowDeletionPlan result) throws SQLException {
    ObjectNode counts = JSON.createObjectNode();
    for (FlowDeletionPlan.Step step : result.steps()) {
      counts.put(step.action().equals("delete") ? step.table() : step.table() + " (" + step.action() + ")", step.rows());
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "insert into seed_meta.purge_log (scope, tenant_id, engagement_id, flow_id, purged_by, row_counts) "
            + "values ('flow', ?, ?, ?, ? || ' as ' || current_user, ?::jsonb)")) {
      insert.setObject(1, result.tenantId());
      insert.setObject(2, result.engagementId());
      insert.setObject(3, result.flowId());
      insert.setString(4, System.getProperty("user.name", "unknown"));
      insert.setString(5, counts.toString());
      insert.executeUpdate();
    }
  }

  @FunctionalInterface
  private interface RowHandler {
    void accept(ResultSet result) throws SQLException;
  }

  private static void query(Connection connection, String sql, UUID tenant, UUID engagement, RowHandler handler)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, tenant);
      statement.setObject(2, engagement);
      statement.setObject(3, engagement);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          handler.accept(result);
        }
      }
    }
  }

  private static SeedException translate(Exception failure, String context) {
    var connection = SqlErrors.connectionFailure(failure, null);
    if (connection.isPresent()) {
      return SqlErrors.withContext(connection.get(), context + ", nothing was changed");
    }
    return new UnableToPurgeException(context + ": " + SqlErrors.serverMessage(failure) + "; nothing was changed", failure);
  }

  /**
   * The changes that delete one flow: a set of rows per table, each given as a predicate that
   * may refer to its parent's rows (still present when it runs, since children go first).
   */
  record Deletion(SchemaCatalog catalog, UUID flowId, UUID tenant, UUID engagement, boolean deleteReferencing,
      List<Change> changes, List<Rows> reached) {

    /** More expansions than this means the foreign keys loop; refuse rather than recurse forever. */
    private static final int MAX_EXPANSIONS = 256;

    /** One statement: delete the rows matching {@code where}, or set {@code column} of them to null. */
    record Change(String qualified, String table, String column, String where, List<UUID> parameters) {
      String action() {
        return column == null ? "delete" : "clear " + column;
      }

      long count(Connection connection) throws SQLException {
        return run(connection, "select count(*) from " + qualified + " where " + where, true);
      }

      long execute(Connection connection) throws SQLException {
        return column == null
            ? run(connection, "delete from " + qualified + " where " + where, false)
            : run(connection, "update " + qualified + " set " + quote(column) + " = null where " + where, false);
      }

      private long run(Connection connection, String sql, boolean query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
          }
          if (!query) {
            return statement.executeUpdate();
          }
          try (ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
          }
        }
      }
    }

    /**
     * A set of rows of a table about to be changed: {@code where} with the tenant and
     * engagement scope, {@code unscoped} without it (what PostgreSQL's own foreign-key actions
     * would reach when the parent rows go).
     */
    private record Rows(String table, String where, List<UUID> parameters, String unscoped, List<UUID> unscopedParameters) {}

    static Deletion of(SchemaCatalog catalog, List<String> flowTables, UUID flowId, UUID tenant, UUID engagement,
        boolean deleteReferencing) {
      Map<String, List<Rows>> deletes = new LinkedHashMap<>();
      Map<String, Map<String, List<Rows>>> clears = new LinkedHashMap<>();
      List<Rows> reached = new ArrayList<>();
      Deque<Rows> pending = new ArrayDeque<>();
      for (String table : flowTables) {
        Rows seed = scoped(catalog, table, quote(FLOW_ID) + " = ?", List.of(flowId), tenant, engagement);
        deletes.computeIfAbsent(table, t -> new ArrayList<>()).add(seed);
        reached.add(seed);
        pending.add(seed);
      }
      int expansions = 0;
      while (!pending.isEmpty()) {
        if (++expansions > MAX_EXPANSIONS) {
          throw new io.tenantseed.internal.SchemaPlanException("the foreign keys of schema " + catalog.schema
              + " reference each other in a loop; cannot plan the deletion of flow " + flowId);
        }
        Rows parent = pending.poll();
        List<String> parentKey = catalog.primaryKeys.get(parent.table());
        for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
          if (!key.parent().equals(parent.table()) || !key.parentColumns().equals(parentKey) || key.columns().size() != 1
              || !catalog.tenantTables.contains(key.table())) {
            continue;
          }
          String column = key.columns().get(0);
          String where = quote(column) + " in (select " + quote(parentKey.get(0)) + " from " + catalog.qualified(parent.table())
              + " where " + parent.where() + ")";
          Rows child = scoped(catalog, key.table(), where, parent.parameters(), tenant, engagement);
          reached.add(child);
          if (key.onDelete() == 'c' || (key.onDelete() == 'n' && deleteReferencing)) {
            deletes.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(child);
            pending.add(child);
          } else if (key.onDelete() == 'n') {
            clears.computeIfAbsent(key.table(), t -> new LinkedHashMap<>())
                .computeIfAbsent(column, c -> new ArrayList<>()).add(child);
          } else {
            // A restricting key: the rows that reference the flow would stop the delete. Deleting them
            // silently is not ours to decide; the DELETE below raises PostgreSQL's own error and rolls back.
            continue;
          }
        }
      }
      // Rows reached along several paths become one statement per table and action.
      List<Change> changes = new ArrayList<>();
      for (String table : catalog.deleteOrder) {
        clears.getOrDefault(table, Map.of()).forEach((column, rows) -> changes.add(merged(catalog, table, column, rows)));
        List<Rows> rows = deletes.get(table);
        if (rows != null) {
          changes.add(merged(catalog, table, null, rows));
        }
      }
      return new Deletion(catalog, flowId, tenant, engagement, deleteReferencing, List.copyOf(changes), List.copyOf(reached));
    }

    private static Change merged(SchemaCatalog catalog, String table, String column, List<Rows> rows) {
      List<String> predicates = new ArrayList<>();
      List<UUID> parameters = new ArrayList<>();
      for (Rows each : rows) {
        predicates.add("(" + each.where() + ")");
        parameters.addAll(each.parameters());
      }
      return new Change(catalog.qualified(table), table, column, String.join(" or ", predicates), parameters);
    }

    /** Adds the tenant (and, where the table has one, the engagement) to a predicate. */
    private static Rows scoped(SchemaCatalog catalog, String table, String where, List<UUID> parameters, UUID tenant,
        UUID engagement) {
      List<UUID> all = new ArrayList<>(parameters);
      StringBuilder predicate = new StringBuilder(where).append(" and ").append(quote(TENANT_COLUMN)).append(" = ?");
      all.add(tenant);
      if (catalog.hasColumn(table, ENGAGEMENT_ID)) {
        predicate.append(" and ").append(quote(ENGAGEMENT_ID)).append(" = ?");
        all.add(engagement);
      }
      return new Rows(table, predicate.toString(), all, where, List.copyOf(parameters));
    }

    /**
     * Refuses when the flow's rows, or rows that depend on them, lie outside the tenant and
     * engagement: PostgreSQL's own cascades would reach those when the flow goes.
     */
    void checkScope(Connection connection) throws SQLException {
      for (Rows rows : reached) {
        long inScope = count(connection, rows.table(), rows.where(), rows.parameters());
        long all = count(connection, rows.table(), rows.unscoped(), rows.unscopedParameters());
        if (all > inScope) {
          throw new FlowScopeException("flow " + flowId + " reaches " + (all - inScope) + " rows of " + rows.table()
              + " outside engagement " + engagement + " of tenant " + tenant + "; nothing was changed");
        }
      }
    }

    private long count(Connection connection, String table, String where, List<UUID> parameters) throws SQLException {
      return new Change(catalog.qualified(table), table, null, where, parameters).count(connection);
    }

    FlowDeletionPlan plan(Connection connection) throws SQLException {
      List<FlowDeletionPlan.Step> steps = new ArrayList<>();
      for (Change change : changes) {
        long rows = change.count(connection);
        if (rows > 0) {
          steps.add(new FlowDeletionPlan.Step(change.table(), change.action(), rows));
        }
      }
      return new FlowDeletionPlan(flowId, tenant, engagement, deleteReferencing, steps);
    }

    /**
     * Rows still matching a delete after the deletion (must be none). The flow's own rows are
     * matched by their flow id; their dependents by their parents, which are gone by now,
     * and the foreign keys hold the rest.
     */
    long remaining(Connection connection) throws SQLException {
      long left = 0;
      for (Change change : changes) {
        if (change.column() == null) {
          left += change.count(connection);
        }
      }
      return left;
    }
  }
}
