/**
 * Orders imported from the marketplace (parties, line items with the listing as the buyer saw it,
 * amounts in minor units, shipment and tracking) and the escrow hold on each order's payment: held,
 * frozen while a dispute is open, then released to the seller or refunded to the buyer in whole or
 * in part. Other modules read orders through {@link io.arbiter.order.OrderService} and
 * {@link io.arbiter.order.OrderView}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "identity"})
package io.arbiter.order;
