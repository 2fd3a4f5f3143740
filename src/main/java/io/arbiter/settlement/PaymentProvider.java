package io.arbiter.settlement;

/**
 * The marketplace's payment side, which really moves the money. Arbiter only instructs it.
 */
interface PaymentProvider {

    enum Outcome {
        /** Money moved already; book it. */
        CONFIRMED,
        /** Handed over (or queued to be); the payment side confirms or fails it later through the API. */
        SUBMITTED
    }

    String name();

    /** Called in the transaction that writes or retries the instruction. */
    Outcome instruct(PayoutView instruction);

    /** Sends an instruction again because no confirmation came; same instruction id, so it moves money once. */
    void resend(PayoutView instruction);
}
