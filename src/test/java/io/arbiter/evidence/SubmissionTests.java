package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.arbiter.common.InvalidInputException;

class SubmissionTests {

    @Test
    void aFileNameKeepsNoFolderControlOrInvisibleFormattingCharacter() {
        // A right-to-left override shows "photo\u202Egpj.exe" as "photoexe.jpg".
        assertThat(Submission.safeFileName("photo\u202Egpj.exe")).isEqualTo("photo_gpj.exe");
        assertThat(Submission.safeFileName("a\u200Bb\u2066c.jpg")).isEqualTo("a_b_c.jpg");
        assertThat(Submission.safeFileName("../../etc/pass\u0000wd")).isEqualTo("pass_wd");
        assertThat(Submission.safeFileName("Фото у моря.jpg")).isEqualTo("Фото у моря.jpg");
    }

    @Test
    void aDescriptionWithAControlCharacterOrALoneSurrogateIsRefusedBeforeAnyByteIsStored() {
        assertThatThrownBy(() -> Submission.of("photo", "Seam\u0000torn", null, null, "a.jpg"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> Submission.of("photo", "Seam \uD83D torn", null, null, "a.jpg"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("surrogate");
        assertThat(Submission.of("photo", "Seam torn\n\tsee 😀", null, null, "a.jpg").description())
                .isEqualTo("Seam torn\n\tsee 😀");
    }
}
