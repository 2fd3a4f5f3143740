package io.arbiter.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification of a Standard Webhooks signature, written from the specification apart from
 * the code under test, so that a mistake in one is not repeated in the other.
 */
public final class StandardWebhooks {

    private StandardWebhooks() {
    }

    public static boolean verify(String secret, String id, String timestamp, String body, String signatureHeader) {
        byte[] expected = hmac(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")),
                id + "." + timestamp + "." + body);
        for (String signature : signatureHeader.split(" ")) {
            String[] versioned = signature.split(",", 2);
            if (versioned.length == 2 && versioned[0].equals("v1")
                    && MessageDigest.isEqual(Base64.getDecoder().decode(versioned[1]), expected)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
