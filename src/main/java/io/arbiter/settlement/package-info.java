/**
 * Money. Arbiter holds no money itself: it keeps an append-only double-entry ledger of each order's held payment
 * and tells the marketplace's payment side what to move (payout instructions: refund to the buyer, release to the
 * seller). An instruction is booked in the ledger only once confirmed, exactly once, however often it is retried
 * or raced. Reacts to the order module's payment events; shows its progress in dispute responses.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "dispute", "identity", "order", "outbound"})
package io.arbiter.settlement;
