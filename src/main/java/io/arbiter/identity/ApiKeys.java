package io.arbiter.identity;

import io.arbiter.common.SqlTime;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.Sha256;

/**
 * API keys of the marketplace's back end. Only a SHA-256 of each key is stored; the key itself is
 * shown once, when it is created.
 */
@Service
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    ApiKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record CreatedKey(UUID id, String name, String key) {
    }

    @Transactional
    public CreatedKey create(String name) {
        return register(name, "ak_" + randomSecret(32));
    }

    /** That many random bytes, URL-safe base64: for keys and generated passwords. */
    static String randomSecret(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Registers a key chosen by the caller; the demo uses it so that the README can print its key. */
    @Transactional
    public CreatedKey register(String name, String key) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.blank("name");
        }
        if (key == null || key.length() < 16) {
            throw new InvalidInputException("key", "an API key must have at least 16 characters");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into api_key (id, name, key_hash, created_at) values (:id, :name, :hash, :now)")
                .param("id", id).param("name", name).param("hash", hash(key)).param("now", SqlTime.of(clock.instant()))
                .update();
        return new CreatedKey(id, name, key);
    }

    public Optional<Actor> authenticate(String key) {
        return jdbc.sql("select id, name from api_key where key_hash = :hash and revoked_at is null")
                .param("hash", hash(key))
                .query((rs, row) -> new Actor("integration:" + rs.getString("id"), Role.INTEGRATION, rs.getString("name")))
                .optional();
    }

    private static String hash(String key) {
        return Sha256.hex(key);
    }
}
