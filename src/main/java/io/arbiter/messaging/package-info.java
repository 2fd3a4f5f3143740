/**
 * The conversation between buyer and seller on an order, before and besides any dispute. The thread is
 * kept for good and shown with any dispute that follows, as part of its record.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "identity", "order"})
package io.arbiter.messaging;
