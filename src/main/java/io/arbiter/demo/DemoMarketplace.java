package io.arbiter.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.Json;
import io.arbiter.dispute.CustomsCause;
import io.arbiter.dispute.Difference;
import io.arbiter.dispute.DisputeReason;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.OpenDispute;
import io.arbiter.dispute.Party;
import io.arbiter.dispute.ResolutionType;
import io.arbiter.dispute.Terms;
import io.arbiter.evidence.EvidenceService;
import io.arbiter.evidence.Submission;
import io.arbiter.identity.Actor;
import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.arbiter.messaging.OrderConversation;
import io.arbiter.order.ImportOrder;
import io.arbiter.order.OrderService;
import io.arbiter.order.TrackingStatus;
import io.arbiter.reply.SavedReplies;

/** Seeds the demo marketplace once; a restart finds the users and leaves everything as it was. */
@Component
@ConditionalOnProperty(name = "arbiter.demo.enabled", havingValue = "true")
class DemoMarketplace implements ApplicationRunner {

    static final String PASSWORD = DemoLogin.PASSWORD;
    static final String API_KEY = "arbiter-demo-integration-key";

    private static final Logger log = LoggerFactory.getLogger(DemoMarketplace.class);

    private final UserDirectory users;
    private final ApiKeys apiKeys;
    private final OrderService orders;
    private final OrderConversation conversation;
    private final DisputeService disputes;
    private final EvidenceService evidence;
    private final SavedReplies savedReplies;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DemoMarketplace(UserDirectory users, ApiKeys apiKeys, OrderService orders, OrderConversation conversation,
                    DisputeService disputes, EvidenceService evidence, SavedReplies savedReplies,
                    TransactionTemplate transaction, Clock clock) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.orders = orders;
        this.conversation = conversation;
        this.disputes = disputes;
        this.evidence = evidence;
        this.savedReplies = savedReplies;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.findByUsername("alice").isPresent()) {
            log.info("Demo marketplace already seeded");
            return;
        }
        transaction.executeWithoutResult(status -> seed());
        log.info("Demo marketplace seeded: log in as alice, bob (buyers), sam, sofia (sellers), agnes, arthur"
                + " (agents) or admin, password '{}'; integration API key '{}'", PASSWORD, API_KEY);
    }

    private void seed() {
        Actor alice = user("buyer-alice", "alice", Role.BUYER, "Alice Martin");
        Actor bob = user("buyer-bob", "bob", Role.BUYER, "Bob Okafor");
        Actor sam = user("seller-sam", "sam", Role.SELLER, "Sam's Sneakers");
        Actor sofia = user("seller-sofia", "sofia", Role.SELLER, "Sofia Electronics");
        Actor agnes = user("agent-agnes", "agnes", Role.AGENT, "Agnes (case agent)");
        user("agent-arthur", "arthur", Role.AGENT, "Arthur (case agent)");
        Actor admin = user("admin", "admin", Role.ADMIN, "Marketplace admin");
        Actor integration = apiKeys.authenticate(apiKeys.register("Demo marketplace back end", API_KEY).key())
                .orElseThrow();

        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // Orders without disputes, one per interesting shipping state.
        order(integration, "ORD-1001", alice, sam, sneakers(1), delivered(now, 3));
        order(integration, "ORD-1002", alice, sofia, headphones(), inTransit(now, 2), now.plus(days(5)));
        order(integration, "ORD-1003", bob, sofia, headphones(), inTransit(now, 12), now.minus(days(3)));
        order(integration, "ORD-1004", bob, sam, sneakers(1), heldByCustoms(now));
        order(integration, "ORD-1005", alice, sam, socks(4), delivered(now, 2));
        conversation.post(alice, "ORD-1001", "Hi! The sneakers look lighter than in the photos. Are they the grey ones?");
        conversation.post(sam, "ORD-1001", "They should be charcoal grey. Could you send a photo in daylight?");

        // A dispute in each main state.
        order(integration, "ORD-1006", bob, sam, sneakers(1), delivered(now, 4));
        open(bob, "ORD-1006", DisputeReason.WRONG_SIZE, "Ordered EU 43, the label says EU 41.",
                Terms.of(ResolutionType.RESHIPMENT), null);

        order(integration, "ORD-1007", alice, sofia, headphones(), delivered(now, 6));
        DisputeView defective = open(alice, "ORD-1007", DisputeReason.DEFECTIVE,
                "The left ear cup makes no sound at all.", Terms.of(ResolutionType.FULL_REFUND_WITH_RETURN), null);
        disputes.makeOffer(sofia, defective.id(), null, Terms.partialRefund(4000),
                "Sorry about that! Keep them and take 40.00 back?");

        order(integration, "ORD-1008", bob, sofia, headphones(), delivered(now, 8));
        DisputeView notReceived = open(bob, "ORD-1008", DisputeReason.NOT_RECEIVED,
                "Tracking says delivered but nothing arrived.", Terms.of(ResolutionType.FULL_REFUND),
                "Nothing in the mailbox, with the neighbours or at the concierge.");
        disputes.contest(sofia, notReceived.id(), null, "The carrier confirms delivery with a photo at the front door.");
        disputes.escalate(bob, notReceived.id(), null, "The photo shows a door that is not mine.");

        order(integration, "ORD-1009", alice, sam, sneakers(1), delivered(now, 5));
        DisputeView quality = open(alice, "ORD-1009", DisputeReason.QUALITY_ISSUE,
                "The sole is coming off after two days.", Terms.partialRefund(3000), null);
        disputes.makeOffer(sam, quality.id(), null, Terms.partialRefund(1000), "Glue is a quick fix; 10.00?");
        photo(alice, quality.id(), "DEFECTS", "torn-seam.jpg", "The sole separating from the upper, left shoe");
        disputes.escalate(alice, quality.id(), null, "10.00 does not cover a repair.");
        disputes.takeCase(agnes, quality.id(), null);
        disputes.requestInformation(agnes, quality.id(), null, Party.BUYER,
                "Please send a close-up photo of where the sole separates.", null);

        order(integration, "ORD-1010", bob, sam, sneakers(1), delivered(now, 3));
        DisputeView wrongItem = open(bob, "ORD-1010", DisputeReason.WRONG_ITEM, "Received sandals instead of sneakers.",
                Terms.of(ResolutionType.FULL_REFUND_WITH_RETURN), null);
        disputes.acceptOffer(sam, wrongItem.id(), null, wrongItem.negotiation().openOffer().id(), true,
                "Sam's Sneakers, Returns, 12 Rue de la Paix, 75002 Paris, France");

        order(integration, "ORD-1011", alice, sofia, headphones(), delivered(now, 20));
        DisputeView decided = open(alice, "ORD-1011", DisputeReason.NOT_AS_DESCRIBED, "Listed as wireless, they have a cable.",
                Terms.partialRefund(5000), null);
        disputes.contest(sofia, decided.id(), null, "The listing says 'wired or wireless'.");
        photo(alice, decided.id(), "DIFFERENCES", "headphone-cable.jpg", "The cable that cannot be removed");
        disputes.escalate(alice, decided.id(), null, null);
        disputes.takeCase(agnes, decided.id(), null);
        disputes.decide(agnes, decided.id(), null, Terms.partialRefund(2500),
                "The listing title says wireless; the description allows a cable. Both are partly right: half of"
                        + " the amount asked is refunded.");

        order(integration, "ORD-1012", bob, sofia, headphones(), delivered(now, 7));
        DisputeView withdrawn = open(bob, "ORD-1012", DisputeReason.QUALITY_ISSUE, "Crackling sound.",
                Terms.partialRefund(2000), null);
        disputes.withdraw(bob, withdrawn.id(), null, "It was the cable of my phone. Sorry!");

        // The desk's shared saved replies, in every language the pages speak.
        for (SavedReplies.Draft reply : Json.readList(resource("demo/saved-replies.json"), SavedReplies.Draft.class)) {
            savedReplies.create(admin, reply, true);
        }
    }

    private Actor user(String id, String username, Role role, String name) {
        return users.createUser(id, username, PASSWORD, role, name, username + "@demo.arbiter.local").actor();
    }

    private static String resource(String path) {
        try (InputStream content = new ClassPathResource(path).getInputStream()) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void photo(Actor buyer, UUID disputeId, String requirement, String file, String description) {
        try (InputStream content = new ClassPathResource("demo/evidence/" + file).getInputStream()) {
            evidence.upload(buyer, disputeId, Submission.of("photo", description, requirement, null, file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DisputeView open(Actor buyer, String orderId, DisputeReason reason, String description, Terms wanted,
                             String statement) {
        List<Difference> differences = reason == DisputeReason.NOT_AS_DESCRIBED
                ? List.of(new Difference("connectivity", "wireless (Bluetooth 5.3)", "wired, 1.2 m cable")) : null;
        return disputes.open(buyer, new OpenDispute(orderId, reason, description, 1,
                new OpenDispute.Resolution(wanted.type(), wanted.amount(), wanted.sellerPaysReturnShipping()),
                differences, statement, reason == DisputeReason.HELD_BY_CUSTOMS ? CustomsCause.CLEARANCE_DELAY : null,
                null));
    }

    private void order(Actor integration, String id, Actor buyer, Actor seller, ImportOrder.Line line,
                       ImportOrder.ShipmentInfo shipment) {
        order(integration, id, buyer, seller, line, shipment, shipment.shippedAt().plus(days(7)));
    }

    private void order(Actor integration, String id, Actor buyer, Actor seller, ImportOrder.Line line,
                       ImportOrder.ShipmentInfo shipment, Instant promisedBy) {
        long total = line.unitPrice() * line.quantity() + 490;
        Instant placed = shipment.shippedAt().minus(days(1));
        orders.importOrder(integration, id, new ImportOrder(
                new ImportOrder.Party(buyer.id(), buyer.displayName(), null),
                new ImportOrder.Party(seller.id(), seller.displayName(), null),
                "EUR", total, total, placed, promisedBy, shipment, List.of(line)));
    }

    private static ImportOrder.Line sneakers(int pieces) {
        return new ImportOrder.Line("SNK-42", "Trail runner sneakers, charcoal grey",
                "Breathable mesh, rubber sole, true to size.", pieces, 8900L,
                Map.of("size", "EU 43", "colour", "charcoal grey"), List.of("/images/demo/sneakers.svg"));
    }

    private static ImportOrder.Line socks(int pieces) {
        return new ImportOrder.Line("SCK-3", "Merino hiking socks", "70% merino wool, cushioned heel.", pieces, 1500L,
                Map.of("size", "L", "colour", "forest green"), List.of("/images/demo/socks.svg"));
    }

    private static ImportOrder.Line headphones() {
        return new ImportOrder.Line("HP-9", "Wireless headphones", "Bluetooth 5.3, 30 h battery, wired or wireless.",
                1, 9900L, Map.of("colour", "black", "connectivity", "wireless"),
                List.of("/images/demo/headphones.svg"));
    }

    private static ImportOrder.ShipmentInfo delivered(Instant now, int daysAgo) {
        Instant shipped = now.minus(days(daysAgo + 4));
        Instant deliveredAt = now.minus(days(daysAgo));
        return new ImportOrder.ShipmentInfo("DHL", "JD0146" + daysAgo, shipped, deliveredAt, List.of(
                new ImportOrder.TrackingUpdate(TrackingStatus.IN_TRANSIT, shipped, "Leipzig hub", "Parcel sorted"),
                new ImportOrder.TrackingUpdate(TrackingStatus.DELIVERED, deliveredAt, "Paris", "Delivered")));
    }

    private static ImportOrder.ShipmentInfo inTransit(Instant now, int daysAgo) {
        Instant shipped = now.minus(days(daysAgo));
        return new ImportOrder.ShipmentInfo("La Poste", "LP77" + daysAgo, shipped, null, List.of(
                new ImportOrder.TrackingUpdate(TrackingStatus.IN_TRANSIT, shipped, "Roissy", "In transit")));
    }

    private static ImportOrder.ShipmentInfo heldByCustoms(Instant now) {
        Instant shipped = now.minus(days(9));
        return new ImportOrder.ShipmentInfo("EMS", "EE12345", shipped, null, List.of(
                new ImportOrder.TrackingUpdate(TrackingStatus.IN_TRANSIT, shipped, "Shenzhen", "Departed"),
                new ImportOrder.TrackingUpdate(TrackingStatus.HELD_BY_CUSTOMS, now.minus(days(4)), "Paris CDG",
                        "Held by customs: invoice missing")));
    }

    private static Duration days(int days) {
        return Duration.ofDays(days);
    }
}
