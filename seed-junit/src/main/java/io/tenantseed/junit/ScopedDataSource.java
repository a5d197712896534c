package io.tenantseed.junit;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections of {@code owner} that run as {@code role} with {@code app.client_id} set to one
 * tenant, so that row-level security shows them that tenant only. Both settings are made
 * for the session with {@code set_config} (bound values, no SQL text from the annotation) and
 * undone when the connection is closed, so a pooled connection goes back unscoped.
 */
final class ScopedDataSource implements DataSource {

  private static final String SCOPE = "SELECT set_config('role', ?, false), set_config('app.client_id', ?, false)";
  private static final String UNSCOPE = "RESET ROLE; RESET app.client_id";

  private final DataSource owner;
  private final String role;
  private final UUID tenantId;

  ScopedDataSource(DataSource owner, String role, UUID tenantId) {
    this.owner = owner;
    this.role = role;
    this.tenantId = tenantId;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return scope(owner.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return scope(owner.getConnection(username, password));
  }

  private Connection scope(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(SCOPE)) {
      statement.setString(1, role);
      statement.setString(2, tenantId.toString());
      statement.execute();
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return (Connection) Proxy.newProxyInstance(ScopedDataSource.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new Unscoping(connection));
  }

  /** Passes every call through, but undoes the scope before the connection is closed. */
  private static final class Unscoping implements InvocationHandler {
    private final Connection connection;

    Unscoping(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        close();
        return null;
      }
      try {
        return method.invoke(connection, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private void close() throws SQLException {
      try {
        if (!connection.isClosed()) {
          if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
          }
          try (Statement statement = connection.createStatement()) {
            statement.execute(UNSCOPE);
          }
        }
      } catch (SQLException ignored) {
        // A broken connection cannot be reused by a pool anyway; closing it is what is left.
      } finally {
        connection.close();
      }
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return owner.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    owner.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    owner.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return owner.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return owner.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("a tenant-scoped DataSource does not unwrap to " + type.getName()
        + " (the owner's connections would see every tenant)");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "DataSource as " + role + " scoped to tenant " + tenantId;
  }
}
