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
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import io.arbiter.common.Sha256;
import io.arbiter.dispute.DeadlineOutcome;
import io.arbiter.dispute.DisputePolicy;

/**
 * A policy file as read: where it came from, its exact text, and the policy it describes. Reading checks every key
 * and value against the YAML node tree ({@link PolicyParser}), so each problem names its line; a file with any
 * problem is refused whole.
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
        return new PolicyFile(location, text, new PolicyParser(location).policy(text));
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
}
