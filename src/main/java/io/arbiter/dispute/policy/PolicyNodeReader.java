package io.arbiter.dispute.policy;

import static io.arbiter.dispute.policy.PolicyFile.LONGEST_WINDOW;

import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the YAML nodes of one policy file as the shapes it expects (a mapping with known keys, a list, a piece of
 * text, a duration, one of an enum's constants) and notes each problem with its line, so that {@link PolicyParser}
 * can go on and report every problem of the file at once.
 */
final class PolicyNodeReader {

    private static final Pattern SHORT_DURATION = Pattern.compile("([+-]?\\d{1,9})([dhm])");

    private final String location;
    private final List<InvalidPolicyException.Problem> problems = new ArrayList<>();

    PolicyNodeReader(String location) {
        this.location = location;
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    int problemCount() {
        return problems.size();
    }

    Node compose(String text) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            problems.add(new InvalidPolicyException.Problem(mark == null ? 0 : mark.getLine() + 1,
                    "this is not valid YAML: " + problem));
        } catch (YAMLException e) {
            problems.add(new InvalidPolicyException.Problem(0, "this is not valid YAML: " + e.getMessage()));
        }
        throw invalid();
    }

    /**
     * The entries of a mapping by key. Unknown and repeated keys are problems; so is a required key that is
     * missing. A missing or mistyped node gives an empty map (its problem is noted).
     */
    Map<String, Node> mapping(Node node, String path, List<String> keys, List<String> required) {
        Map<String, Node> fields = new LinkedHashMap<>();
        if (node == null) {
            return fields;
        }
        entries(node, path).forEach((key, value) -> {
            String name = ((ScalarNode) key).getValue();
            if (!keys.contains(name)) {
                problem(key, "unknown key '" + name + "' in " + path + "; the keys are " + String.join(", ", keys));
            } else {
                fields.put(name, value);
            }
        });
        if (node instanceof MappingNode) {
            for (String key : required) {
                if (!fields.containsKey(key)) {
                    problem(node, (path.equals("the file") ? "" : path + ": ") + "missing '" + key + "'");
                }
            }
        }
        return fields;
    }

    /** Key and value nodes of a mapping whose keys are plain text, each once. */
    Map<Node, Node> entries(Node node, String path) {
        Map<Node, Node> entries = new LinkedHashMap<>();
        if (node == null) {
            return entries;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path + " must be a mapping (key: value lines), not " + shape(node));
            return entries;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problem(key, path + ": a key must be plain text, not " + shape(key));
            } else if (!seen.add(scalar.getValue())) {
                problem(key, path + ": '" + scalar.getValue() + "' appears twice");
            } else {
                entries.put(key, tuple.getValueNode());
            }
        }
        return entries;
    }

    List<Node> sequence(Node node, String path, String expected) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, path + " must be a list of " + expected + ", not " + shape(node));
            return List.of();
        }
        return sequence.getValue();
    }

    String text(Node node, String path) {
        return text(node, path, 100);
    }

    /** A non-blank piece of text of at most {@code longest} characters. */
    String text(Node node, String path, int longest) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, path + " must be a single value, not " + shape(node));
            return null;
        }
        if (scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank()) {
            problem(node, path + " has no value");
            return null;
        }
        String value = scalar.getValue().strip();
        if (value.length() > longest) {
            problem(node, path + " is longer than " + longest + " characters");
            return null;
        }
        return value;
    }

    Duration duration(Node node, String path) {
        String value = text(node, path);
        if (value == null) {
            return null;
        }
        Duration duration;
        Matcher shorthand = SHORT_DURATION.matcher(value);
        if (shorthand.matches()) {
            long amount = Long.parseLong(shorthand.group(1));
            duration = switch (shorthand.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
        } else {
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                problem(node, path + ": '" + value + "' is not a duration; write 5d, 48h, 30m or ISO-8601 such"
                        + " as P5D or PT48H");
                return null;
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            problem(node, path + ": " + value + " must be longer than zero");
            return null;
        }
        if (duration.compareTo(LONGEST_WINDOW) > 0) {
            problem(node, path + ": " + value + " is longer than " + LONGEST_WINDOW.toDays() + " days");
            return null;
        }
        return duration;
    }

    <E extends Enum<E>> E constant(Node node, String path, Class<E> type, Set<E> allowed, String what) {
        String value = text(node, path);
        if (value == null) {
            return null;
        }
        for (E candidate : allowed) {
            if (candidate.name().equals(value)) {
                return candidate;
            }
        }
        problem(node, path + ": unknown " + what + " '" + value + "'; choose " + oneOf(allowed));
        return null;
    }

    void problem(Node node, String message) {
        problems.add(new InvalidPolicyException.Problem(node == null ? 1 : node.getStartMark().getLine() + 1,
                message));
    }

    InvalidPolicyException invalid() {
        return new InvalidPolicyException(location, problems);
    }

    static String scalarText(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : shape(node);
    }

    private static String shape(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return node instanceof SequenceNode ? "a list" : "a single value";
    }

    static String oneOf(Set<? extends Enum<?>> values) {
        return String.join(", ", values.stream().map(Enum::name).toList());
    }
}
