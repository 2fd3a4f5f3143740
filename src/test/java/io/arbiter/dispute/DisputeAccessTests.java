package io.arbiter.dispute;

import static io.arbiter.dispute.DisputeFixtures.disputeAwaitingSeller;
import static io.arbiter.dispute.DisputeFixtures.disputeUnderReview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.arbiter.common.ForbiddenException;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/** Who a logged-in caller is on a dispute, decided before the dispute sees them. */
class DisputeAccessTests {

    private static final Actor ADA = new Actor(DisputeFixtures.BUYER.id(), Role.BUYER, "Ada Buyer");
    private static final Actor BOB = new Actor("buyer-bob", Role.BUYER, "Bob Buyer");
    private static final Actor SAM = new Actor(DisputeFixtures.SELLER.id(), Role.SELLER, "Sam's Shop");
    private static final Actor TOM = new Actor("seller-tom", Role.SELLER, "Tom's Shop");
    private static final Actor ANN = new Actor("agent-ann", Role.AGENT, "Ann Agent");
    private static final Actor ADMIN = new Actor("admin", Role.ADMIN, "Admin");
    private static final Actor BACK_END = new Actor("marketplace-backend", Role.INTEGRATION, "Marketplace");

    @Test
    void theOrdersBuyerAndSellerTakePartUnderTheirOwnNames() {
        Dispute dispute = disputeAwaitingSeller();

        assertThat(DisputeAccess.participantOf(dispute, ADA)).contains(DisputeFixtures.BUYER);
        assertThat(DisputeAccess.participantOf(dispute, SAM)).contains(DisputeFixtures.SELLER);
        assertThat(DisputeAccess.participantOf(dispute, ADA).orElseThrow().asActor()).isEqualTo(ADA);
    }

    @Test
    void aBuyerOrSellerOfAnotherOrderNeitherSeesNorTakesPart() {
        Dispute dispute = disputeAwaitingSeller();

        for (Actor stranger : new Actor[] {BOB, TOM}) {
            assertThat(DisputeAccess.visibleTo(dispute, stranger)).as(stranger.id()).isFalse();
            assertThat(DisputeAccess.participantOf(dispute, stranger)).as(stranger.id()).isEmpty();
        }
    }

    @Test
    void agentsSeeADisputeOnceItIsEscalated() {
        assertThat(DisputeAccess.visibleTo(disputeAwaitingSeller(), ANN)).isFalse();
        assertThat(DisputeAccess.visibleTo(disputeUnderReview(), ANN)).isTrue();
        assertThat(DisputeAccess.participantOf(disputeUnderReview(), ANN)).contains(DisputeFixtures.AGENT);
    }

    @Test
    void theMarketplacesBackEndReadsEveryDisputeAndReportsReturns() {
        Dispute dispute = disputeAwaitingSeller();

        assertThat(DisputeAccess.visibleTo(dispute, BACK_END)).isTrue();
        assertThat(DisputeAccess.participantOf(dispute, BACK_END)).contains(DisputeFixtures.INTEGRATION);
    }

    @Test
    void anAdminReadsEveryDisputeButIsRefusedEveryStep() {
        Dispute dispute = disputeAwaitingSeller();

        assertThat(DisputeAccess.visibleTo(dispute, ADMIN)).isTrue();
        assertThat(DisputeAccess.participantOf(dispute, ADMIN)).isEmpty();
        assertThatThrownBy(() -> DisputeAccess.participantFor(dispute, ADMIN, DisputeAction.WITHDRAW))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("Withdraw is not something the admin can do on this dispute");
    }
}
