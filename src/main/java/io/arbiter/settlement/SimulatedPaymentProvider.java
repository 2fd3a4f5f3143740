package io.arbiter.settlement;

/** For the embedded demo: every instruction is confirmed at once, as if the marketplace had paid. */
class SimulatedPaymentProvider implements PaymentProvider {

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public Outcome instruct(PayoutView instruction) {
        return Outcome.CONFIRMED;
    }

    @Override
    public void resend(PayoutView instruction) {
        // Nothing is ever left unconfirmed here.
    }
}
