package io.tenantseed.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Writes one export document row by row with Jackson's streaming generator: nothing but the
 * current row is held. The bytes are those of Jackson's pretty printer with two-space
 * indents and {@code \n} line ends, and a final {@code \n}.
 *
 * <pre>
 * try (ExportWriter export = new ExportWriter(out, tenantId)) {
 *   export.startTable("client_accounts");
 *   export.row("client_accounts", columns, values, scales, () -&gt; "id " + id);
 *   export.endTable();
 * }
 * </pre>
 *
 * <p>Not thread-safe; one per document.
 */
final class ExportWriter implements AutoCloseable {

  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private final UUID tenantId;
  private final Ending ending;
  private final JsonGenerator json;

  /** Starts the document on {@code out}: its format, tenant and the opening of its tables. */
  ExportWriter(OutputStream out, UUID tenantId) {
    this(tenantId, () -> documentGenerator(out), () -> {
      out.write('\n');
      out.flush();
    });
  }

  /** Starts the document on {@code out}, as characters (the same characters as the bytes above). */
  ExportWriter(Writer out, UUID tenantId) {
    this(tenantId, () -> generator(out), () -> {
      out.write('\n');
      out.flush();
    });
  }

  private ExportWriter(UUID tenantId, Opening opening, Ending ending) {
    this.tenantId = tenantId;
    this.ending = ending;
    try {
      json = opening.open();
      json.setPrettyPrinter(PRINTER.createInstance());
      json.writeStartObject();
      json.writeStringField("format", CanonicalExport.FORMAT);
      json.writeStringField("tenant_id", tenantId.toString());
      json.writeFieldName("tables");
      json.writeStartObject();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private interface Opening {
    JsonGenerator open() throws IOException;
  }

  private interface Ending {
    void end() throws IOException;
  }

  void startTable(String table) {
    try {
      json.writeFieldName(table);
      json.writeStartArray();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /**
   * One row: {@code columns} in alphabetical order, {@code scales} the numeric scale of each
   * (-1 for none), {@code key} how a message names the row ("id 5f3c..."), asked for only then.
   */
  void row(String table, String[] columns, Object[] values, int[] scales, Supplier<String> key) {
    try {
      writeRow(json, table, columns, values, scales, key);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  void endTable() {
    try {
      json.writeEndArray();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Ends the document with its final line end; the stream stays open. */
  @Override
  public void close() {
    try {
      json.writeEndObject();
      json.writeEndObject();
      json.close();
      ending.end();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /**
   * A row in compact JSON: its canonical text, what the rows of a table without a primary key
   * are ordered by, and what a digest hashes.
   */
  static String canonicalText(String table, String[] columns, Object[] values, int[] scales, String key) {
    return canonicalText(table, columns, values, scales, () -> key);
  }

  /** {@link #canonicalText(String, String[], Object[], int[], String)} naming the row only if it must. */
  static String canonicalText(String table, String[] columns, Object[] values, int[] scales, Supplier<String> key) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator compact = generator(bytes)) {
      writeRow(compact, table, columns, values, scales, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static JsonGenerator generator(OutputStream out) throws IOException {
    return features(Json.MAPPER.createGenerator(out));
  }

  /**
   * A document's generator on bytes: a character outside the BMP (an emoji) is written as its
   * four UTF-8 bytes, as the generator on characters writes it, not as an escaped surrogate
   * pair, so that {@code --out} and stdout give the same document.
   */
  private static JsonGenerator documentGenerator(OutputStream out) throws IOException {
    return features(Json.MAPPER.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).createGenerator(out));
  }

  private static JsonGenerator generator(Writer out) throws IOException {
    return features(Json.MAPPER.createGenerator(out));
  }

  private static JsonGenerator features(JsonGenerator generator) {
    generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    generator.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    return generator;
  }

  private static void writeRow(JsonGenerator json, String table, String[] columns, Object[] values, int[] scales,
      Supplier<String> key) throws IOException {
    json.writeStartObject();
    for (int i = 0; i < columns.length; i++) {
      json.writeFieldName(columns[i]);
      try {
        ExportValues.write(json, values[i], scales[i]);
      } catch (ExportValues.TooDeep e) {
        throw new InvalidExportException("cannot export " + table + " row (" + key.get() + "), column " + columns[i]
            + ": its JSON value nests deeper than " + Json.MAX_VALUE_DEPTH
            + " levels, more than an export can be read back with", e);
      }
    }
    json.writeEndObject();
  }

  private UncheckedIOException failed(IOException e) {
    return new UncheckedIOException("writing the export of tenant " + tenantId + " failed", e);
  }
}
