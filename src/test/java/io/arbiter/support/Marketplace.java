package io.arbiter.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;

/**
 * Test fixtures that read like the domain: people of each role, orders in each shipping state, and
 * disputes in each state, all made through the public API as a marketplace and its users would. Every
 * call makes new people and orders, so tests never share data.
 */
public class Marketplace {

    public static final String PASSWORD = "correct-horse";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final int port;
    private final UserDirectory users;
    private final ApiKeys apiKeys;
    private final TestClock clock;
    private Api integration;

    public Marketplace(int port, UserDirectory users, ApiKeys apiKeys, TestClock clock) {
        this.port = port;
        this.users = users;
        this.apiKeys = apiKeys;
        this.clock = clock;
    }

    public record Person(String id, String username, Role role, Api api) {
    }

    /** A dispute and the people around it. */
    public record Case(String id, String orderId, Person buyer, Person seller) {
    }

    public Person buyer() {
        return person(Role.BUYER);
    }

    public Person seller() {
        return person(Role.SELLER);
    }

    public Person agent() {
        return person(Role.AGENT);
    }

    public Person admin() {
        return person(Role.ADMIN);
    }

    public Person person(Role role) {
        String username = role.name().toLowerCase() + "-" + SEQUENCE.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(username + "-id", username, PASSWORD, role, "Test " + username, username + "@example.com");
        return new Person(username + "-id", username, role, anonymous().withBasic(username, PASSWORD));
    }

    public Api integration() {
        if (integration == null) {
            integration = anonymous().with("X-Api-Key", apiKeys.create("test marketplace").key());
        }
        return integration;
    }

    public Api anonymous() {
        return Api.anonymous(port);
    }

    public Instant now() {
        return clock.instant();
    }

    public void advance(Duration duration) {
        clock.advance(duration);
    }

    // ------------------------------------------------------------------ orders

    public OrderBuilder order(Person buyer, Person seller) {
        return new OrderBuilder(buyer, seller);
    }

    public String deliveredOrder(Person buyer, Person seller) {
        return order(buyer, seller).imported();
    }

    public final class OrderBuilder {

        private final Person buyer;
        private final Person seller;
        private String id = "ORD-" + UUID.randomUUID();
        private int pieces = 1;
        private long unitPrice = 5000;
        private String currency = "EUR";
        private Instant shippedAt = now().minus(Duration.ofDays(6));
        private Instant deliveredAt = now().minus(Duration.ofDays(2));
        private Instant promisedBy = now().minus(Duration.ofDays(1));
        private final List<Map<String, Object>> events = new ArrayList<>();

        private OrderBuilder(Person buyer, Person seller) {
            this.buyer = buyer;
            this.seller = seller;
        }

        public OrderBuilder id(String id) {
            this.id = id;
            return this;
        }

        public OrderBuilder pieces(int pieces) {
            this.pieces = pieces;
            return this;
        }

        public OrderBuilder unitPrice(long unitPrice) {
            this.unitPrice = unitPrice;
            return this;
        }

        public OrderBuilder currency(String currency) {
            this.currency = currency;
            return this;
        }

        /** Shipped, not delivered, and the promised date is still ahead. */
        public OrderBuilder inTransitWithinPromisedWindow() {
            deliveredAt = null;
            promisedBy = now().plus(Duration.ofDays(4));
            events.add(Map.of("status", "IN_TRANSIT", "at", shippedAt.toString(), "location", "Hub"));
            return this;
        }

        /** Shipped, not delivered, and the promised date has passed. */
        public OrderBuilder inTransitPastPromisedWindow() {
            deliveredAt = null;
            promisedBy = now().minus(Duration.ofDays(2));
            events.add(Map.of("status", "IN_TRANSIT", "at", shippedAt.toString(), "location", "Hub"));
            return this;
        }

        public OrderBuilder heldByCustoms() {
            deliveredAt = null;
            events.add(Map.of("status", "HELD_BY_CUSTOMS", "at", now().minus(Duration.ofDays(1)).toString()));
            return this;
        }

        public long total() {
            return unitPrice * pieces;
        }

