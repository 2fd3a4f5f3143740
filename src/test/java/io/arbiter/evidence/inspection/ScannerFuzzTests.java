package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.UnsupportedContentException;

/**
 * The streaming scanners on their own, with arbitrary bytes cut into arbitrary pieces: each finds the same thing
 * however its input arrives, and refuses only with a 415 or 413. The normal build replays the seeds under
 * {@code src/test/resources/io/arbiter/evidence/inspection/ScannerFuzzTestsInputs/<method>/}; set {@code JAZZER_FUZZ=1}
 * and select one method to fuzz it.
 */
class ScannerFuzzTests {

    @FuzzTest(maxDuration = "60s")
    void markup(FuzzedDataProvider data) {
        int piece = data.consumeInt(1, 300);
        byte[] bytes = data.consumeRemainingAsBytes();
        MarkupScanner whole = MarkupScanner.everywhere();
        boolean clean = whole.feed(bytes, 0, bytes.length, 0) && whole.endRegion();
        MarkupScanner pieces = MarkupScanner.everywhere();
        boolean piecesClean = true;
        for (int at = 0; at < bytes.length && piecesClean; at += piece) {
            piecesClean = pieces.feed(bytes, at, Math.min(piece, bytes.length - at), at);
        }
        piecesClean = pieces.endRegion() && piecesClean;
        assertThat(piecesClean).isEqualTo(clean);
        assertThat(pieces.found()).isEqualTo(whole.found());
        assertThat(pieces.foundAt()).isEqualTo(whole.foundAt());
    }

    @FuzzTest(maxDuration = "60s")
    void pdf(FuzzedDataProvider data) {
        int piece = data.consumeInt(1, 300);
        byte[] bytes = data.consumeRemainingAsBytes();
        assertThat(pdfOutcome(new ByteArrayInputStream(bytes), bytes.length))
                .isEqualTo(pdfOutcome(new Trickle(bytes, piece), bytes.length));
    }

    @FuzzTest(maxDuration = "60s")
    void movieHeader(byte[] data) {
        try {
            MovieHeader.requireDuration(new ByteArrayInputStream(data), "MP4");
        } catch (UnsupportedContentException refused) {
            // Most bytes are no movie.
        }
    }

    /** What the PDF scan says: null when it accepts, else its refusal. */
    private static String pdfOutcome(InputStream in, long size) {
        try {
            PdfActiveContent.refuseActive(in, size);
            return null;
        } catch (UnsupportedContentException | PayloadTooLargeException refused) {
            return refused.getClass().getSimpleName() + ": " + refused.getMessage();
        }
    }

    /** Hands out at most {@code piece} bytes a read, as a network stream may. */
    private static final class Trickle extends ByteArrayInputStream {

        private final int piece;

        Trickle(byte[] bytes, int piece) {
            super(bytes);
            this.piece = piece;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            return super.read(buffer, offset, Math.min(length, piece));
        }
    }
}
