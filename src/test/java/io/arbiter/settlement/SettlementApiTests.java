package io.arbiter.settlement;

import static io.arbiter.support.Json.field;
import static io.arbiter.support.Marketplace.partialRefund;
import static io.arbiter.support.Marketplace.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.Marketplace.Person;
import tools.jackson.databind.JsonNode;

/** Money after each ending, with the demo's simulated payment side (confirms at once). */
class SettlementApiTests extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private JsonNode money(Person who, String orderId) {
        return who.api().get("/api/v1/orders/" + orderId + "/money").expect(200).json();
    }

    @Test
    void aPartialRefundIsBookedAsARefundAndAReleaseThatEmptyTheEscrow() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(1200));
        JsonNode accepted = dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null)
                .expect(200).json();
        assertThat(accepted.get("settlement").get("state").asString()).isEqualTo("SETTLED");
        assertThat(field(accepted.get("settlement").get("payouts"), "kind")).containsExactlyInAnyOrder("REFUND", "RELEASE");

        JsonNode money = money(dispute.buyer(), dispute.orderId());
        assertThat(money.get("paid").asLong()).isEqualTo(5000);
        assertThat(money.get("held").asLong()).isZero();
        assertThat(money.get("refunded").asLong()).isEqualTo(1200);
        assertThat(money.get("released").asLong()).isEqualTo(3800);
        assertThat(field(money.get("payouts"), "status")).containsOnly("CONFIRMED");
    }

    @Test
    void confirmingReceiptReleasesEverythingToTheSeller() {
        Person buyer = marketplace.buyer();
        Person seller = marketplace.seller();
        String orderId = marketplace.deliveredOrder(buyer, seller);
        assertThat(money(seller, orderId).get("held").asLong()).isEqualTo(5000);
        buyer.api().post("/api/v1/orders/" + orderId + "/confirm-receipt", null).expect(200);

        assertThat(money(seller, orderId).get("released").asLong()).isEqualTo(5000);
        JsonNode totals = seller.api().get("/api/v1/sellers/" + seller.id() + "/money").expect(200).json();
        assertThat(totals.get("totals").get(0).get("released").asLong()).isEqualTo(5000);
        assertThat(totals.get("totals").get(0).get("currency").asString()).isEqualTo("EUR");
        marketplace.seller().api().get("/api/v1/sellers/" + seller.id() + "/money").expect(404);
        buyer.api().get("/api/v1/sellers/" + seller.id() + "/money").expect(403);
    }

    @Test
    void aReshipmentMovesNoMoney() {
        Case dispute = marketplace.disputeAwaitingSeller(resolution("RESHIPMENT"));
        JsonNode resolved = dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null)
                .expect(200).json();
        assertThat(resolved.has("settlement")).isFalse();
        JsonNode money = money(dispute.buyer(), dispute.orderId());
        assertThat(money.get("held").asLong()).isEqualTo(5000);
        assertThat(money.get("payouts")).isEmpty();
    }

    @Test
    void returnShippingTheSellerAgreedToBearIsRecordedInTheLedger() {
        Case dispute = marketplace.disputeAwaitingSeller();
        String path = "/api/v1/disputes/" + dispute.id();
        dispute.seller().api().post(path + "/accept", Map.of("sellerPaysReturnShipping", true, "returnAddress", "Depot"))
                .expect(200);
        dispute.buyer().api().post(path + "/return/shipment",
                Map.of("carrier", "UPS", "trackingNumber", "1Z", "shippingCost", 640)).expect(200);
        dispute.seller().api().post(path + "/return/receipt", null).expect(200);

        long due = jdbc.sql("select sum(amount) from ledger_entry where account = :account")
                .param("account", "buyer:" + dispute.buyer().id() + ":return-shipping-due").query(Long.class).single();
        assertThat(due).isEqualTo(640);
        assertThat(money(dispute.buyer(), dispute.orderId()).get("refunded").asLong()).isEqualTo(5000);
    }

    @Test
    void theReconciliationFindsTheBooksBalancedAndReportsARowChangedBehindArbitersBack() {
        Person admin = marketplace.admin();
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(700));
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null).expect(200);
        JsonNode clean = admin.api().get("/api/v1/reconciliation").expect(200).json();
        assertThat(clean.get("mismatches")).as(clean.toString()).isEmpty();
        assertThat(clean.get("consistent").asBoolean()).isTrue();
        marketplace.integration().get("/api/v1/reconciliation").expect(200);
        dispute.buyer().api().get("/api/v1/reconciliation").expect(403);

        jdbc.sql("update ledger_entry set amount = amount + 1 where account = :account")
                .param("account", "buyer:" + dispute.buyer().id() + ":refunds").update();
        JsonNode tampered = admin.api().get("/api/v1/reconciliation").expect(200).json();
        assertThat(tampered.get("consistent").asBoolean()).isFalse();
        assertThat(tampered.get("unbalancedJournals")).isNotEmpty();
        assertThat(field(tampered.get("mismatches"), "orderId")).contains(dispute.orderId());
        jdbc.sql("update ledger_entry set amount = amount - 1 where account = :account")
                .param("account", "buyer:" + dispute.buyer().id() + ":refunds").update();
    }

    @Test
    void onlyThePaymentSideConfirmsAndOnlyAnAdminRetries() {
        Case dispute = marketplace.disputeAwaitingSeller(partialRefund(700));
        dispute.seller().api().post("/api/v1/disputes/" + dispute.id() + "/accept", null).expect(200);
        String payout = money(dispute.buyer(), dispute.orderId()).get("payouts").get(0).get("id").asString();
        dispute.buyer().api().post("/api/v1/payouts/" + payout + "/confirm", null).expect(403);
        marketplace.integration().post("/api/v1/payouts/" + payout + "/confirm", null).expect(200);
        marketplace.integration().post("/api/v1/payouts/" + payout + "/fail", Map.of("reason", "late")).expect(409);
        marketplace.admin().api().post("/api/v1/admin/payouts/" + payout + "/retry", null).expect(409);
        assertThat(field(marketplace.admin().api().get("/api/v1/payouts?status=CONFIRMED").expect(200).json(), "id"))
                .contains(payout);
        marketplace.admin().api().get("/api/v1/payouts?status=LOST").expect(400);
    }
}
