package io.tenantseed.seed;

import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Where a failed COPY stopped, from the context PostgreSQL gives its error ("COPY assets,
 * line 15000, column hostname: ..."): the lines it accepted before the one it refused. The
 * word before the number is not read, so a server speaking another language ("COPY assets,
 * Zeile 15000") is understood too.
 *
 * <pre>
 * CopyFailure.acceptedLines(e);   // OptionalLong[14999] for a refusal of line 15000
 * </pre>
 */
final class CopyFailure {

  private static final Pattern LINE = Pattern.compile("(?m)^COPY [^\\n]*?, \\p{L}+ ([0-9]+)");

  private CopyFailure() {}

  /**
   * The lines the server accepted before the one it refused; empty when the error names no
   * line (a failure at the end of the COPY, such as a foreign key checked after its input).
   */
  static OptionalLong acceptedLines(SQLException failure) {
    if (!(failure instanceof PSQLException server)) {
      return OptionalLong.empty();
    }
    ServerErrorMessage message = server.getServerErrorMessage();
    String where = message == null ? null : message.getWhere();
    if (where == null) {
      return OptionalLong.empty();
    }
    Matcher line = LINE.matcher(where);
    if (!line.find()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Math.max(0, Long.parseLong(line.group(1)) - 1));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
