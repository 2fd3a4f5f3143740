package io.arbiter.outbound;

import io.arbiter.support.Receiver;
import io.arbiter.support.StandardWebhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class OutboundSignatureTests {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void reproducesTheStandardWebhooksReferenceSignature() {
        assertThat(WebhookSignature.sign(SECRET, ID, 1614265330, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aTamperedBodyIdOrTimestampFailsVerification() {
        String signature = WebhookSignature.sign(SECRET, ID, 1614265330, BODY);
        assertThat(StandardWebhooks.verify(SECRET, ID, "1614265330", BODY, signature)).isTrue();
        assertThat(StandardWebhooks.verify(SECRET, ID, "1614265330", "{\"test\": 2432232315}", signature)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, ID, "1614265331", BODY, signature)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_other", "1614265330", BODY, signature)).isFalse();
        assertThat(StandardWebhooks.verify("whsec_c2Vjb25kIHNlY3JldA==", ID, "1614265330", BODY, signature)).isFalse();
    }

    @Test
    void refusesSecretsThatAreNotWhsecBase64() {
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSignature.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSignature.key("whsec_not base64!"));
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSignature.key("whsec_"));
    }
}
