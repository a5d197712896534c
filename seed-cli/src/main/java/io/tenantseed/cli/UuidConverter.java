package io.tenantseed.cli;

import io.tenantseed.graph.Ids;
import java.util.UUID;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** UUID options in their canonical 8-4-4-4-12 hex form only ({@link Ids#parse}). */
final class UuidConverter implements ITypeConverter<UUID> {

  @Override
  public UUID convert(String value) {
    try {
      return Ids.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a UUID (expected 8-4-4-4-12 hex digits)");
    }
  }
}
