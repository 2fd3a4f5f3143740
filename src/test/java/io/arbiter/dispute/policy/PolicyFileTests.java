package io.arbiter.dispute.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;

import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DeadlineOutcome;
import io.arbiter.dispute.DisputePolicy;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.evidence.inspection.EvidenceKind;

/** Reading the policy file: what it says, and every problem named with its line. */
class PolicyFileTests {

    private static final String SHIPPED = PolicyFile.shippedFile().text();

    /** The shipped policy with one piece of text replaced; fails if that text is not there exactly once. */
    private static String shippedWith(String original, String replacement) {
        assertThat(SHIPPED.split(Pattern.quote(original), -1)).as(original).hasSize(2);
        return SHIPPED.replace(original, replacement);
    }

    /** The 1-based line of the only line containing {@code text}. */
    private static int lineOf(String file, String text) {
        List<String> lines = Arrays.asList(file.split("\n", -1));
        List<Integer> found = lines.stream().filter(line -> line.contains(text)).map(lines::indexOf).toList();
        assertThat(found).as("lines containing " + text).hasSize(1);
        return found.get(0) + 1;
    }

    private static String problemsOf(String text) {
        Throwable thrown = catchThrowable(() -> PolicyFile.parse("test.yml", text));
        assertThat(thrown).isInstanceOf(InvalidPolicyException.class);
        return thrown.getMessage();
    }

    @Test
    void theShippedPolicyIsTheDomainRulebook() {
        DisputePolicy policy = PolicyFile.shipped();

        assertThat(policy.version()).isEqualTo("arbiter-default-2");
        assertThat(policy.sellerResponse()).isEqualTo(Duration.ofDays(5));
        assertThat(policy.buyerResponse()).isEqualTo(Duration.ofDays(5));
        assertThat(policy.evidence()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.notAsDescribedEvidenceAfterDelivery()).isEqualTo(Duration.ofDays(3));
        assertThat(policy.returnShipment()).isEqualTo(Duration.ofDays(10));
        assertThat(policy.returnReceipt()).isEqualTo(Duration.ofDays(15));
        assertThat(policy.reminders()).containsExactly(Duration.ofHours(48), Duration.ofHours(24));
        assertThat(policy.outcomes()).isEqualTo(new DisputePolicy.Outcomes(DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR,
                DeadlineOutcome.ACCEPT_CLAIM, DeadlineOutcome.APPLY_LATEST_OFFER, DeadlineOutcome.REFUND_BUYER,
                DeadlineOutcome.CLOSE_IN_SELLERS_FAVOUR, DeadlineOutcome.REFUND_BUYER, DeadlineOutcome.NOTIFY_AGENT,
                DeadlineOutcome.FLAG_IN_QUEUE));
        assertThat(policy.reasons().keySet()).containsExactly(DisputeReason.values());
        DisputePolicy.ReasonRules defective = policy.rulesOf(DisputeReason.DEFECTIVE);
        assertThat(defective.label()).isEqualTo("Defective or not working");
        assertThat(defective.evidence()).singleElement().satisfies(requirement -> {
            assertThat(requirement.code()).isEqualTo("NOT_WORKING_VIDEO");
            assertThat(requirement.acceptedKinds()).as("photos do not satisfy this").containsExactly("video");
        });
        assertThat(policy.rulesOf(DisputeReason.NOT_RECEIVED).requiresEvidence()).isFalse();
        assertThat(policy.rulesOf(DisputeReason.QUALITY_ISSUE).resolutions())
                .as("a full refund without return is only for parcels that never arrived")
                .doesNotContain(ResolutionType.FULL_REFUND);
        assertThat(PolicyFile.shipped()).isEqualTo(policy);
    }

