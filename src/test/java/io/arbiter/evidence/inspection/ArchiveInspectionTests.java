package io.arbiter.evidence.inspection;

import static io.arbiter.evidence.inspection.ContentInspectorTests.assertRefused;
import static io.arbiter.evidence.inspection.ContentInspectorTests.assertTooLarge;
import static io.arbiter.evidence.inspection.EvidenceSamples.ascii;
import static io.arbiter.evidence.inspection.EvidenceSamples.concat;
import static io.arbiter.evidence.inspection.ZipSamples.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.UnsupportedContentException;

class ArchiveInspectionTests {

    private static final byte[] JPEG = EvidenceSamples.jpeg(64, 48);

    private final ContentInspector inspector = new ContentInspector(InspectionLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void acceptsAnArchiveOfMediaAndCountsItsFiles() throws IOException {
        byte[] archive = zip().folder("day1/").deflated("day1/front.jpg", JPEG).stored("day1/back.png",
                EvidenceSamples.png(32, 32)).deflated("unboxing.mp4", EvidenceSamples.mp4())
                .deflated("clip.webm", EvidenceSamples.webm()).stored("receipt.pdf", EvidenceSamples.pdf()).bytes();
        Inspection inspection = inspect(archive, inspector);
        assertThat(inspection.mediaType()).isEqualTo("application/zip");
        assertThat(inspection.archiveEntries()).isEqualTo(5);
        assertThat(inspection.image()).isNull();
    }

    @Test
    void refusesZipBombs() {
        byte[] zeros = concat(ascii("%PDF-1.4\n"), new byte[20 * 1024 * 1024]);
        assertTooLarge(refusal(zip().deflated("bomb.pdf", zeros).bytes()),
                "archive entry 'bomb.pdf' expands more than 100 times its compressed size (a zip bomb)");
    }

    @Test
    void refusesOverlappingEntriesThatExpandTheArchiveBeyondTheRatio() {
        Random random = new Random(7);
        byte[] lowEntropy = new byte[2 * 1024 * 1024];
        for (int i = 0; i < lowEntropy.length; i++) {
            lowEntropy[i] = (byte) (random.nextBoolean() ? 'a' : 'b');
        }
        byte[] one = zip().deflated("scan.pdf", concat(ascii("%PDF-1.4\n"), lowEntropy)).bytes();
        assertThat(inspect(one, inspector).archiveEntries()).isEqualTo(1);
        assertTooLarge(refusal(ZipSamples.overlapping(one, 40)),
                "the archive expands more than 100 times its size (a zip bomb)");
    }

    @Test
    void refusesAnArchiveExpandingBeyondTheTotalLimit() {
        ContentInspector small = new ContentInspector(new InspectionLimits(100, 2 * 1024 * 1024, 100, 100_000_000,
                1 << 20));
        byte[] noise = new byte[1536 * 1024];
        new Random(3).nextBytes(noise);
        byte[] pdf = concat(ascii("%PDF-1.4\n"), noise);
        byte[] archive = zip().stored("a.pdf", pdf).stored("b.pdf", pdf).bytes();
        assertTooLarge(refusal(archive, small), "the archive expands to more than 2,097,152 bytes");
    }

    @Test
    void refusesMoreThanAHundredEntriesBeforeReadingThem() {
        ZipSamples many = zip();
        for (int i = 0; i < 101; i++) {
            many.stored("photo" + i + ".jpg", JPEG);
        }
        assertTooLarge(refusal(many.bytes()), "the archive lists more than 100 entries; at most 100 are accepted");
        ZipSamples hundred = zip();
        for (int i = 0; i < 100; i++) {
            hundred.stored("photo" + i + ".jpg", JPEG);
        }
        assertThat(inspectQuietly(hundred.bytes()).archiveEntries()).isEqualTo(100);
    }

    @Test
    void refusesNestedArchivesByContent() {
        byte[] inner = zip().deflated("photo.jpg", JPEG).bytes();
        assertRefused(refusal(zip().deflated("photo.jpg", JPEG).stored("clip.mp4", inner).bytes()),
                "archive entry 'clip.mp4' is a nested archive (application/zip)");
        byte[] gzip = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertRefused(refusal(zip().stored("photo.jpg", gzip).bytes()),
                "archive entry 'photo.jpg' is a nested archive (application/gzip)");
    }

    @Test
    void refusesPathsThatLeaveTheArchive() {
        byte[] pdf = EvidenceSamples.pdf();
        assertRefused(refusal(zip().deflated("../evil.pdf", pdf).bytes()),
                "archive entry '../evil.pdf' has a path that climbs out of the archive (..)");
        assertRefused(refusal(zip().deflated("receipts/../../evil.pdf", pdf).bytes()),
                "archive entry 'receipts/../../evil.pdf' has a path that climbs out of the archive (..)");
        assertRefused(refusal(ZipSamples.withNameCharacter(zip().deflated("..|evil.pdf", pdf).bytes(), '|', '\\')),
                "archive entry '..\\evil.pdf' has a path that climbs out of the archive (..)");
        assertRefused(refusal(zip().deflated("/etc/cron.d/evil.pdf", pdf).bytes()),
                "archive entry '/etc/cron.d/evil.pdf' has an absolute path");
        assertRefused(refusal(ZipSamples.withNameCharacter(zip().deflated("C:|Windows|evil.pdf", pdf).bytes(), '|',
                '\\')), "archive entry 'C:\\Windows\\evil.pdf' has an absolute path");
    }

    @Test
    void refusesLocalHeadersThatNameAnotherPathThanTheCentralDirectory() {
        byte[] pdf = EvidenceSamples.pdf();
        byte[] archive = zip().deflated("photo.jpg", JPEG).deflated("xx/evil.pdf", pdf)
                .deflated("xetc/evil.pdf", pdf).deflated("receipt.pdf", pdf).bytes();
        assertRefused(refusal(ZipSamples.withLocalName(archive, "xx/evil.pdf", "../evil.pdf")),
                "archive entry 'xx/evil.pdf' is named '../evil.pdf' in its local header, a path that climbs out of the"
                        + " archive (..)");
        assertRefused(refusal(ZipSamples.withLocalName(archive, "xetc/evil.pdf", "/etc/evil.pdf")),
                "archive entry 'xetc/evil.pdf' is named '/etc/evil.pdf' in its local header, an absolute path");
        assertRefused(refusal(ZipSamples.withLocalName(archive, "receipt.pdf", "receipt.exe")),
                "archive entry 'receipt.pdf' is named 'receipt.exe' in its local header; the local header and the"
                        + " central directory must name an entry alike");
        assertThat(inspectQuietly(archive).archiveEntries()).isEqualTo(4);
    }

    @Test
    void refusesSymbolicLinksAndEncryptedEntries() {
        assertRefused(refusal(zip().symlink("photo.jpg", "/etc/passwd").bytes()),
                "archive entry 'photo.jpg' is a symbolic link");
        assertRefused(refusal(ZipSamples.withEncryptionFlag(zip().deflated("receipt.pdf", EvidenceSamples.pdf())
                .bytes())), "archive entry 'receipt.pdf' is encrypted");
    }

    @Test
    void refusesCompressionMethodsOtherThanStoredAndDeflated() {
        byte[] bzip2 = ZipSamples.withMethod(zip().deflated("receipt.pdf", EvidenceSamples.pdf()).bytes(), 12);
        assertRefused(refusal(bzip2), "archive entry 'receipt.pdf' uses compression method 12; only stored and"
                + " deflated entries are accepted");
    }

    @Test
    void refusesAnythingButAcceptedMediaInside() {
        assertRefused(refusal(zip().deflated("photo.jpg", JPEG).deflated("notes.txt", ascii("hello\n")).bytes()),
                "archive entry 'notes.txt' is text/plain; an archive may hold only photos (JPEG, PNG, WebP, HEIC),"
                        + " videos (MP4, MOV, WebM) and PDF documents");
        assertRefused(refusal(zip().deflated("photo.jpg", ascii("<!DOCTYPE html><html></html>")).bytes()),
                "archive entry 'photo.jpg' is text/html");
        assertRefused(refusal(zip().deflated("photo.svg", ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))
                .bytes()), "archive entry 'photo.svg' is image/svg+xml");
        assertRefused(refusal(zip().stored("photo.jpg", new byte[0]).bytes()), "archive entry 'photo.jpg' is empty");
        assertRefused(refusal(zip().folder("empty/").bytes()), "the archive holds no files");
    }

