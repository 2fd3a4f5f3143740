package io.arbiter.insight;

import static io.arbiter.support.Marketplace.claim;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Person;

/** The badge thresholds are the policy file's: here 2 disputes opened by a buyer within 7 days. */
@TestPropertySource(properties = "arbiter.policy.file=classpath:policy/badges-low.yml")
class PartyBadgesPolicyTests extends ApiTest {

    @Autowired
    private PartyRecords records;

    @Test
    void aBuyerIsFlaggedPastThePolicysThresholdWithinThePolicysWindow() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        Actor agent = new Actor(marketplace.agent().id(), Role.AGENT, "Agent");
        open(buyer, seller);
        marketplace.advance(Duration.ofMinutes(1));
        assertThat(records.ofCase(agent, buyer.id(), seller.id()).badges()).isEmpty();

        open(buyer, seller);
        marketplace.advance(Duration.ofMinutes(1));
        assertThat(records.ofCase(agent, buyer.id(), seller.id()).badges())
                .containsExactly(new PartyRecords.Badge("BUYER_DISPUTES", 2, 7));

        // A week later the first two are out of the window.
        marketplace.advance(Duration.ofDays(7));
        assertThat(records.ofCase(agent, buyer.id(), seller.id()).badges()).isEmpty();
    }

    private void open(Person buyer, Person seller) {
        String orderId = marketplace.deliveredOrder(buyer, seller);
        buyer.api().post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE", resolution("FULL_REFUND_WITH_RETURN")))
                .expect(201);
    }
}
