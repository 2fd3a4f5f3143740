/**
 * The dispute lifecycle: a buyer's claim on an order, negotiation between buyer and seller (offers,
 * private limits, contest), escalation to the agents' queue, arbitration (information requests,
 * suggestions, final decisions), returns, and the money outcome of every ending. The {@link
 * io.arbiter.dispute.Dispute} aggregate guards every state change; each change registers a past-tense
 * event ({@link io.arbiter.dispute.DisputeEvent}), sealed with the row onto the dispute's hash chain ({@link
 * io.arbiter.dispute.EventChain}: one {@code dispute_event} row is the timeline entry and the chain entry), that
 * other modules react to.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "identity", "messaging", "order"})
package io.arbiter.dispute;
