package io.arbiter.identity.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.security.crypto.password.PasswordEncoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers, for a short time, that the slow encoder (bcrypt) accepted a password for a stored hash, so that an
 * HTTP Basic caller who sends the same password with every request pays bcrypt once per {@code ttl}, not once per
 * request.
 *
 * <p>An entry is keyed by an HMAC, under a key made afresh by each process, of the stored hash and the presented
 * password: neither the password nor anything usable outside this process is kept. The stored hash is read from the
 * database on every request (with the user), so a changed password, or a user removed, on any instance or in SQL,
 * matches no entry from that moment on. Only acceptances are remembered: a wrong password always goes to bcrypt.
 */
final class RememberingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder slowEncoder;
    private final Cache<String, Boolean> accepted;
    private final ProcessDigest digest = new ProcessDigest();

    RememberingPasswordEncoder(PasswordEncoder slowEncoder, Duration ttl, long maxEntries, Clock clock) {
        this.slowEncoder = slowEncoder;
        this.accepted = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(ClockTicker.of(clock))
                .build();
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return slowEncoder.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return slowEncoder.matches(rawPassword, encodedPassword);
        }
        String presented = digest.of(encodedPassword, rawPassword);
        if (accepted.getIfPresent(presented) != null) {
            return true;
        }
        boolean matches = slowEncoder.matches(rawPassword, encodedPassword);
        if (matches) {
            accepted.put(presented, Boolean.TRUE);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return slowEncoder.upgradeEncoding(encodedPassword);
    }
}
