package io.arbiter.identity.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.arbiter.common.SqlTime;

/**
 * Counts failed sign-ins per account and per client address over a sliding window, refuses sign-ins past either
 * limit until the oldest failure in the window is older than the window, and writes each failure to
 * {@code sign_in_attempt}.
 *
 * <p>The counts are kept in memory, so that a successful sign-in (every HTTP Basic or API-key request) costs two map
 * lookups and no query; each instance counts the failures it saw. A window, not a lockout: an attacker keeps an
 * account refused only by failing again within every window, and it opens one window after the last failure.
 * Refusals while throttled are not failures: they check no password and extend nothing.
 */
class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    enum Method { PASSWORD, API_KEY }

    private final SecurityProperties.SignInThrottle settings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> failures;

    SignInThrottle(SecurityProperties.SignInThrottle settings, JdbcClient jdbc, Clock clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.failures = Caffeine.newBuilder()
                .expireAfterWrite(settings.window())
                .maximumSize(settings.maxTracked())
                .ticker(ClockTicker.of(clock))
                .build();
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    Optional<Duration> retryAfter(String account, String address) {
        Instant now = clock.instant();
        Optional<Duration> byAddress = retryAfter(addressKey(address), settings.maxFailuresPerAddress(), now);
        Optional<Duration> byAccount = account == null ? Optional.empty()
                : retryAfter(accountKey(account), settings.maxFailuresPerAccount(), now);
        return byAccount.isEmpty() ? byAddress : byAddress.isEmpty() ? byAccount
                : Optional.of(max(byAccount.get(), byAddress.get()));
    }

    void failed(Method method, String account, String address) {
        Instant now = clock.instant();
        count(addressKey(address), settings.maxFailuresPerAddress(), now);
        if (account != null && count(accountKey(account), settings.maxFailuresPerAccount(), now)) {
            log.warn("Sign-ins to account {} are throttled for {} after {} failures (the last from {})",
                    printable(account), settings.window(), settings.maxFailuresPerAccount(), address);
        }
        try {
            jdbc.sql("""
                            insert into sign_in_attempt (id, attempted_at, method, account, address)
                            values (:id, :at, :method, :account, :address)""")
                    .param("id", UUID.randomUUID()).param("at", SqlTime.of(now)).param("method", method.name())
                    .param("account", account == null ? null : printable(account))
                    .param("address", truncate(address, 64))
                    .update();
        } catch (DataAccessException e) {
            // The record is for operators; a database that cannot take it must not turn a refusal into a 500.
            log.warn("Could not record a failed sign-in to {} from {}", printable(account), address, e);
        }
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldAttempts() {
        jdbc.sql("delete from sign_in_attempt where attempted_at < :before")
                .param("before", SqlTime.of(clock.instant().minus(settings.keepAttempts()))).update();
    }

    private Optional<Duration> retryAfter(String key, int limit, Instant now) {
        Deque<Instant> times = failures.getIfPresent(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            dropOld(times, now);
            return times.size() < limit ? Optional.empty()
                    : Optional.of(Duration.between(now, times.peekFirst().plus(settings.window())));
        }
    }

    /** Adds a failure; true when it is the one that reaches the limit. */
    private boolean count(String key, int limit, Instant now) {
        Deque<Instant> times = failures.asMap().computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            dropOld(times, now);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
            failures.put(key, times);
            return times.size() == limit;
        }
    }

    private void dropOld(Deque<Instant> times, Instant now) {
        Instant oldestKept = now.minus(settings.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldestKept)) {
            times.removeFirst();
        }
    }

    private static String accountKey(String account) {
        return "account:" + account;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A user name as sent can hold anything: keep it loggable and storable (no control characters, bounded). */
    private static String printable(String account) {
        return account == null ? null : truncate(account.replaceAll("\\p{Cntrl}", "?"), 100);
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
