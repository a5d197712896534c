package io.tenantseed.graph;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.JSONB;

/** Jackson for JSON columns: values become trees, trees become jsonb. Never string concatenation. */
final class Json {

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private Json() {}

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
