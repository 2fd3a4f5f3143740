package io.arbiter.common;


import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The canonical form of a chain entry, and its hash. Written so that someone without Arbiter can check it:
 * <ul>
 * <li>UTF-8 JSON with no whitespace between tokens;</li>
 * <li>object members sorted by name, comparing UTF-16 code units (as Java's {@code String.compareTo} and
 * RFC 8785 do); members whose value is null are left out; array order is kept;</li>
 * <li>strings escape only {@code "} and {@code \} and the control characters below U+0020 ({@code \b \t \n \f
 * \r}, others as {@code \}{@code u00xx} with lower-case hex); everything else is written as is;</li>
 * <li>numbers are integers in plain decimal (events carry amounts in minor units; a fraction, should one ever
 * occur, is written in plain decimal without trailing zeros); booleans as {@code true}/{@code false};</li>
 * <li>instants as ISO-8601 in UTC, {@code 2026-03-02T10:00:00Z}, with a fraction of 3, 6 or 9 digits only
 * when not zero ({@code Instant.toString()}).</li>
 * </ul>
 * An entry's hash is the lower-case hex SHA-256 of the UTF-8 bytes of {@code previousHash + "\n" + canonical};
 * the first entry's previous hash is 64 zeros ({@link #GENESIS}).
 */
public final class CanonicalJson {

    public static final String GENESIS = "0".repeat(64);

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("canonical-instants").addSerializer(Instant.class, new InstantAsText()))
            .build();

    private CanonicalJson() {
    }

    /** The canonical text of a JSON tree. */
    public static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /** Any value (an event record, a map) as a JSON tree, instants as ISO-8601 UTC text. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static String hash(String previousHash, String canonical) {
        return sha256(previousHash + "\n" + canonical);
    }

    public static String sha256(String text) {
        return Sha256.hex(text);
    }

    public static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    public static MessageDigest digest() {
        return Sha256.newDigest();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = node.properties().stream()
                    .filter(member -> !member.getValue().isNull() && !member.getValue().isMissingNode())
                    .sorted(Map.Entry.comparingByKey())
                    .toList();
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(members.get(i).getKey(), out);
                out.append(':');
                write(members.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            int i = 0;
            for (JsonNode element : node.values()) {
                if (i++ > 0) {
                    out.append(',');
                }
                write(element, out);
            }
            out.append(']');
        } else if (node.isString()) {
            string(node.stringValue(), out);
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            out.append(value.signum() == 0 ? "0" : value.toPlainString());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            throw new IllegalArgumentException("no canonical form for a " + node.getNodeType() + " node");
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class InstantAsText extends ValueSerializer<Instant> {

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(value.toString());
        }
    }
}
