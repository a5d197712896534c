package io.tenantseed.examples;

import static io.tenantseed.graph.Tenants.tenant;

import io.tenantseed.db.DatabaseSettings;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.db.Databases;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.SeedReport;
import io.tenantseed.seed.Seeder;
import javax.sql.DataSource;

/** Seeds a tenant into the database of args[0], else SEED_DATABASE_URL, else DATABASE_URL. */
public final class SeedADatabase {

  public static void main(String[] args) {
    DatabaseUrl url = DatabaseSettings.resolve(args.length > 0 ? args[0] : null, System.getenv()).url();
    System.out.println(seed(url).summary());   // "Seeded Acme Ltd: 1 client account, ..."; "Unchanged ..." when run again
  }

  static SeedReport seed(DatabaseUrl url) {
    Databases.createIfMissing(url);                      // CREATE DATABASE where the server lacks it
    DataSource dataSource = url.dataSource();            // plain pgjdbc; a pool of your own works as well
    Migrator.forDataSource(dataSource).migrate();        // migrations/ and seed_meta; nothing when up to date

    TenantGraph acme = tenant("ac3e0000-0000-4000-8000-000000000001").name("Acme Ltd")
        .engagement("cloud", e -> e.masterFlow("discovery", f -> f.discoveryFlow(d -> d.completed()))
            .assets(20, (i, a) -> a.server().discoveredBy("discovery")))
        .build();
    return Seeder.forDataSource(dataSource).seed(acme, SeedMode.IF_ABSENT);
  }
}
