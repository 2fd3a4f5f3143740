package io.arbiter.notification;

import java.util.UUID;

import io.arbiter.common.Money;
import io.arbiter.dispute.DisputeBrief;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.Party;
import io.arbiter.dispute.Terms;

/** The dispute as it is now: who takes part, and what it is about. */
record Case(DisputeBrief brief) {

    UUID id() {
        return brief.id();
    }

    String orderId() {
        return brief.orderId();
    }

    String buyerId() {
        return brief.buyerId();
    }

    String sellerId() {
        return brief.sellerId();
    }

    String agentId() {
        return brief.assignedAgentId();
    }

    String currency() {
        return brief.currency();
    }

    DisputeReason reason() {
        return brief.reason();
    }

    String of(Party party) {
        return party == Party.BUYER ? buyerId() : party == Party.SELLER ? sellerId() : agentId();
    }

    Phrase terms(Terms terms) {
        String code = "terms." + terms.type().name() + (terms.sellerPaysReturnShipping() ? ".sellerPays" : "");
        return terms.amount() == null ? Phrase.of(code) : Phrase.of(code, Money.of(terms.amount(), currency()));
    }
}
