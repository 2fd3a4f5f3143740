package io.arbiter.dispute.policy;

import static io.arbiter.dispute.DeadlineOutcome.ACCEPT_CLAIM;
import static io.arbiter.dispute.DeadlineOutcome.APPLY_LATEST_OFFER;
import static io.arbiter.dispute.DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR;
import static io.arbiter.dispute.DeadlineOutcome.ESCALATE;
import static io.arbiter.dispute.DeadlineOutcome.FLAG_IN_QUEUE;
import static io.arbiter.dispute.DeadlineOutcome.NOTIFY_AGENT;
import static io.arbiter.dispute.DeadlineOutcome.REFUND_BUYER;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
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

import io.arbiter.common.Sha256;
import io.arbiter.dispute.DeadlineOutcome;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputePolicy.ReasonRules;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeReason.EvidenceRequirement;
import io.arbiter.dispute.ResolutionType;

/**
 * A policy file as read: where it came from, its exact text, and the policy it describes. Reading checks every key
 * and value against the YAML node tree, so each problem names its line; a file with any problem is refused whole.
 *
 * @param location the Spring resource location it was read from ({@code classpath:…}, {@code file:…})
 */
public record PolicyFile(String location, String text, DisputePolicy policy) {

    /** The policy that ships in the jar, used unless {@code arbiter.policy.file} names another. */
    public static final String SHIPPED_LOCATION = "classpath:policy/default-policy.yml";

    /**
     * The versions of the shipped policy that earlier releases used, byte for byte as they shipped: a database that
     * has disputes under one of them but never recorded it (a dispute given the version by migration) records it.
     */
    static final List<String> EARLIER_SHIPPED_LOCATIONS = List.of("classpath:policy/shipped/arbiter-default-1.yml");

    /** The kinds of evidence a requirement may accept, as the evidence module names them. */
    public static final Set<String> EVIDENCE_KINDS = Set.of("photo", "video", "document", "archive", "link");

    /** What the text column of {@code policy_version} holds. */
    static final int MAX_CHARACTERS = 1_000_000;

    /** What may happen when each due time passes, by key under {@code outcomes}. */
    static final Map<String, Set<DeadlineOutcome>> OUTCOMES = outcomesByDeadline();

    static final List<String> WINDOWS = List.of("seller-response", "buyer-response", "evidence",
            "not-as-described-evidence-after-delivery", "return-address", "return-shipment", "return-receipt",
            "buyer-protection", "information-request", "agent-review");

    /** The one window that may be switched off. */
    static final String OPTIONAL_WINDOW = "not-as-described-evidence-after-delivery";

    static final Duration LONGEST_WINDOW = Duration.ofDays(3650);

    public String sha256() {
        return Sha256.hex(text);
    }

