package io.arbiter.evidence;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.arbiter.evidence.inspection.EvidenceKind;
import io.arbiter.identity.Actor;

/**
 * The door every uploaded file goes through, whatever carried it (multipart or tus). Checks who may add
 * evidence to the dispute before any byte is accepted, and takes a completed file in.
 */
public interface EvidenceIntake {

    /** Throws NotFound/Forbidden/StateConflict unless the actor may add evidence to this dispute now. */
    void checkMayUpload(UUID disputeId, Actor actor);

    /**
     * Refuses, before any byte arrives, what {@link #accept} would refuse from what the client said about the file:
     * an unknown requirement of the dispute's reason, a kind that requirement does not accept, a piece not bought.
     */
    void checkSubmission(UUID disputeId, Actor actor, Map<String, String> metadata);

    /** The largest file accepted for the kind, in bytes. */
    long limitFor(EvidenceKind kind);

    /**
     * Takes a completed upload in: checks its content, fingerprints and stores it, and records the piece. The
     * file is the caller's to delete afterwards. {@code metadata} holds kind, description, requirement, piece and
     * filename as the client gave them. Throws the usual problem exceptions (415, 413, 422) and then keeps nothing.
     */
    UUID accept(UUID disputeId, Actor actor, Map<String, String> metadata, Path file);
}
