package io.arbiter.notification;

import java.util.List;

/** One page of an inbox, newest first, and how many of all the owner's items are unread. */
public record InboxPage(List<InboxItem> items, int page, int size, long totalItems, long totalPages,
                        long unreadCount) {
}
