package io.arbiter.evidence.inspection;

/**
 * Why a photo of a type that can be fingerprinted has no fingerprint: a damaged file, a decoder that gave up, or no
 * decoder installed. {@code awaitedDecoder} names the decoder whose absence was the reason (null when it was
 * something else), so that the photo is fingerprinted once that decoder is there, and never tried again otherwise.
 */
public record Unfingerprinted(String reason, String awaitedDecoder) {

    public static Unfingerprinted awaiting(String decoder, String reason) {
        return new Unfingerprinted(reason, decoder);
    }

    public static Unfingerprinted because(String reason) {
        return new Unfingerprinted(reason, null);
    }
}
