package io.tenantseed.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.junit.SeedTenant;
import io.tenantseed.junit.Tenant;
import io.tenantseed.testing.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(SpringContextIT.Config.class)
@SeedTenant(fixture = "techcorp")        // seeded into the context's DataSource
class SpringContextIT {

  @Configuration
  static class Config {
    @Bean
    DataSource dataSource() {            // the application's DataSource, migrated
      return TestDatabase.shared().dataSource();
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
      return new JdbcTemplate(dataSource);
    }
  }

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void countsServers(Tenant tenant) {
    Long servers = jdbc.queryForObject("SELECT count(*) FROM migration.assets"
        + " WHERE client_account_id = ? AND asset_type = 'server'", Long.class, tenant.id());

    assertThat(servers).isEqualTo(30);
  }
}
