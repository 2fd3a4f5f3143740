package io.arbiter.support;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

public final class Json {

    private Json() {
    }

    public static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }

    public static List<String> field(JsonNode array, String name) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(name).asString()));
        return values;
    }
}