        public Map<String, Object> body() {
            Map<String, Object> shipment = new LinkedHashMap<>();
            shipment.put("carrier", "DHL");
            shipment.put("trackingNumber", "TRK" + id.hashCode());
            shipment.put("shippedAt", shippedAt.toString());
            if (deliveredAt != null) {
                shipment.put("deliveredAt", deliveredAt.toString());
            }
            shipment.put("events", events);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("buyer", Map.of("id", buyer.id(), "name", "Buyer " + buyer.username()));
            body.put("seller", Map.of("id", seller.id(), "name", "Seller " + seller.username()));
            body.put("currency", currency);
            body.put("total", total());
            body.put("paid", total());
            body.put("placedAt", shippedAt.minus(Duration.ofDays(1)).toString());
            body.put("promisedDeliveryBy", promisedBy.toString());
            body.put("shipment", shipment);
            body.put("lines", List.of(Map.of("sku", "SKU-1", "title", "Running shoes", "description",
                    "Blue running shoes, size 42", "quantity", pieces, "unitPrice", unitPrice,
                    "attributes", Map.of("size", "42", "colour", "blue"),
                    "imageUrls", List.of("https://img.example.com/shoes.jpg"))));
            return body;
        }

        public String imported() {
            integration().put("/api/v1/orders/" + id, body()).expect(201);
            return id;
        }
    }

    // ------------------------------------------------------------------ disputes

    /** A claim body: the buyer reports a quality issue on one piece and asks for the given resolution. */
    public static Map<String, Object> claim(String orderId, String reason, Map<String, Object> resolution) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", orderId);
        body.put("reason", reason);
        body.put("description", "The item is not right");
        body.put("piecesAffected", 1);
        body.put("resolution", resolution);
        return body;
    }

    public static Map<String, Object> partialRefund(long amount) {
        return Map.of("type", "PARTIAL_REFUND", "amount", amount);
    }

    public static Map<String, Object> resolution(String type) {
        return Map.of("type", type);
    }

    public Case disputeAwaitingSeller() {
        return disputeAwaitingSeller(resolution("FULL_REFUND_WITH_RETURN"));
    }

    public Case disputeAwaitingSeller(Map<String, Object> resolution) {
        Person buyer = buyer();
        Person seller = seller();
        String orderId = deliveredOrder(buyer, seller);
        String id = buyer.api().post("/api/v1/disputes", claim(orderId, "QUALITY_ISSUE", resolution))
                .expect(201).json().get("id").asString();
        return new Case(id, orderId, buyer, seller);
    }

    /** The seller countered the claim with a partial refund of 1000. */
    public Case disputeAwaitingBuyer() {
        Case dispute = disputeAwaitingSeller();
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/offers",
                Map.of("resolution", partialRefund(1000), "note", "Keep it and take 10.00")).expect(200);
        return dispute;
    }

    /** The buyer adds a photo of the defects (what a quality issue requires); returns the evidence id. */
    public String addDefectPhoto(Case dispute, long seed) {
        return addDefectPhoto(dispute, SampleFiles.jpeg(seed));
    }

    /**
     * The buyer adds a photo of a blank surface as the defects' photo: it meets the requirement as any photo does,
     * and is too plain to be compared with the pictures stored before it, a lookup that grows with every picture
     * the database holds. For tests of who may do what, not of fingerprints. Returns the evidence id.
     */
    public String addPlainDefectPhoto(Case dispute, long seed) {
        return addDefectPhoto(dispute, SampleFiles.blankSurface(seed));
    }

    private String addDefectPhoto(Case dispute, byte[] jpeg) {
        return dispute.buyer().api().upload("/api/v1/disputes/" + dispute.id() + "/evidence",
                        Map.of("kind", "photo", "description", "The stitching came apart", "requirement", "DEFECTS"),
                        "defect.jpg", jpeg)
                .expect(201).json().get("id").asString();
    }

    /**
     * Escalated by the buyer, with the required photo, after the seller's counter-offer; in the agents' queue. The
     * photo is a blank surface ({@link #addPlainDefectPhoto}): a photo with structure would make every later upload
     * of the run compare with it.
     */
    public Case disputeInQueue() {
        Case dispute = disputeAwaitingBuyer();
        addPlainDefectPhoto(dispute, dispute.id().hashCode());
        return escalated(dispute);
    }

    /**
     * The same with a photo that can be compared, of the scene seeded by the dispute id's hash: for tests of the
     * copies of it that other disputes upload.
     */
    public Case disputeInQueueWithComparablePhoto() {
        Case dispute = disputeAwaitingBuyer();
        addDefectPhoto(dispute, dispute.id().hashCode());
        return escalated(dispute);
    }

    private Case escalated(Case dispute) {
        dispute.buyer().api().post("/api/v1/disputes/" + dispute.id() + "/escalate",
                Map.of("reason", "10.00 is not enough")).expect(200);
        return dispute;
    }

    /** Escalated and taken by the given agent. */
    public Case disputeWithAgent(Person agent) {
        Case dispute = disputeInQueue();
        agent.api().post("/api/v1/disputes/" + dispute.id() + "/take", null).expect(200);
        return dispute;
    }
}
