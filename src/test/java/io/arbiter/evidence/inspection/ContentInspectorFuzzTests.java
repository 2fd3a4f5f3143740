package io.arbiter.evidence.inspection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.UnsupportedContentException;

/**
 * Arbitrary bytes, declared as each kind: the inspection either accepts them or refuses them with a 415, 413 or 422,
 * and never fails otherwise or hangs. The normal build replays the seeds under
 * {@code src/test/resources/io/arbiter/evidence/inspection/ContentInspectorFuzzTestsInputs/<method>/}; set
 * {@code JAZZER_FUZZ=1} and select one method to fuzz it (crashes found are written beside the seeds).
 */
class ContentInspectorFuzzTests {

    /** Limits low enough for the fuzzer to reach them with small inputs. */
    private static final ContentInspector INSPECTOR = new ContentInspector(
            new InspectionLimits(8, 4 * 1024 * 1024, 20, 4_000_000, 64 * 1024));

    @FuzzTest(maxDuration = "60s")
    void photo(byte[] data) throws IOException {
        inspect(data, EvidenceKind.PHOTO);
    }

    @FuzzTest(maxDuration = "60s")
    void video(byte[] data) throws IOException {
        inspect(data, EvidenceKind.VIDEO);
    }

    @FuzzTest(maxDuration = "60s")
    void document(byte[] data) throws IOException {
        inspect(data, EvidenceKind.DOCUMENT);
    }

    @FuzzTest(maxDuration = "60s")
    void archive(byte[] data) throws IOException {
        inspect(data, EvidenceKind.ARCHIVE);
    }

    private static void inspect(byte[] data, EvidenceKind kind) throws IOException {
        Path file = Files.createTempFile("fuzz", ".bin");
        try {
            Files.write(file, data);
            INSPECTOR.inspect(file, kind);
        } catch (UnsupportedContentException | PayloadTooLargeException | RuleViolationException refused) {
            // A refusal with a status the caller can answer is the expected outcome for most inputs.
        } finally {
            Files.delete(file);
        }
    }
}