    @Test
    void theAcceptedKindsAreTheEvidenceModulesKinds() {
        assertThat(PolicyFile.EVIDENCE_KINDS).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EvidenceKind.values()).map(EvidenceKind::code).toList());
    }

    @ParameterizedTest
    @CsvSource({"P5D, PT120H", "PT48H, PT48H", "5d, PT120H", "48h, PT48H", "30m, PT30M", "P1DT12H, PT36H"})
    void readsIsoAndShortDurations(String written, String meant) {
        String text = shippedWith("  seller-response: 5d ", "  seller-response: " + written + " ");
        assertThat(PolicyFile.parse("test.yml", text).policy().sellerResponse()).isEqualTo(Duration.parse(meant));
    }

    @Test
    void theNotAsDescribedLimitAfterDeliveryCanBeSwitchedOff() {
        String text = shippedWith("not-as-described-evidence-after-delivery: 3d",
                "not-as-described-evidence-after-delivery: none");
        assertThat(PolicyFile.parse("test.yml", text).policy().notAsDescribedEvidenceAfterDelivery()).isNull();
        assertThat(problemsOf(shippedWith("  seller-response: 5d ", "  seller-response: none ")))
                .contains("windows.seller-response: 'none' is not a duration");
    }

    @Test
    void aReasonLeftOutIsNotOfferedAndOpeningWithItNamesTheReason() {
        int start = SHIPPED.indexOf("  WRONG_SIZE:");
        int end = SHIPPED.indexOf("  WRONG_ITEM:");
        DisputePolicy policy = PolicyFile.parse("test.yml", SHIPPED.substring(0, start) + SHIPPED.substring(end))
                .policy();

        assertThat(policy.offers(DisputeReason.WRONG_SIZE)).isFalse();
        assertThat(policy.reasons()).doesNotContainKey(DisputeReason.WRONG_SIZE).hasSize(7);
        assertThatThrownBy(() -> policy.rulesOf(DisputeReason.WRONG_SIZE))
                .isInstanceOfSatisfying(RuleViolationException.class, e -> {
                    assertThat(e.field()).isEqualTo("reason");
                    assertThat(e.getMessage()).contains("WRONG_SIZE is not offered", "arbiter-default-2");
                });
    }

    @Test
    void namesTheLineOfAnUnknownKey() {
        String text = shippedWith("  agent-review: 2d", "  agent-review: 2d\n  coffee-break: 15m");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "coffee-break")
                + ": unknown key 'coffee-break' in windows; the keys are " + String.join(", ", PolicyFile.WINDOWS));
    }

    @Test
    void aMisspeltKeyIsUnknownAndLeavesTheRealOneMissing() {
        String text = shippedWith("  seller-response: 5d", "  seler-response: 5d");
        assertThat(problemsOf(text).split("\n")).containsExactly(
                "policy file test.yml, line " + lineOf(text, "seler-response")
                        + ": unknown key 'seler-response' in windows; the keys are "
                        + String.join(", ", PolicyFile.WINDOWS),
                "policy file test.yml, line " + lineOf(text, "seler-response") + ": windows: missing 'seller-response'");
    }

    @Test
    void namesTheLineOfAValueOfTheWrongType() {
        String text = shippedWith("reminders: [48h, 24h]", "reminders: 48h");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "reminders: 48h")
                + ": reminders must be a list of durations such as [48h, 24h], or [] for none, not a single value");

        String labels = shippedWith("    label: Wrong item", "    label: [Wrong, item]");
        assertThat(problemsOf(labels)).isEqualTo("policy file test.yml, line " + lineOf(labels, "[Wrong, item]")
                + ": reasons.WRONG_ITEM.label must be a single value, not a list");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-5d    | windows.seller-response: -5d must be longer than zero",
            "P0D    | windows.seller-response: P0D must be longer than zero",
            "0m     | windows.seller-response: 0m must be longer than zero",
            "5      | windows.seller-response: '5' is not a duration; write 5d, 48h, 30m or ISO-8601 such as P5D or PT48H",
            "5 days | windows.seller-response: '5 days' is not a duration; write 5d, 48h, 30m or ISO-8601 such as P5D or PT48H",
            "P1M    | windows.seller-response: 'P1M' is not a duration; write 5d, 48h, 30m or ISO-8601 such as P5D or PT48H",
            "9999d  | windows.seller-response: 9999d is longer than 3650 days",
            "''     | windows.seller-response has no value"})
    void refusesAWindowThatIsNotAPositiveDuration(String written, String problem) {
        String text = shippedWith("  seller-response: 5d ", "  seller-response: " + written + " ");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "seller-response")
                + ": " + problem);
    }

    @Test
    void refusesAnUnknownOutcomeAndOneThatDoesNotFitItsDeadline() {
        String unknown = shippedWith("seller-silent: ACCEPT_CLAIM", "seller-silent: SHRUG");
        assertThat(problemsOf(unknown)).isEqualTo("policy file test.yml, line " + lineOf(unknown, "SHRUG")
                + ": outcomes.seller-silent: unknown outcome 'SHRUG'; choose ACCEPT_CLAIM, APPLY_LATEST_OFFER,"
                + " CLOSE_IN_SELLERS_FAVOUR, REFUND_BUYER, ESCALATE, NOTIFY_AGENT, FLAG_IN_QUEUE");

        String misfit = shippedWith("seller-silent: ACCEPT_CLAIM", "seller-silent: FLAG_IN_QUEUE");
        assertThat(problemsOf(misfit)).isEqualTo("policy file test.yml, line " + lineOf(misfit, "seller-silent")
                + ": outcomes.seller-silent: FLAG_IN_QUEUE is not an outcome of this deadline; choose ACCEPT_CLAIM,"
                + " ESCALATE");
    }

    @Test
    void everyDeadlineHasItsDefaultAmongItsAllowedOutcomes() {
        DisputePolicy.Outcomes defaults = PolicyFile.shipped().outcomes();
        assertThat(PolicyFile.OUTCOMES.keySet()).hasSize(DisputePolicy.Outcomes.class.getRecordComponents().length);
        assertThat(PolicyFile.OUTCOMES.get("evidence-missing")).contains(defaults.evidenceMissing());
        assertThat(PolicyFile.OUTCOMES.get("buyer-silent")).contains(defaults.buyerSilent());
        assertThat(PolicyFile.OUTCOMES.get("agent-review-overdue")).contains(defaults.agentReviewOverdue());
    }

    @Test
    void theReadmeTableOfOutcomesIsTheOneEnforced() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        PolicyFile.OUTCOMES.forEach((deadline, allowed) -> {
            String row = readme.lines().filter(line -> line.startsWith("  | `" + deadline + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no row for " + deadline));
            assertThat(Pattern.compile("`([A-Z_]+)`").matcher(row).results().map(m -> m.group(1)))
                    .as(row).containsExactlyInAnyOrderElementsOf(allowed.stream().map(Enum::name).toList());
        });
    }

    @Test
    void refusesAnUnknownReason() {
        String text = shippedWith("  WRONG_ITEM:", "  BROKEN_HEART:");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "BROKEN_HEART")
                + ": reasons: unknown reason 'BROKEN_HEART'; the reasons are "
                + Arrays.toString(DisputeReason.values()));
    }

    @Test
    void refusesAnUnknownResolutionAndOneABuyerCannotAskFor() {
        String unknown = shippedWith("    resolutions: [FULL_REFUND, RESHIPMENT, PARTIAL_REFUND]\n\n  NOT_AS",
                "    resolutions: [FULL_REFUND, MONEY_BACK]\n\n  NOT_AS");
        assertThat(problemsOf(unknown)).isEqualTo("policy file test.yml, line " + lineOf(unknown, "MONEY_BACK")
                + ": reasons.NOT_RECEIVED.resolutions: unknown resolution a buyer may ask for 'MONEY_BACK'; choose"
                + " FULL_REFUND_WITH_RETURN, FULL_REFUND, PARTIAL_REFUND, RESHIPMENT");

        String rejected = shippedWith("    resolutions: [FULL_REFUND, RESHIPMENT, PARTIAL_REFUND]\n\n  NOT_AS",
                "    resolutions: [CLAIM_REJECTED]\n\n  NOT_AS");
        assertThat(problemsOf(rejected)).contains("line " + lineOf(rejected, "CLAIM_REJECTED")
                + ": reasons.NOT_RECEIVED.resolutions: unknown resolution a buyer may ask for 'CLAIM_REJECTED'");
    }

    @Test
    void refusesAReasonWithNoResolutions() {
        String text = shippedWith("    resolutions: [FULL_REFUND, RESHIPMENT, PARTIAL_REFUND]\n\n  NOT_AS",
                "    resolutions: []\n\n  NOT_AS");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "resolutions: []")
                + ": reasons.NOT_RECEIVED.resolutions: a reason needs at least one resolution the buyer may ask for");
    }

    @Test
    void refusesAnUnknownEvidenceKind() {
        String text = shippedWith("        accepted-kinds: [video]", "        accepted-kinds: [video, hologram]");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "hologram")
                + ": reasons.DEFECTIVE.evidence.accepted-kinds: unknown kind 'hologram'; choose from photo, video,"
                + " document, archive, link");
    }

    @Test
    void refusesAFileWithoutAVersion() {
        String text = shippedWith("version: arbiter-default-2\n", "");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "windows:")
                + ": missing 'version'");
        assertThat(problemsOf(shippedWith("version: arbiter-default-2", "version: the first one")))
                .contains("version 'the first one' must be 1 to 100 letters, digits");
    }

    @Test
    void refusesAKeyGivenTwice() {
        String text = shippedWith("  evidence: 7d", "  evidence: 7d\n  evidence: 8d");
        assertThat(problemsOf(text)).isEqualTo("policy file test.yml, line " + lineOf(text, "evidence: 8d")
                + ": windows: 'evidence' appears twice");
    }

    @Test
    void namesTheLineOfBrokenYaml() {
        String text = shippedWith("reminders: [48h, 24h]", "reminders: [48h, 24h");
        assertThat(problemsOf(text)).startsWith("policy file test.yml, line ").contains(": this is not valid YAML: ");
        assertThat(problemsOf("")).isEqualTo("policy file test.yml, line 1: the file is empty; it needs version,"
                + " windows, reminders, outcomes, reasons");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String text = shippedWith("  seller-response: 5d ", "  seller-response: soon ")
                .replace("seller-silent: ACCEPT_CLAIM", "seller-silent: REFUND_BUYER")
                .replace("  HELD_BY_CUSTOMS:", "  HELD_BY_ALIENS:");
        assertThat(problemsOf(text).split("\n")).extracting(line -> line.replaceAll(": .*", ""))
                .containsExactly("policy file test.yml, line " + lineOf(text, "soon"),
                        "policy file test.yml, line " + lineOf(text, "seller-silent"),
                        "policy file test.yml, line " + lineOf(text, "HELD_BY_ALIENS"));
    }

    @Test
    void refusesAMissingFileAndNamesIt() {
        assertThatThrownBy(() -> PolicyFile.read(new DefaultResourceLoader(), "classpath:policy/nowhere.yml"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("policy file classpath:policy/nowhere.yml: there is no such file (arbiter.policy.file"
                        + " names a classpath: or file: location)");
    }

    @Test
    void theFailureReportSaysWhatIsWrongAndWhatToDo() {
        var cause = catchInvalid(shippedWith("  seller-response: 5d ", "  seller-response: -1d "));
        var analysis = new PolicyFailureAnalyzer().analyze(new IllegalStateException("context failed", cause));

        assertThat(analysis.getDescription()).isEqualTo("Arbiter cannot start with this policy:\n" + cause.getMessage());
        assertThat(analysis.getAction()).contains("Fix the policy file test.yml", "README (Policy)");
    }

    private static InvalidPolicyException catchInvalid(String text) {
        try {
            PolicyFile.parse("test.yml", text);
        } catch (InvalidPolicyException e) {
            return e;
        }
        throw new AssertionError("the policy was accepted");
    }

    @Test
    void aTestPolicyOffersOnlyItsReasonsInItsOrder() {
        DisputePolicy policy = PolicyFile.read(new DefaultResourceLoader(), "classpath:policy/marketplace-v1.yml")
                .policy();
        assertThat(policy.reasons().keySet()).containsExactly(DisputeReason.QUALITY_ISSUE, DisputeReason.WRONG_SIZE,
                DisputeReason.NOT_RECEIVED);
        assertThat(policy.notAsDescribedEvidenceAfterDelivery()).isNull();
        assertThat(policy.reasons().values().stream().map(DisputePolicy.ReasonRules::label)
                .collect(Collectors.joining(", "))).isEqualTo("Poor quality, Does not fit, Never arrived");
    }

    @Test
    void theShippedPolicySetsTheBadgeThresholdsAndAPolicyWithoutThemGetsTheDefaults() {
        assertThat(PolicyFile.shipped().badges()).isEqualTo(new DisputePolicy.Badges(Duration.ofDays(90), 6, 3));
        int start = SHIPPED.indexOf("badges:");
        int end = SHIPPED.indexOf("# The reasons a buyer may choose");
        DisputePolicy without = PolicyFile.parse("test.yml", SHIPPED.substring(0, start) + SHIPPED.substring(end))
                .policy();
        assertThat(without.badges()).isEqualTo(DisputePolicy.Badges.DEFAULT);
        DisputePolicy changed = PolicyFile.parse("test.yml", shippedWith("  buyer-disputes: 6 ", "  buyer-disputes: 2 ")
                .replace("  window: 90d", "  window: 30d")).policy();
        assertThat(changed.badges()).isEqualTo(new DisputePolicy.Badges(Duration.ofDays(30), 2, 3));
    }

    @Test
    void refusesBadgeThresholdsThatCannotBeCounted() {
        String zero = shippedWith("  buyer-disputes: 6 ", "  buyer-disputes: 0 ");
        assertThat(problemsOf(zero)).isEqualTo("policy file test.yml, line " + lineOf(zero, "buyer-disputes: 0")
                + ": badges.buyer-disputes: '0' must be a whole number from 1 to 1000000");
        assertThat(problemsOf(shippedWith("  seller-decisions-against: 3 ", "  seller-decisions-against: many ")))
                .contains("badges.seller-decisions-against: 'many' must be a whole number from 1 to 1000000");
        assertThat(problemsOf(shippedWith("  window: 90d", "  window: 400d")))
                .contains("badges.window: 400d is longer than 366 days");
        assertThat(problemsOf(shippedWith("  window: 90d", "  window: 90d\n  buyer-threshold: 4")))
                .contains("unknown key 'buyer-threshold' in badges; the keys are window, buyer-disputes,"
                        + " seller-decisions-against");
    }

    @Test
    void theFirstShippedVersionIsKeptAsItShipped() {
        PolicyFile first = PolicyFile.everyShippedFile().get(1);
        assertThat(first.policy().version()).isEqualTo("arbiter-default-1");
        assertThat(first.text()).doesNotContain("badges");
        assertThat(first.policy().badges()).isEqualTo(DisputePolicy.Badges.DEFAULT);
        // Byte for byte what the release before badges shipped, so databases that recorded it still start.
        assertThat(first.sha256()).isEqualTo("7c92aafac8ccbf75a78d7a6e64d3eb4d537148236094ad4a4f41567cdcb4eb1e");
    }
}
