package io.arbiter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

// The receiver of the README ("Webhooks"), word for word: keep the two the same.
/** Checks that a webhook comes from Arbiter and is not a replay. Call it with the raw body, before parsing it. */
final class ArbiterWebhooks {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body, Instant now)
            throws GeneralSecurityException {
        if (id == null || timestamp == null || signatures == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        // Older (or further ahead) than 5 minutes: a replay, or a clock far off. Refuse it.
        if (Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        for (String signature : signatures.split(" ")) {         // "v1,<base64> v1,<base64>" while keys rotate
            if (signature.startsWith("v1,")) {
                try {
                    byte[] given = Base64.getDecoder().decode(signature.substring(3));
                    if (MessageDigest.isEqual(expected, given)) { // constant time
                        return true;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // not a signature of ours; try the next one
                }
            }
        }
        return false;
    }

    private ArbiterWebhooks() {
    }
}
