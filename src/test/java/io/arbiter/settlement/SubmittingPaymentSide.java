package io.arbiter.settlement;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A test double of the marketplace's payment side that never confirms at once: every instruction is only
 * {@code SUBMITTED}, so it stays PENDING/SENT until a test confirms, fails, retries or resends it. It can be told
 * to break on its next call, as a payment side that is down would.
 *
 * <p>Active only with {@code arbiter.settlement.provider=none-in-test} (which also keeps the simulated provider
 * out), so that a context that scans test classes (the demo test) is not affected.
 */
@TestConfiguration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "arbiter.settlement.provider", havingValue = "none-in-test")
class SubmittingPaymentSide {

    @Bean
    SubmittingPaymentProvider submittingPaymentProvider() {
        return new SubmittingPaymentProvider();
    }

    static class PaymentSideDown extends RuntimeException {
        PaymentSideDown(String message) {
            super(message);
        }
    }

    static class SubmittingPaymentProvider implements PaymentProvider {

        final List<PayoutView> instructed = new CopyOnWriteArrayList<>();
        final List<PayoutView> resent = new CopyOnWriteArrayList<>();
        private final AtomicBoolean failNextInstruct = new AtomicBoolean();
        private final AtomicBoolean failNextResend = new AtomicBoolean();

        @Override
        public String name() {
            return "test-submitting";
        }

        @Override
        public Outcome instruct(PayoutView instruction) {
            if (failNextInstruct.getAndSet(false)) {
                throw new PaymentSideDown("payment side down while instructing " + instruction.id());
            }
            instructed.add(instruction);
            return Outcome.SUBMITTED;
        }

        @Override
        public void resend(PayoutView instruction) {
            if (failNextResend.getAndSet(false)) {
                throw new PaymentSideDown("payment side down while resending " + instruction.id());
            }
            resent.add(instruction);
        }

        void failNextInstruct() {
            failNextInstruct.set(true);
        }

        void failNextResend() {
            failNextResend.set(true);
        }

        /** Disarms what was armed but not triggered; true when something was still armed. */
        boolean disarm() {
            boolean instruct = failNextInstruct.getAndSet(false);
            boolean resend = failNextResend.getAndSet(false);
            return instruct || resend;
        }

        void forget() {
            instructed.clear();
            resent.clear();
            disarm();
        }
    }
}