    @Test
    void appliesTheImageChecksToImagesInside() {
        byte[] polyglot = EvidenceSamples.withSegment(JPEG, 0xFE, "<script>alert(1)</script>");
        assertRefused(refusal(zip().deflated("photo.jpg", polyglot).bytes()),
                "archive entry 'photo.jpg': the JPEG image carries HTML or script (<script at byte 6)");
        assertTooLarge(refusal(zip().deflated("flood.png", EvidenceSamples.pngHeaderOnly(20000, 20000)).bytes()),
                "archive entry 'flood.png': the image declares 20000 x 20000 pixels");
        assertRefused(refusal(zip().deflated("cut.jpg", java.util.Arrays.copyOf(JPEG, 100)).bytes()),
                "archive entry 'cut.jpg': the JPEG image ends too early");
    }

    @Test
    void refusesADamagedArchive() {
        assertRefused(refusal(concat(ascii("PK\3\4"), new byte[200])),
                "the ZIP archive is damaged: it has no end of central directory record");
        byte[] archive = zip().deflated("photo.jpg", JPEG).bytes();
        byte[] corrupted = archive.clone();
        for (int i = 60; i < 400; i++) {
            corrupted[i] = (byte) 0xA5;
        }
        assertRefused(refusal(corrupted), "the ZIP archive is damaged: entry 'photo.jpg' cannot be read");
    }

    private Inspection inspect(byte[] archive, ContentInspector with) {
        return ContentInspectorTests.inspectIn(dir, with, archive, EvidenceKind.ARCHIVE);
    }

    private Inspection inspectQuietly(byte[] archive) {
        return inspect(archive, inspector);
    }

    private RuntimeException refusal(byte[] archive) {
        return refusal(archive, inspector);
    }

    private RuntimeException refusal(byte[] archive, ContentInspector with) {
        return ContentInspectorTests.refusalIn(dir, with, archive, EvidenceKind.ARCHIVE);
    }
}
