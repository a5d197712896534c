package io.tenantseed.graph;

import java.util.Locale;
import java.util.UUID;

/**
 * A user of the tenant. Unset fields get realistic defaults (a full name, an email in the
 * tenant's domain derived from it and the user's key, an auth0 id); {@code build()} refuses
 * two users of one tenant with the same email or auth0 id.
 *
 * <pre>
 * tenant(id).user("admin", u -&gt; u.email("admin@techcorp.com").fullName("Test Admin").auth0Id("auth0|test_admin_001"))
 * </pre>
 */
public final class UserBuilder {

  private final String key;
  private UUID id;
  private String auth0Id;
  private String email;
  private String fullName;
  private boolean active = true;
  private final ColumnValues extra = new ColumnValues("users", java.util.Map.of("id", "id(...)",
      "client_account_id", "its tenant scope"));

  UserBuilder(String key) {
    this.key = key;
  }

  public UserBuilder id(UUID id) {
    this.id = id;
    return this;
  }

  public UserBuilder id(String id) {
    return id(Ids.parse(id));
  }

  public UserBuilder auth0Id(String auth0Id) {
    this.auth0Id = auth0Id;
    return this;
  }

  public UserBuilder email(String email) {
    this.email = email;
    return this;
  }

  public UserBuilder fullName(String fullName) {
    this.fullName = fullName;
    return this;
  }

  public UserBuilder active(boolean active) {
    this.active = active;
    return this;
  }

  /** Trait: a deactivated user. */
  public UserBuilder inactive() {
    return active(false);
  }

  /**
   * Sets column {@code column} of this user's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public UserBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> UserBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  String key() {
    return key;
  }

  UUID id(Scope tenant) {
    return id != null ? id : tenant.child("user/" + key).derive("");
  }

  /** Adds the user's row; refuses an email or auth0 id another user of the tenant has. */
  void build(Scope tenant, GraphParts parts) {
    Scope scope = tenant.child("user/" + key);
    Draws draws = scope.draws();
    String name = fullName != null ? fullName : draws.faker("full_name").name().fullName();
    // Drawn names repeat among thousands of users; the key, unique per tenant, keeps the
    // default address unique too.
    String mail = email != null
        ? email
        : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", ".").replaceAll("^\\.|\\.$", "")
            + "+" + key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "@" + tenant.domain();
    var record = Records.create(io.tenantseed.schema.migration.Tables.USERS)
        .setId(id(tenant))
        .setClientAccountId(tenant.tenantId())
        .setAuth0UserId(auth0Id != null ? auth0Id : "auth0|" + draws.hex("auth0", 24))
        .setEmail(mail)
        .setFullName(name)
        .setIsActive(active)
        .setCreatedAt(tenant.clock().timestamp())
        .setUpdatedAt(tenant.clock().timestamp());
    Row row = GraphParts.row(record, scope, extra);
    parts.claim(record.getId(), scope);
    parts.unique("email", row.get("email"), scope);
    parts.unique("auth0 id", row.get("auth0_user_id"), scope);
    parts.add(row);
  }
}
