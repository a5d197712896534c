package io.tenantseed.cli;

import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** UUIDs in their canonical 8-4-4-4-12 hex form only ({@code UUID.fromString} accepts "1-1-1-1-1"). */
final class UuidConverter implements ITypeConverter<UUID> {

  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  @Override
  public UUID convert(String value) {
    if (value == null || !CANONICAL.matcher(value).matches()) {
      throw new TypeConversionException("'" + Output.printable(value) + "' is not a UUID (expected 8-4-4-4-12 hex digits)");
    }
    return UUID.fromString(value);
  }
}
