package io.arbiter.evidence;

import java.util.Locale;
import java.util.Map;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.PlainText;
import io.arbiter.common.RuleViolationException;
import io.arbiter.dispute.DisputeReason.EvidenceRequirement;
import io.arbiter.dispute.EvidenceContext;
import io.arbiter.dispute.Party;
import io.arbiter.evidence.inspection.EvidenceKind;

/** What a party says about a piece it brings, checked before any byte of it is kept. */
public record Submission(EvidenceKind kind, String description, String requirement, Integer piece, String fileName) {

    public static Submission of(String kind, String description, String requirement, String piece, String fileName) {
        return new Submission(kindOf(kind), descriptionOf(description), blankToNull(requirement), pieceOf(piece),
                safeFileName(fileName));
    }

    public static Submission of(Map<String, String> metadata) {
        return of(metadata.get("kind"), metadata.get("description"), metadata.get("requirement"),
                metadata.get("piece"), metadata.get("filename"));
    }

    /** The piece must fit the dispute: a requirement of its reason that accepts this kind, a piece that was bought. */
    Submission checkedAgainst(EvidenceContext dispute) {
        if (piece != null && piece > dispute.piecesOrdered()) {
            throw new RuleViolationException("piece", "piece is a number from 1 to " + dispute.piecesOrdered()
                    + " (the pieces ordered)");
        }
        if (requirement == null) {
            return this;
        }
        if (dispute.party() != Party.BUYER) {
            throw new RuleViolationException("requirement", "requirements are what the buyer's reason asks for;"
                    + " the seller's evidence supports its answer without one");
        }
        EvidenceRequirement required = dispute.requirements().stream()
                .filter(r -> r.code().equals(requirement)).findFirst()
                .orElseThrow(() -> new RuleViolationException("requirement", "the reason " + dispute.reason()
                        + " asks for " + dispute.requirements().stream().map(EvidenceRequirement::code).toList()
                        + ", not " + requirement));
        if (!required.acceptedKinds().contains(kind.code())) {
            throw new RuleViolationException("kind", required.description() + " must be " + String.join(" or ",
                    required.acceptedKinds().stream().sorted().toList()) + "; a " + kind.code() + " does not satisfy it");
        }
        return this;
    }

    private static EvidenceKind kindOf(String kind) {
        if (kind == null || kind.isBlank()) {
            throw new InvalidInputException("kind", "kind is required: photo, video, document, archive or link");
        }
        try {
            return EvidenceKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", "'" + kind + "' is not a kind: photo, video, document, archive or link");
        }
    }

    private static String descriptionOf(String description) {
        if (description == null || description.isBlank()) {
            throw new InvalidInputException("description", "say what this piece shows and which claim it supports");
        }
        if (description.length() > 2000) {
            throw new InvalidInputException("description", "a description has at most 2000 characters");
        }
        PlainText.problemIn(description).ifPresent(reason -> {
            throw new InvalidInputException("description", reason);
        });
        return description.strip();
    }

    private static Integer pieceOf(String piece) {
        if (piece == null || piece.isBlank()) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(piece.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("piece", "'" + piece + "' is not a piece number");
        }
        if (number < 1) {
            throw new InvalidInputException("piece", "pieces are numbered from 1");
        }
        return number;
    }

    /**
     * The client's name, for display and downloads only (storage keys are generated): no folders, no control or
     * quoting characters, no invisible formatting (a right-to-left override shows "gpj.exe" as "exe.jpg"), at most
     * 120 characters.
     */
    static String safeFileName(String name) {
        if (name == null) {
            return null;
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = base.replaceAll("[\\p{Cntrl}\\p{Cf}\"';:*?<>|%]", "_").strip();
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        if (base.length() > 120) {
            int dot = base.lastIndexOf('.');
            String extension = dot > 0 && base.length() - dot <= 10 ? base.substring(dot) : "";
            base = base.substring(0, 120 - extension.length()) + extension;
        }
        return base.isBlank() ? null : base;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
