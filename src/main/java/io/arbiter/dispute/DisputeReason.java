package io.arbiter.dispute;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.arbiter.dispute.ResolutionType.FULL_REFUND;
import static io.arbiter.dispute.ResolutionType.FULL_REFUND_WITH_RETURN;
import static io.arbiter.dispute.ResolutionType.PARTIAL_REFUND;
import static io.arbiter.dispute.ResolutionType.RESHIPMENT;

/**
 * The reason catalogue: what each reason asks of the buyer, the guidance shown before opening, and the
 * resolutions a buyer may ask for. A full refund without return is only for parcels that never arrived.
 */
public enum DisputeReason {

    NOT_RECEIVED("Item not received",
            "Check the tracking first. While the parcel is in transit and the promised delivery date has not"
                    + " passed, please wait: a dispute can only be opened after that date. If tracking says"
                    + " delivered but you have nothing, tell us in a statement where and how you looked.",
            List.of(),
            EnumSet.of(FULL_REFUND, RESHIPMENT, PARTIAL_REFUND)),

    NOT_AS_DESCRIBED("Not as described",
            "List every difference between the listing and what arrived, one by one. Bring photos or a video"
                    + " of each difference; if you bought more than 2 pieces, show as many pieces as you can.",
            List.of(new EvidenceRequirement("DIFFERENCES", "Photos or a video of each difference",
                    Set.of("photo", "video"))),
            EnumSet.of(FULL_REFUND_WITH_RETURN, PARTIAL_REFUND, RESHIPMENT)),

    WRONG_SIZE("Wrong size",
            "Lay the item flat with a ruler or tape measure next to it so the measurement can be read,"
                    + " and take a second photo of the size label.",
            List.of(new EvidenceRequirement("MEASUREMENT", "Photo of the item flat with a ruler showing the measurement",
                            Set.of("photo")),
                    new EvidenceRequirement("SIZE_LABEL", "Photo of the size label", Set.of("photo"))),
            EnumSet.of(FULL_REFUND_WITH_RETURN, PARTIAL_REFUND, RESHIPMENT)),

    WRONG_ITEM("Wrong item",
            "Photograph the item you received and the packaging it came in, including the label.",
            List.of(new EvidenceRequirement("ITEM", "Photos of the item received", Set.of("photo")),
                    new EvidenceRequirement("PACKAGING", "Photos of the packaging", Set.of("photo"))),
            EnumSet.of(FULL_REFUND_WITH_RETURN, PARTIAL_REFUND, RESHIPMENT)),

    QUALITY_ISSUE("Quality issue",
            "Photograph each defect close up, in good light, so it can be seen clearly.",
            List.of(new EvidenceRequirement("DEFECTS", "Photos showing the defects", Set.of("photo", "video"))),
            EnumSet.of(FULL_REFUND_WITH_RETURN, PARTIAL_REFUND, RESHIPMENT)),

    DEFECTIVE("Defective or not working",
            "Record a video that shows the item being switched on or used and not working. Photos are not"
                    + " enough for this reason.",
            List.of(new EvidenceRequirement("NOT_WORKING_VIDEO", "A video showing it not working", Set.of("video"))),
            EnumSet.of(FULL_REFUND_WITH_RETURN, PARTIAL_REFUND, RESHIPMENT)),

    PACKAGING_DAMAGED("Packaging damaged",
            "Claim with the carrier or post office first; if you did, add that claim's reference."
                    + " Photograph the damaged packaging and anything damaged inside.",
            List.of(new EvidenceRequirement("DAMAGE", "Photos of the damaged packaging", Set.of("photo"))),
            EnumSet.of(FULL_REFUND_WITH_RETURN, PARTIAL_REFUND, RESHIPMENT)),

    HELD_BY_CUSTOMS("Held by customs",
            "Bring the official customs documents that say why the parcel is held. Normal customs clearance and"
                    + " import taxes are the buyer's duty and are not grounds for a refund.",
            List.of(new EvidenceRequirement("CUSTOMS_DOCUMENTS", "Official documents from customs stating why",
                    Set.of("document"))),
            EnumSet.of(FULL_REFUND, RESHIPMENT, PARTIAL_REFUND));

    /** One piece of evidence a reason asks for, and the kinds of file that satisfy it. */
    public record EvidenceRequirement(String code, String description, Set<String> acceptedKinds) {
    }

    private final String label;
    private final String guidance;
    private final List<EvidenceRequirement> evidence;
    private final Set<ResolutionType> resolutions;

    DisputeReason(String label, String guidance, List<EvidenceRequirement> evidence, Set<ResolutionType> resolutions) {
        this.label = label;
        this.guidance = guidance;
        this.evidence = evidence;
        this.resolutions = resolutions;
    }

    public String label() {
        return label;
    }

    public String guidance() {
        return guidance;
    }

    public List<EvidenceRequirement> evidence() {
        return evidence;
    }

    public Set<ResolutionType> resolutions() {
        return resolutions;
    }

    public boolean requiresEvidence() {
        return !evidence.isEmpty();
    }

    /** Whether the buyer may ask for this; sellers may always offer more generous terms. */
    boolean buyerMayAsk(ResolutionType type) {
        return resolutions.contains(type);
    }
}
