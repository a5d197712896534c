package io.tenantseed.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.JSONB;

/** Jackson for JSON columns: values become trees, trees become jsonb. Never string concatenation. */
final class Json {

  /**
   * The most characters of one string, and digits of one number, that PostgreSQL can hold
   * (a text or jsonb value up to 1 GB; numeric up to 131072 digits before the point and
   * 16383 after): what an export can hold, its import reads. Jackson's defaults (20 million
   * characters, 1000 digits) would refuse some of them.
   */
  static final int MAX_STRING_LENGTH = 1 << 30;
  static final int MAX_NUMBER_LENGTH = 131_072 + 16_383 + 2;
  /**
   * The deepest JSON value a jsonb column may hold to be exported (Jackson's default;
   * PostgreSQL allows deeper ones, which the export refuses by name rather than write what
   * the import could not read), and the deepest export document: such a value inside the
   * document's own levels (document, tables, table, row).
   */
  static final int MAX_VALUE_DEPTH = 1_000;
  static final int MAX_DOCUMENT_DEPTH = MAX_VALUE_DEPTH + 8;

  static final ObjectMapper MAPPER = JsonMapper.builder(factory(MAX_VALUE_DEPTH))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private Json() {}

  /**
   * A JSON factory whose string and number limits are PostgreSQL's, not Jackson's defaults,
   * reading values up to {@code readDepth} deep and writing documents up to
   * {@link #MAX_DOCUMENT_DEPTH}.
   */
  static JsonFactory factory(int readDepth) {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNestingDepth(readDepth)
            .build())
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DOCUMENT_DEPTH).build())
        .build();
  }

  /** A deep copy of {@code value} (a Map, List, JsonNode, record, ...) as a tree. */
  static JsonNode tree(Object value) {
    if (value instanceof JsonNode node) {
      return node.deepCopy();
    }
    return MAPPER.valueToTree(value);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static JSONB jsonb(JsonNode node) {
    try {
      return node == null ? null : JSONB.valueOf(MAPPER.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }
}
