package io.tenantseed.schema;

import static io.tenantseed.schema.migration.Tables.ASSESSMENT_FLOWS;
import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;
import static io.tenantseed.schema.migration.Tables.CREWAI_FLOW_STATE_EXTENSIONS;
import static io.tenantseed.schema.migration.Tables.DATA_IMPORTS;
import static io.tenantseed.schema.migration.Tables.DISCOVERY_FLOWS;
import static io.tenantseed.schema.migration.Tables.ENGAGEMENTS;
import static io.tenantseed.schema.migration.Tables.IMPORT_FIELD_MAPPINGS;
import static io.tenantseed.schema.migration.Tables.USERS;

import io.tenantseed.internal.SchemaCatalog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.postgres.extensions.types.Inet;

/**
 * Test data written straight through the generated jOOQ classes: one row in every tenant
 * table for a tenant (a table added by a later migration gets one from the catalog). Ids are derived from the tenant id, so two tenants never collide.
 */
public final class TenantRows {

  /** The tables the inserts below write by name; every other tenant table is filled from the catalog. */
  private static final Set<String> KNOWN = Set.of("client_accounts", "users", "engagements",
      "crewai_flow_state_extensions", "discovery_flows", "assessment_flows", "data_imports", "assets",
      "import_field_mappings");

  private TenantRows() {}

  public static UUID id(UUID tenant, String path) {
    return UUID.nameUUIDFromBytes((tenant + "/" + path).getBytes(StandardCharsets.UTF_8));
  }

  public static UUID engagement(UUID tenant) {
    return id(tenant, "engagement");
  }

  public static UUID asset(UUID tenant, int index) {
    return id(tenant, "asset/" + index);
  }

  /** A client account with one row in every other tenant table, and {@code assets} assets. */
  public static void insert(DSLContext db, UUID tenant, int assets) {
    UUID user = id(tenant, "user");
    UUID engagement = engagement(tenant);
    UUID master = id(tenant, "master-flow");
    UUID discovery = id(tenant, "discovery-flow");
    UUID dataImport = id(tenant, "data-import");
    String slug = "t-" + tenant; // the whole id: slugs are unique across tenants

    db.insertInto(CLIENT_ACCOUNTS)
        .set(CLIENT_ACCOUNTS.ID, tenant)
        .set(CLIENT_ACCOUNTS.NAME, "Tenant " + slug)
        .set(CLIENT_ACCOUNTS.SLUG, slug)
        .execute();
    db.insertInto(USERS)
        .set(USERS.ID, user)
        .set(USERS.CLIENT_ACCOUNT_ID, tenant)
        .set(USERS.AUTH0_USER_ID, "auth0|admin")
        .set(USERS.EMAIL, "admin@example.com")
        .execute();
    db.insertInto(ENGAGEMENTS)
        .set(ENGAGEMENTS.ID, engagement)
        .set(ENGAGEMENTS.CLIENT_ACCOUNT_ID, tenant)
        .set(ENGAGEMENTS.NAME, "Cloud Migration")
        .set(ENGAGEMENTS.CREATED_BY, user)
        .execute();
    masterFlow(db, tenant, engagement, master);
    db.insertInto(DISCOVERY_FLOWS)
        .set(DISCOVERY_FLOWS.ID, discovery)
        .set(DISCOVERY_FLOWS.FLOW_ID, id(tenant, "discovery-flow-id"))
        .set(DISCOVERY_FLOWS.MASTER_FLOW_ID, master)
        .set(DISCOVERY_FLOWS.CLIENT_ACCOUNT_ID, tenant)
        .set(DISCOVERY_FLOWS.ENGAGEMENT_ID, engagement)
        .set(DISCOVERY_FLOWS.TARGET_PLATFORMS, new String[] {"vmware", "aws"})
        .execute();
    db.insertInto(DATA_IMPORTS)
        .set(DATA_IMPORTS.ID, dataImport)
        .set(DATA_IMPORTS.CLIENT_ACCOUNT_ID, tenant)
        .set(DATA_IMPORTS.ENGAGEMENT_ID, engagement)
        .set(DATA_IMPORTS.MASTER_FLOW_ID, master)
        .set(DATA_IMPORTS.IMPORT_NAME, "VMware vCenter Export")
        .set(DATA_IMPORTS.IMPORT_TYPE, "vmware_vcenter")
        .execute();
    for (int i = 0; i < assets; i++) {
      db.insertInto(ASSETS)
          .set(ASSETS.ID, asset(tenant, i))
          .set(ASSETS.CLIENT_ACCOUNT_ID, tenant)
          .set(ASSETS.ENGAGEMENT_ID, engagement)
          .set(ASSETS.MASTER_FLOW_ID, master)
          .set(ASSETS.DISCOVERY_FLOW_ID, discovery)
          .set(ASSETS.ASSET_NAME, "vm-%03d".formatted(i))
          .set(ASSETS.ASSET_TYPE, "server")
          .set(ASSETS.IP_ADDRESS, inet(10, 100, 1, 100 + i))
          .execute();
    }
    db.insertInto(IMPORT_FIELD_MAPPINGS)
        .set(IMPORT_FIELD_MAPPINGS.ID, id(tenant, "mapping"))
        .set(IMPORT_FIELD_MAPPINGS.DATA_IMPORT_ID, dataImport)
        .set(IMPORT_FIELD_MAPPINGS.CLIENT_ACCOUNT_ID, tenant)
        .set(IMPORT_FIELD_MAPPINGS.MASTER_FLOW_ID, master)
        .set(IMPORT_FIELD_MAPPINGS.SOURCE_FIELD, "VM Name")
        .set(IMPORT_FIELD_MAPPINGS.TARGET_FIELD, "asset_name")
        .execute();
    assessmentFlow(db, tenant, engagement, id(tenant, "assessment-flow"), List.of(List.of(asset(tenant, 0))));
    insertIntoTheOtherTenantTables(db, tenant);
  }

