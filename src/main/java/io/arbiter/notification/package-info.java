/**
 * Tells people what they must do and by when. Listens to dispute and payout events in the transaction of their
 * change and turns every step that asks something of a party into an item in that person's inbox, written with
 * the change, and, when mail is configured and the person has an address, one e-mail in their language, which the
 * item holds as due until a poller sends it (a crash, a restart or a mail outage loses nothing).
 * {@link io.arbiter.notification.Notifications} is the one place that says which dispute event tells whom what;
 * {@link io.arbiter.notification.AdminNotifications} what admins hear of payouts and webhook endpoints. Owns the {@code inbox_item} table, {@code /api/v1/inbox} and the texts under
 * {@code notification/}. Only the pages depend on it (the inbox page).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "dispute", "identity", "settlement", "webhook"})
package io.arbiter.notification;
