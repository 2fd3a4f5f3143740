package io.arbiter.dispute;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The reasons a buyer can give for a dispute. The rules that depend on the reason itself stay in code (a
 * not-as-described claim lists its differences, a customs claim names the cause; see {@code Dispute}); what each
 * reason is called, the guidance shown before opening, the evidence it requires and the resolutions a buyer may
 * ask for come from the policy file ({@link DisputePolicy#rulesOf}), and a reason the policy leaves out is not
 * offered.
 */
public enum DisputeReason {
    NOT_RECEIVED,
    NOT_AS_DESCRIBED,
    WRONG_SIZE,
    WRONG_ITEM,
    QUALITY_ISSUE,
    DEFECTIVE,
    PACKAGING_DAMAGED,
    HELD_BY_CUSTOMS;

    /**
     * One piece of evidence a reason asks for, and the kinds of file that satisfy it ({@code photo}, {@code video},
     * {@code document}, {@code archive}, {@code link}).
     */
    public record EvidenceRequirement(String code, String description, Set<String> acceptedKinds) {

        public EvidenceRequirement {
            acceptedKinds = Collections.unmodifiableSet(new LinkedHashSet<>(acceptedKinds));
        }
    }
}
