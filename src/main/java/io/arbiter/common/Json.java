package io.arbiter.common;

import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Small JSON values kept in a text column (listing attributes, image links, lists of differences):
 * the same text on H2 and PostgreSQL, read back into plain Java types.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static String write(Object value) {
        return value == null ? null : MAPPER.writeValueAsString(value);
    }

    public static Map<String, String> readStringMap(String json) {
        return json == null ? Map.of() : MAPPER.readValue(json, new TypeReference<Map<String, String>>() { });
    }

    public static List<String> readStringList(String json) {
        return json == null ? List.of() : MAPPER.readValue(json, new TypeReference<List<String>>() { });
    }

    public static <T> List<T> readList(String json, Class<T> type) {
        return json == null ? List.of()
                : MAPPER.readValue(json, MAPPER.getTypeFactory().constructCollectionType(List.class, type));
    }

    public static <T> T read(String json, Class<T> type) {
        return json == null ? null : MAPPER.readValue(json, type);
    }
}
