package io.arbiter.dispute.policy;

import static io.arbiter.dispute.policy.PolicyFile.EVIDENCE_KINDS;
import static io.arbiter.dispute.policy.PolicyFile.OPTIONAL_WINDOW;
import static io.arbiter.dispute.policy.PolicyFile.OUTCOMES;
import static io.arbiter.dispute.policy.PolicyFile.WINDOWS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.arbiter.dispute.DeadlineOutcome;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputePolicy.ReasonRules;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeReason.EvidenceRequirement;
import io.arbiter.dispute.ResolutionType;

/**
 * The sections of a policy file (version, windows, reminders, outcomes, badges, reasons) and what each may say.
 * Walks the node tree once, noting every problem with its line, and builds the policy if there were none; the shape
 * of each node (a mapping, a list, a duration...) is checked by {@link PolicyNodeReader}.
 */
final class PolicyParser {

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

    private final PolicyNodeReader nodes;

    PolicyParser(String location) {
        this.nodes = new PolicyNodeReader(location);
    }

    DisputePolicy policy(String text) {
        Node root = nodes.compose(text);
        if (root == null) {
            nodes.problem(null, "the file is empty; it needs " + String.join(", ", REQUIRED_TOP));
            throw nodes.invalid();
        }
        Map<String, Node> top = nodes.mapping(root, "the file", TOP, REQUIRED_TOP);
        String version = version(top.get("version"));
        Map<String, Duration> windows = windows(top.get("windows"));
        List<Duration> reminders = reminders(top.get("reminders"));
        Map<String, DeadlineOutcome> outcomes = outcomes(top.get("outcomes"));
        Map<DisputeReason, ReasonRules> reasons = reasons(top.get("reasons"));
        DisputePolicy.Badges badges = badges(top.get("badges"));
        if (nodes.hasProblems()) {
            throw nodes.invalid();
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

    private String version(Node node) {
        String version = nodes.text(node, "version");
        if (version != null && !VERSION.matcher(version).matches()) {
            nodes.problem(node, "version '" + version + "' must be 1 to 100 letters, digits, '.', '_', ':' or '-',"
                    + " starting with a letter or digit");
            return null;
        }
        return version;
    }

    private Map<String, Duration> windows(Node node) {
        Map<String, Duration> windows = new LinkedHashMap<>();
        nodes.mapping(node, "windows", WINDOWS, WINDOWS).forEach((key, value) -> {
            if (key.equals(OPTIONAL_WINDOW) && value instanceof ScalarNode scalar
                    && scalar.getValue().equals("none")) {
                return;
            }
            windows.put(key, nodes.duration(value, "windows." + key));
        });
        return windows;
    }

    private List<Duration> reminders(Node node) {
        List<Duration> reminders = new ArrayList<>();
        for (Node item : nodes.sequence(node, "reminders", "durations such as [48h, 24h], or [] for none")) {
            Duration reminder = nodes.duration(item, "reminders");
            if (reminder != null && reminders.contains(reminder)) {
                nodes.problem(item, "reminders: " + PolicyNodeReader.scalarText(item) + " is listed twice");
            } else if (reminder != null) {
                reminders.add(reminder);
            }
        }
        return reminders;
    }

    private Map<String, DeadlineOutcome> outcomes(Node node) {
        Map<String, DeadlineOutcome> outcomes = new LinkedHashMap<>();
        List<String> keys = List.copyOf(OUTCOMES.keySet());
        nodes.mapping(node, "outcomes", keys, keys).forEach((key, value) -> {
            String path = "outcomes." + key;
            DeadlineOutcome outcome = nodes.constant(value, path, DeadlineOutcome.class,
                    EnumSet.allOf(DeadlineOutcome.class), "outcome");
            if (outcome != null && !OUTCOMES.get(key).contains(outcome)) {
                nodes.problem(value, path + ": " + outcome + " is not an outcome of this deadline; choose "
                        + PolicyNodeReader.oneOf(OUTCOMES.get(key)));
            } else if (outcome != null) {
                outcomes.put(key, outcome);
            }
        });
        return outcomes;
    }

    /** Each key may be left out for its default; the section too. */
    private DisputePolicy.Badges badges(Node node) {
        DisputePolicy.Badges defaults = DisputePolicy.Badges.DEFAULT;
        Map<String, Node> fields = nodes.mapping(node, "badges", BADGES, List.of());
        Duration window = defaults.window();
        if (fields.containsKey("window")) {
            Duration given = nodes.duration(fields.get("window"), "badges.window");
            if (given != null && given.compareTo(LONGEST_BADGE_WINDOW) > 0) {
                nodes.problem(fields.get("window"), "badges.window: "
                        + PolicyNodeReader.scalarText(fields.get("window"))
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
        String value = node == null ? null : nodes.text(node, path);
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
        nodes.problem(node, path + ": '" + value + "' must be a whole number from 1 to " + MOST_FOR_A_BADGE);
        return otherwise;
    }

    private Map<DisputeReason, ReasonRules> reasons(Node node) {
        Map<DisputeReason, ReasonRules> reasons = new LinkedHashMap<>();
        Map<Node, Node> entries = nodes.entries(node, "reasons");
        entries.forEach((key, value) -> {
            String code = ((ScalarNode) key).getValue();
            DisputeReason reason = Arrays.stream(DisputeReason.values())
                    .filter(candidate -> candidate.name().equals(code)).findFirst().orElse(null);
            if (reason == null) {
                nodes.problem(key, "reasons: unknown reason '" + code + "'; the reasons are "
                        + Arrays.toString(DisputeReason.values()));
                return;
            }
            ReasonRules rules = reason(value, "reasons." + code);
            if (rules != null) {
                reasons.put(reason, rules);
            }
        });
        if (node != null && entries.isEmpty() && node instanceof MappingNode) {
            nodes.problem(node, "reasons: the policy offers no reason, so no dispute could be opened");
        }
        return reasons;
    }

    private ReasonRules reason(Node node, String path) {
        int before = nodes.problemCount();
        Map<String, Node> fields = nodes.mapping(node, path, REASON, REASON);
        String label = nodes.text(fields.get("label"), path + ".label", 100);
        String guidance = nodes.text(fields.get("guidance"), path + ".guidance", 2000);
        List<EvidenceRequirement> evidence = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        for (Node item : nodes.sequence(fields.get("evidence"), path + ".evidence",
                "requirements (code, description, accepted-kinds), or [] for none")) {
            EvidenceRequirement requirement = requirement(item, path + ".evidence");
            if (requirement != null && !codes.add(requirement.code())) {
                nodes.problem(item, path + ".evidence: the code " + requirement.code() + " is used twice");
            } else if (requirement != null) {
                evidence.add(requirement);
            }
        }
        Set<ResolutionType> askable = EnumSet.complementOf(EnumSet.of(ResolutionType.CLAIM_REJECTED));
        Node resolutionsNode = fields.get("resolutions");
        List<Node> items = nodes.sequence(resolutionsNode, path + ".resolutions",
                "resolutions such as [FULL_REFUND]");
        Set<ResolutionType> ordered = new LinkedHashSet<>();
        for (Node item : items) {
            ResolutionType type = nodes.constant(item, path + ".resolutions", ResolutionType.class, askable,
                    "resolution a buyer may ask for");
            if (type != null && !ordered.add(type)) {
                nodes.problem(item, path + ".resolutions: " + type + " is listed twice");
            }
        }
        if (resolutionsNode instanceof SequenceNode && items.isEmpty()) {
            nodes.problem(resolutionsNode, path + ".resolutions: a reason needs at least one resolution the buyer"
                    + " may ask for");
        }
        return nodes.problemCount() > before ? null : new ReasonRules(label, guidance, evidence, ordered);
    }

    private EvidenceRequirement requirement(Node node, String path) {
        int before = nodes.problemCount();
        Map<String, Node> fields = nodes.mapping(node, path, REQUIREMENT, REQUIREMENT);
        String code = nodes.text(fields.get("code"), path + ".code", 50);
        if (code != null && !CODE.matcher(code).matches()) {
            nodes.problem(fields.get("code"), path + ".code: '" + code + "' must be upper-case letters, digits and"
                    + " '_', starting with a letter (such as SIZE_LABEL)");
        }
        String description = nodes.text(fields.get("description"), path + ".description", 500);
        Node kindsNode = fields.get("accepted-kinds");
        Set<String> kinds = new LinkedHashSet<>();
        List<Node> items = nodes.sequence(kindsNode, path + ".accepted-kinds", "kinds such as [photo, video]");
        for (Node item : items) {
            String kind = nodes.text(item, path + ".accepted-kinds");
            if (kind != null && !EVIDENCE_KINDS.contains(kind)) {
                nodes.problem(item, path + ".accepted-kinds: unknown kind '" + kind + "'; choose from photo, video,"
                        + " document, archive, link");
            } else if (kind != null && !kinds.add(kind)) {
                nodes.problem(item, path + ".accepted-kinds: " + kind + " is listed twice");
            }
        }
        if (kindsNode instanceof SequenceNode && items.isEmpty()) {
            nodes.problem(kindsNode, path + ".accepted-kinds: name at least one kind of evidence");
        }
        return nodes.problemCount() > before ? null : new EvidenceRequirement(code, description, kinds);
    }
}