  /**
   * One row of {@code tenant} in every tenant table of the catalog that the inserts above do
   * not know (a table a later migration added), parents first: each NOT NULL column without a
   * default gets the tenant, a row of the tenant in the table its foreign key references, or a
   * value of its type. So the tests that expect rows of both tenants in every tenant table
   * follow the migrations. A column it cannot fill fails, naming it.
   */
  private static void insertIntoTheOtherTenantTables(DSLContext db, UUID tenant) {
    SchemaCatalog catalog = db.connectionResult(connection -> SchemaCatalog.of(connection, "migration"));
    List<String> parentsFirst = new ArrayList<>(catalog.deleteOrder);
    Collections.reverse(parentsFirst);
    for (String table : parentsFirst) {
      if (KNOWN.contains(table)) {
        continue;
      }
      List<String> columns = new ArrayList<>();
      List<Field<?>> values = new ArrayList<>();
      for (Record column : db.fetch("""
          select column_name, udt_name from information_schema.columns
           where table_schema = 'migration' and table_name = {0} and is_nullable = 'NO' and column_default is null
             and is_identity = 'NO' and is_generated = 'NEVER'
           order by ordinal_position""", DSL.val(table))) {
        String name = column.get(0, String.class);
        columns.add(name);
        values.add(value(db, catalog, tenant, table, name, column.get(1, String.class)));
      }
      db.execute("insert into {0} ({1}) values ({2})", DSL.table(DSL.name("migration", table)),
          DSL.list(columns.stream().map(DSL::name).toList()), DSL.list(values));
    }
  }

