package io.arbiter.notification;

/** What an inbox item is about; most name what its recipient is asked to do. */
public enum NotificationKind {
    /** Seller: a buyer opened a dispute; accept, counter or contest. */
    RESPOND_TO_CLAIM,
    /** Buyer or seller: the other side made an offer. */
    RESPOND_TO_OFFER,
    /** Buyer: the seller contested the claim. */
    ANSWER_CONTEST,
    /** Agents: an escalated case waits in the queue. */
    CASE_IN_QUEUE,
    /** Buyer or seller: the agent asks for more information. */
    INFORMATION_REQUESTED,
    /** The assigned agent: the party answered. */
    INFORMATION_PROVIDED,
    /** Both parties: the agent suggests a resolution. */
    SUGGESTION_POSTED,
    /** Both parties: the agent decided on a return; the return process starts. */
    DISPUTE_DECIDED,
    /** Seller: the item comes back; confirm the return address. */
    CONFIRM_RETURN_ADDRESS,
    /** Buyer: the return address is confirmed; ship now. */
    SHIP_RETURN,
    /** Seller: the return is on its way; confirm receipt when it arrives. */
    CONFIRM_RETURN_RECEIPT,
    /** Seller: tracking shows the return delivered; confirm receipt before the refund goes out by itself. */
    RETURN_DELIVERED,
    /** Both parties: the dispute ended, with its outcome, reasons and money. */
    DISPUTE_CLOSED,
    /** Seller: the buyer withdrew the dispute. */
    DISPUTE_WITHDRAWN,
    /** Whoever must act: its due time is near. */
    DUE_TIME_APPROACHING,
    /** The agent (all agents while the case is in the queue): a party did not answer, or the review is overdue. */
    DUE_TIME_PASSED,
    /** The party whose due time an agent extended. */
    DUE_TIME_EXTENDED,
    /** Admins: a payout failed or was never confirmed. */
    PAYOUT_NEEDS_ATTENTION,
    /** Admins: Arbiter stopped sending webhooks to an endpoint. */
    WEBHOOK_ENDPOINT_DISABLED
}
