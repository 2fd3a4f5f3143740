package io.arbiter.dispute;

import java.time.Instant;

/** An agent's question to one side while reviewing the case, and when the answer is due. */
public record InformationRequest(Party requestedFrom, String question, Instant dueAt, String agentId,
                                 Instant requestedAt) {
    InformationRequest withDueAt(Instant due) {
        return new InformationRequest(requestedFrom, question, due, agentId, requestedAt);
    }
}