    /** Reads and checks the file at a Spring resource location. */
    public static PolicyFile read(ResourceLoader resources, String location) {
        if (location == null || location.isBlank()) {
            throw problem("(arbiter.policy.file)", "no location given; leave arbiter.policy.file out for the"
                    + " default policy");
        }
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new InvalidPolicyException(location, List.of(new InvalidPolicyException.Problem(0,
                    "there is no such file (arbiter.policy.file names a classpath: or file: location)")));
        }
        return parse(location, readText(resource, location));
    }

    /** Checks a policy text; {@code location} only names it in problems. */
    public static PolicyFile parse(String location, String text) {
        return new PolicyFile(location, text, new Parser(location).policy(text));
    }

    /** The policy that ships in the jar. */
    public static PolicyFile shippedFile() {
        return Shipped.FILE;
    }

    public static DisputePolicy shipped() {
        return Shipped.FILE.policy();
    }

    /** The shipped policy of this release and those of earlier releases, the newest first. */
    static List<PolicyFile> everyShippedFile() {
        List<PolicyFile> files = new ArrayList<>(List.of(Shipped.FILE));
        DefaultResourceLoader resources = new DefaultResourceLoader(PolicyFile.class.getClassLoader());
        EARLIER_SHIPPED_LOCATIONS.forEach(location -> files.add(read(resources, location)));
        return files;
    }

    private static final class Shipped {
        static final PolicyFile FILE = read(new DefaultResourceLoader(PolicyFile.class.getClassLoader()),
                SHIPPED_LOCATION);
    }

    private static String readText(Resource resource, String location) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder text = new StringBuilder();
        try (Reader reader = new InputStreamReader(resource.getInputStream(), decoder)) {
            char[] buffer = new char[8192];
            for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                text.append(buffer, 0, read);
                if (text.length() > MAX_CHARACTERS) {
                    throw problem(location, "the file is longer than " + MAX_CHARACTERS + " characters");
                }
            }
        } catch (CharacterCodingException e) {
            throw problem(location, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw problem(location, "cannot be read: " + e.getMessage());
        }
        return text.toString();
    }

    private static InvalidPolicyException problem(String location, String message) {
        return new InvalidPolicyException(location, List.of(new InvalidPolicyException.Problem(0, message)));
    }

    /**
     * Only what follows from the step that ran out: a return after a decision cannot go back to the agents, and
     * an unanswered information request cannot decide the case by itself.
     */
    private static Map<String, Set<DeadlineOutcome>> outcomesByDeadline() {
        Map<String, Set<DeadlineOutcome>> outcomes = new LinkedHashMap<>();
        outcomes.put("evidence-missing", EnumSet.of(CLOSE_IN_SELLERS_FAVOUR, ESCALATE));
        outcomes.put("seller-silent", EnumSet.of(ACCEPT_CLAIM, ESCALATE));
        outcomes.put("buyer-silent", EnumSet.of(APPLY_LATEST_OFFER, CLOSE_IN_SELLERS_FAVOUR, ESCALATE));
        outcomes.put("return-address-missing", EnumSet.of(REFUND_BUYER));
        outcomes.put("return-not-shipped", EnumSet.of(CLOSE_IN_SELLERS_FAVOUR));
        outcomes.put("return-receipt-not-confirmed", EnumSet.of(REFUND_BUYER));
        outcomes.put("information-not-provided", EnumSet.of(NOTIFY_AGENT));
        outcomes.put("agent-review-overdue", EnumSet.of(FLAG_IN_QUEUE, NOTIFY_AGENT));
        return Collections.unmodifiableMap(outcomes);
    }

    /** Walks the node tree once, noting every problem with its line, and builds the policy if there were none. */
    private static final class Parser {

        private static final Pattern SHORT_DURATION = Pattern.compile("([+-]?\\d{1,9})([dhm])");
        private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
        private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,49}");
        private static final List<String> TOP = List.of("version", "windows", "reminders", "outcomes", "badges",
                "reasons");
        /** {@code badges} came with arbiter-default-2: a file without it gets {@link DisputePolicy.Badges#DEFAULT}. */
        private static final List<String> REQUIRED_TOP = List.of("version", "windows", "reminders", "outcomes",
                "reasons");
        private static final List<String> BADGES = List.of("window", "buyer-disputes", "seller-decisions-against");
        private static final Duration LONGEST_BADGE_WINDOW = Duration.ofDays(366);
        private static final int MOST_FOR_A_BADGE = 1_000_000;
        private static final List<String> REASON = List.of("label", "guidance", "evidence", "resolutions");
        private static final List<String> REQUIREMENT = List.of("code", "description", "accepted-kinds");

        private final String location;
        private final List<InvalidPolicyException.Problem> problems = new ArrayList<>();

        Parser(String location) {
            this.location = location;
        }

        DisputePolicy policy(String text) {
            Node root = compose(text);
            if (root == null) {
                problem(null, "the file is empty; it needs " + String.join(", ", REQUIRED_TOP));
                throw invalid();
            }
            Map<String, Node> top = mapping(root, "the file", TOP, REQUIRED_TOP);
            String version = version(top.get("version"));
            Map<String, Duration> windows = windows(top.get("windows"));
            List<Duration> reminders = reminders(top.get("reminders"));
            Map<String, DeadlineOutcome> outcomes = outcomes(top.get("outcomes"));
            Map<DisputeReason, ReasonRules> reasons = reasons(top.get("reasons"));
            DisputePolicy.Badges badges = badges(top.get("badges"));
            if (!problems.isEmpty()) {
                throw invalid();
            }
            return new DisputePolicy(version, windows.get("seller-response"), windows.get("buyer-response"),
                    windows.get("evidence"), windows.get(OPTIONAL_WINDOW), windows.get("return-address"),
                    windows.get("return-shipment"), windows.get("return-receipt"), windows.get("information-request"),
                    windows.get("agent-review"), windows.get("buyer-protection"), reminders,
                    new DisputePolicy.Outcomes(outcomes.get("evidence-missing"), outcomes.get("seller-silent"),
                            outcomes.get("buyer-silent"), outcomes.get("return-address-missing"),
                            outcomes.get("return-not-shipped"), outcomes.get("return-receipt-not-confirmed"),
                            outcomes.get("information-not-provided"), outcomes.get("agent-review-overdue")),
                    reasons, badges);
        }

        private Node compose(String text) {
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

        // ------------------------------------------------------------------ the sections

        private String version(Node node) {
            String version = text(node, "version");
            if (version != null && !VERSION.matcher(version).matches()) {
                problem(node, "version '" + version + "' must be 1 to 100 letters, digits, '.', '_', ':' or '-',"
                        + " starting with a letter or digit");
                return null;
            }
            return version;
        }

        private Map<String, Duration> windows(Node node) {
            Map<String, Duration> windows = new LinkedHashMap<>();
            mapping(node, "windows", WINDOWS, WINDOWS).forEach((key, value) -> {
                if (key.equals(OPTIONAL_WINDOW) && value instanceof ScalarNode scalar
                        && scalar.getValue().equals("none")) {
                    return;
                }
                windows.put(key, duration(value, "windows." + key));
            });
            return windows;
        }

        private List<Duration> reminders(Node node) {
            List<Duration> reminders = new ArrayList<>();
            for (Node item : sequence(node, "reminders", "durations such as [48h, 24h], or [] for none")) {
                Duration reminder = duration(item, "reminders");
                if (reminder != null && reminders.contains(reminder)) {
                    problem(item, "reminders: " + scalarText(item) + " is listed twice");
                } else if (reminder != null) {
                    reminders.add(reminder);
                }
            }
            return reminders;
        }

        private Map<String, DeadlineOutcome> outcomes(Node node) {
            Map<String, DeadlineOutcome> outcomes = new LinkedHashMap<>();
            List<String> keys = List.copyOf(OUTCOMES.keySet());
            mapping(node, "outcomes", keys, keys).forEach((key, value) -> {
                String path = "outcomes." + key;
                DeadlineOutcome outcome = constant(value, path, DeadlineOutcome.class,
                        EnumSet.allOf(DeadlineOutcome.class), "outcome");
                if (outcome != null && !OUTCOMES.get(key).contains(outcome)) {
                    problem(value, path + ": " + outcome + " is not an outcome of this deadline; choose "
                            + oneOf(OUTCOMES.get(key)));
                } else if (outcome != null) {
                    outcomes.put(key, outcome);
                }
            });
            return outcomes;
        }

        /** Each key may be left out for its default; the section too. */
        private DisputePolicy.Badges badges(Node node) {
            DisputePolicy.Badges defaults = DisputePolicy.Badges.DEFAULT;
            Map<String, Node> fields = mapping(node, "badges", BADGES, List.of());
            Duration window = defaults.window();
            if (fields.containsKey("window")) {
                Duration given = duration(fields.get("window"), "badges.window");
                if (given != null && given.compareTo(LONGEST_BADGE_WINDOW) > 0) {
                    problem(fields.get("window"), "badges.window: " + scalarText(fields.get("window"))
                            + " is longer than " + LONGEST_BADGE_WINDOW.toDays() + " days");
                }
                window = given == null ? window : given;
            }
            int buyerDisputes = count(fields.get("buyer-disputes"), "badges.buyer-disputes", defaults.buyerDisputes());
            int decisionsAgainst = count(fields.get("seller-decisions-against"), "badges.seller-decisions-against",
                    defaults.sellerDecisionsAgainst());
            return new DisputePolicy.Badges(window, buyerDisputes, decisionsAgainst);
        }

        /** A whole number from 1 to {@link #MOST_FOR_A_BADGE}; {@code otherwise} when the key is left out. */
        private int count(Node node, String path, int otherwise) {
            String value = node == null ? null : text(node, path);
            if (value == null) {
                return otherwise;
            }
            try {
                int count = Integer.parseInt(value);
                if (count >= 1 && count <= MOST_FOR_A_BADGE) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            problem(node, path + ": '" + value + "' must be a whole number from 1 to " + MOST_FOR_A_BADGE);
            return otherwise;
        }

        private Map<DisputeReason, ReasonRules> reasons(Node node) {
            Map<DisputeReason, ReasonRules> reasons = new LinkedHashMap<>();
            Map<Node, Node> entries = entries(node, "reasons");
            entries.forEach((key, value) -> {
                String code = ((ScalarNode) key).getValue();
                DisputeReason reason = Arrays.stream(DisputeReason.values())
                        .filter(candidate -> candidate.name().equals(code)).findFirst().orElse(null);
                if (reason == null) {
                    problem(key, "reasons: unknown reason '" + code + "'; the reasons are "
                            + Arrays.toString(DisputeReason.values()));
                    return;
                }
                ReasonRules rules = reason(value, "reasons." + code);
                if (rules != null) {
                    reasons.put(reason, rules);
                }
            });
            if (node != null && entries.isEmpty() && node instanceof MappingNode) {
                problem(node, "reasons: the policy offers no reason, so no dispute could be opened");
            }
            return reasons;
        }

        private ReasonRules reason(Node node, String path) {
            int before = problems.size();
            Map<String, Node> fields = mapping(node, path, REASON, REASON);
            String label = text(fields.get("label"), path + ".label", 100);
            String guidance = text(fields.get("guidance"), path + ".guidance", 2000);
            List<EvidenceRequirement> evidence = new ArrayList<>();
            Set<String> codes = new LinkedHashSet<>();
            for (Node item : sequence(fields.get("evidence"), path + ".evidence",
                    "requirements (code, description, accepted-kinds), or [] for none")) {
                EvidenceRequirement requirement = requirement(item, path + ".evidence");
                if (requirement != null && !codes.add(requirement.code())) {
                    problem(item, path + ".evidence: the code " + requirement.code() + " is used twice");
                } else if (requirement != null) {
                    evidence.add(requirement);
                }
            }
            Set<ResolutionType> askable = EnumSet.complementOf(EnumSet.of(ResolutionType.CLAIM_REJECTED));
            Node resolutionsNode = fields.get("resolutions");
            List<Node> items = sequence(resolutionsNode, path + ".resolutions", "resolutions such as [FULL_REFUND]");
            Set<ResolutionType> ordered = new LinkedHashSet<>();
            for (Node item : items) {
                ResolutionType type = constant(item, path + ".resolutions", ResolutionType.class, askable,
                        "resolution a buyer may ask for");
                if (type != null && !ordered.add(type)) {
                    problem(item, path + ".resolutions: " + type + " is listed twice");
                }
            }
            if (resolutionsNode instanceof SequenceNode && items.isEmpty()) {
                problem(resolutionsNode, path + ".resolutions: a reason needs at least one resolution the buyer"
                        + " may ask for");
            }
            return problems.size() > before ? null : new ReasonRules(label, guidance, evidence, ordered);
        }

        private EvidenceRequirement requirement(Node node, String path) {
            int before = problems.size();
            Map<String, Node> fields = mapping(node, path, REQUIREMENT, REQUIREMENT);
            String code = text(fields.get("code"), path + ".code", 50);
            if (code != null && !CODE.matcher(code).matches()) {
                problem(fields.get("code"), path + ".code: '" + code + "' must be upper-case letters, digits and"
                        + " '_', starting with a letter (such as SIZE_LABEL)");
            }
            String description = text(fields.get("description"), path + ".description", 500);
            Node kindsNode = fields.get("accepted-kinds");
            Set<String> kinds = new LinkedHashSet<>();
            List<Node> items = sequence(kindsNode, path + ".accepted-kinds", "kinds such as [photo, video]");
            for (Node item : items) {
                String kind = text(item, path + ".accepted-kinds");
                if (kind != null && !EVIDENCE_KINDS.contains(kind)) {
                    problem(item, path + ".accepted-kinds: unknown kind '" + kind + "'; choose from photo, video,"
                            + " document, archive, link");
                } else if (kind != null && !kinds.add(kind)) {
                    problem(item, path + ".accepted-kinds: " + kind + " is listed twice");
                }
            }
            if (kindsNode instanceof SequenceNode && items.isEmpty()) {
                problem(kindsNode, path + ".accepted-kinds: name at least one kind of evidence");
            }
            return problems.size() > before ? null : new EvidenceRequirement(code, description, kinds);
        }

        // ------------------------------------------------------------------ node shapes

        /**
         * The entries of a mapping by key. Unknown and repeated keys are problems; so is a required key that is
         * missing. A missing or mistyped node gives an empty map (its problem is noted).
         */
        private Map<String, Node> mapping(Node node, String path, List<String> keys, List<String> required) {
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
        private Map<Node, Node> entries(Node node, String path) {
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

        private List<Node> sequence(Node node, String path, String expected) {
            if (node == null) {
                return List.of();
            }
            if (!(node instanceof SequenceNode sequence)) {
                problem(node, path + " must be a list of " + expected + ", not " + shape(node));
                return List.of();
            }
            return sequence.getValue();
        }

        private String text(Node node, String path) {
            return text(node, path, 100);
        }

        /** A non-blank piece of text of at most {@code longest} characters. */
        private String text(Node node, String path, int longest) {
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

        private Duration duration(Node node, String path) {
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

        private <E extends Enum<E>> E constant(Node node, String path, Class<E> type, Set<E> allowed, String what) {
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

        // ------------------------------------------------------------------ problems

        private void problem(Node node, String message) {
            problems.add(new InvalidPolicyException.Problem(node == null ? 1 : node.getStartMark().getLine() + 1,
                    message));
        }

        private InvalidPolicyException invalid() {
            return new InvalidPolicyException(location, problems);
        }

        private static String scalarText(Node node) {
            return node instanceof ScalarNode scalar ? scalar.getValue() : shape(node);
        }

        private static String shape(Node node) {
            if (node instanceof MappingNode) {
                return "a mapping";
            }
            return node instanceof SequenceNode ? "a list" : "a single value";
        }

        private static String oneOf(Set<? extends Enum<?>> values) {
            return String.join(", ", values.stream().map(Enum::name).toList());
        }
    }
}