  private static Field<?> value(DSLContext db, SchemaCatalog catalog, UUID tenant, String table, String column,
      String type) {
    if (column.equals(catalog.tenantColumn(table))) {
      return DSL.val(tenant);
    }
    for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
      if (key.table().equals(table) && key.columns().equals(List.of(column))) {
        return DSL.field("(select {0} from {1} where {2} = {3} limit 1)", DSL.name(key.parentColumns().get(0)),
            DSL.table(DSL.name("migration", key.parent())), DSL.name(catalog.tenantColumn(key.parent())),
            DSL.val(tenant));
      }
    }
    String text = table + "-" + column + "-" + tenant; // unique across tenants, should the column be
    // A one-column CHECK of the simple kinds: a listed value, or the first bound it names.
    for (String check : catalog.column(table, column).checks()) {
      java.util.regex.Matcher listed = java.util.regex.Pattern.compile("'([^']*)'").matcher(check);
      if (listed.find()) {
        return DSL.field("{0}::" + type, DSL.val(listed.group(1)));
      }
      java.util.regex.Matcher bound = java.util.regex.Pattern.compile("[<>=]=? *\\(?(-?[0-9]+)|BETWEEN (-?[0-9]+)")
          .matcher(check);
      if (bound.find()) {
        return DSL.field(bound.group(1) != null ? bound.group(1) : bound.group(2));
      }
    }
    return switch (type) {
      case "uuid" -> DSL.val(id(tenant, table + "/" + column));
      case "text", "varchar", "bpchar", "citext" -> DSL.field("left({0}, coalesce((select character_maximum_length"
          + " from information_schema.columns where table_schema = 'migration' and table_name = {1}"
          + " and column_name = {2}), 1000))", DSL.val(text), DSL.val(table), DSL.val(column));
      case "int2", "int4", "int8", "numeric", "float4", "float8" -> DSL.field("0");
      case "bool" -> DSL.field("false");
      case "date", "timestamp", "timestamptz" -> DSL.field("now()");
      case "json", "jsonb" -> DSL.field("'{}'::" + type);
      default -> throw new AssertionError("TenantRows cannot fill column " + column + " (" + type + ") of table"
          + " migration." + table + ": give it a value in TenantRows");
    };
  }

  private static Inet inet(int a, int b, int c, int d) {
    try {
      return Inet.valueOf(java.net.InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static void masterFlow(DSLContext db, UUID tenant, UUID engagement, UUID flowId) {
    db.insertInto(CREWAI_FLOW_STATE_EXTENSIONS)
        .set(CREWAI_FLOW_STATE_EXTENSIONS.FLOW_ID, flowId)
        .set(CREWAI_FLOW_STATE_EXTENSIONS.CLIENT_ACCOUNT_ID, tenant)
        .set(CREWAI_FLOW_STATE_EXTENSIONS.ENGAGEMENT_ID, engagement)
        .set(CREWAI_FLOW_STATE_EXTENSIONS.FLOW_TYPE, "assessment")
        .execute();
  }

  /**
   * An assessment flow sharing its flow id with a master flow (which must exist), with one
   * application group per list of asset ids.
   */
  public static void assessmentFlow(DSLContext db, UUID tenant, UUID engagement, UUID flowId, List<List<UUID>> groups) {
    db.insertInto(ASSESSMENT_FLOWS)
        .set(ASSESSMENT_FLOWS.ID, id(flowId, "assessment"))
        .set(ASSESSMENT_FLOWS.FLOW_ID, flowId)
        .set(ASSESSMENT_FLOWS.CLIENT_ACCOUNT_ID, tenant)
        .set(ASSESSMENT_FLOWS.ENGAGEMENT_ID, engagement)
        .set(ASSESSMENT_FLOWS.APPLICATION_ASSET_GROUPS, groupsJson(groups))
        .execute();
  }

  /** [{"name": "group-1", "asset_ids": [...]}, ...], built by PostgreSQL from bind values. */
  private static Field<JSONB> groupsJson(List<List<UUID>> groups) {
    Field<JSONB> array = DSL.field("'[]'::jsonb", SQLDataType.JSONB);
    for (int g = 0; g < groups.size(); g++) {
      Field<JSONB> group = DSL.field("jsonb_build_object('name', {0}::text, 'asset_ids', to_jsonb({1}::uuid[]))",
          SQLDataType.JSONB, DSL.val("group-" + (g + 1)), DSL.val(groups.get(g).toArray(UUID[]::new)));
      array = DSL.field("{0} || jsonb_build_array({1})", SQLDataType.JSONB, array, group);
    }
    return array;
  }
}
