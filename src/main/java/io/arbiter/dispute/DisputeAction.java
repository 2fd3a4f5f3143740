package io.arbiter.dispute;

import java.util.EnumSet;
import java.util.Set;

/** What a caller can do to a dispute. Each dispute response lists the ones the caller may take now. */
public enum DisputeAction {
    ACCEPT_OFFER(Party.BUYER, Party.SELLER),
    DECLINE_OFFER(Party.BUYER, Party.SELLER),
    MAKE_OFFER(Party.BUYER, Party.SELLER),
    CONTEST(Party.SELLER),
    ESCALATE(Party.BUYER, Party.SELLER),
    WITHDRAW(Party.BUYER),
    SEND_MESSAGE(Party.BUYER, Party.SELLER, Party.AGENT),
    STATE_PRIVATE_LIMIT(Party.BUYER, Party.SELLER),
    TAKE_CASE(Party.AGENT),
    REQUEST_INFORMATION(Party.AGENT),
    RESPOND_TO_INFORMATION_REQUEST(Party.BUYER, Party.SELLER),
    POST_SUGGESTION(Party.AGENT),
    ACCEPT_SUGGESTION(Party.BUYER, Party.SELLER),
    DECIDE(Party.AGENT),
    CONFIRM_RETURN_ADDRESS(Party.SELLER),
    SHIP_RETURN(Party.BUYER),
    REPORT_RETURN_DELIVERED(Party.INTEGRATION),
    CONFIRM_RETURN_RECEIPT(Party.SELLER),
    ADD_EVIDENCE(Party.BUYER, Party.SELLER),
    WITHDRAW_EVIDENCE(Party.BUYER, Party.SELLER),
    EXTEND_DUE_TIME(Party.AGENT);

    private final Set<Party> performers;

    DisputeAction(Party first, Party... rest) {
        this.performers = EnumSet.of(first, rest);
    }

    boolean everPerformedBy(Party party) {
        return performers.contains(party);
    }
}
