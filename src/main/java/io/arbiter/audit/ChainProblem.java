package io.arbiter.audit;

import java.util.UUID;

/** What is wrong with a chain, at the first entry where it goes wrong. */
public record ChainProblem(UUID disputeId, long sequence, Kind kind, String detail) {

    public enum Kind {
        /** The stored hash is not the SHA-256 of the previous hash and the canonical form: the entry was changed. */
        HASH_MISMATCH,
        /** The entry's previous hash is not the hash of the entry before it. */
        BROKEN_LINK,
        /** An entry is missing: the sequence has a gap, or the chain ends before its head says it does. */
        MISSING_SEQUENCE,
        /** The entry's columns (sequence, type, time, actor, visibility, summary) disagree with its canonical form. */
        CONTENT_MISMATCH,
        /** The dispute's head (its row's last sequence and hash) does not point at its last entry. */
        HEAD_MISMATCH,
        /** The dispute's row (parties, claim, ending, money) says something its sealed events do not. */
        STATE_MISMATCH
    }
}
