package io.arbiter.identity.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 under a key each process makes at start: what the credential caches keep instead of a credential,
 * so that nothing in memory is usable outside this process, nor after it ends.
 */
final class ProcessDigest {

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec processKey;

    ProcessDigest() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.processKey = new SecretKeySpec(key, HMAC);
    }

    /** The digest of the parts in order, each followed by a zero byte, so that no two lists of parts meet. */
    String of(CharSequence... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(processKey);
            for (CharSequence part : parts) {
                mac.update(part.toString().getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
