package io.arbiter.evidence.inspection;

import static io.arbiter.evidence.inspection.EvidenceSamples.ascii;
import static io.arbiter.evidence.inspection.EvidenceSamples.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.UnsupportedContentException;

class ContentInspectorTests {

    private final ContentInspector inspector = new ContentInspector(InspectionLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void acceptsEachAllowedTypeForItsKindByContent() throws IOException {
        assertThat(inspect("photo.jpg", EvidenceSamples.jpeg(64, 48), EvidenceKind.PHOTO).mediaType())
                .isEqualTo("image/jpeg");
        assertThat(inspect("photo.png", EvidenceSamples.png(64, 48), EvidenceKind.PHOTO).mediaType())
                .isEqualTo("image/png");
        assertThat(inspect("photo.webp", EvidenceSamples.webp(640, 480), EvidenceKind.PHOTO).mediaType())
                .isEqualTo("image/webp");
        assertThat(inspect("photo.heic", EvidenceSamples.heic(4032, 3024), EvidenceKind.PHOTO).mediaType())
                .isEqualTo("image/heic");
        assertThat(inspect("clip.mp4", EvidenceSamples.mp4(), EvidenceKind.VIDEO).mediaType()).isEqualTo("video/mp4");
        assertThat(inspect("clip.mp4", EvidenceSamples.isoMedia("mp42"), EvidenceKind.VIDEO).mediaType())
                .isEqualTo("video/mp4");
        assertThat(inspect("clip.mov", EvidenceSamples.mov(), EvidenceKind.VIDEO).mediaType())
                .isEqualTo("video/quicktime");
        assertThat(inspect("clip.webm", EvidenceSamples.webm(), EvidenceKind.VIDEO).mediaType())
                .isEqualTo("video/webm");
        assertThat(inspect("receipt.pdf", EvidenceSamples.pdf(), EvidenceKind.DOCUMENT).mediaType())
                .isEqualTo("application/pdf");
        assertThat(inspect("screenshot.png", EvidenceSamples.png(64, 48), EvidenceKind.DOCUMENT).mediaType())
                .isEqualTo("image/png");
        assertThat(inspect("screenshot.jpg", EvidenceSamples.jpeg(64, 48), EvidenceKind.DOCUMENT).mediaType())
                .isEqualTo("image/jpeg");
    }

    @Test
    void namesNeverCount() throws IOException {
        assertThat(inspect("clip.mp4", EvidenceSamples.jpeg(64, 48), EvidenceKind.PHOTO).mediaType())
                .isEqualTo("image/jpeg");
        assertRefused(refusal("photo.jpg", ascii("<!DOCTYPE html><html><body>hi</body></html>"), EvidenceKind.PHOTO),
                "the content is text/html, which is not accepted; a photo must be JPEG, PNG, WebP or HEIC");
    }

    @Test
    void refusesContentThatIsNotTheDeclaredKindSayingWhatWasFound() {
        assertRefused(refusal("clip.mp4", EvidenceSamples.jpeg(64, 48), EvidenceKind.VIDEO),
                "declared video but the content is image/jpeg; a video must be MP4, MOV or WebM");
        assertRefused(refusal("photo.jpg", EvidenceSamples.pdf(), EvidenceKind.PHOTO),
                "declared photo but the content is application/pdf; a photo must be JPEG, PNG, WebP or HEIC");
        assertRefused(refusal("photo.jpg", EvidenceSamples.mp4(), EvidenceKind.PHOTO),
                "declared photo but the content is video/mp4; a photo must be JPEG, PNG, WebP or HEIC");
        assertRefused(refusal("photos.zip", EvidenceSamples.pdf(), EvidenceKind.ARCHIVE),
                "declared archive but the content is application/pdf; an archive must be a ZIP");
        assertRefused(refusal("receipt.pdf", EvidenceSamples.webp(10, 10), EvidenceKind.DOCUMENT),
                "declared document but the content is image/webp; a document must be a PDF, or a PNG or JPEG"
                        + " screenshot");
    }

    @Test
    void refusesTypesNoKindAccepts() {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                + "<script>alert(document.cookie)</script></svg>";
        assertRefused(refusal("photo.svg", ascii(svg), EvidenceKind.PHOTO),
                "the content is image/svg+xml, which is not accepted; a photo must be JPEG, PNG, WebP or HEIC");
        assertRefused(refusal("notes.pdf", ascii("just some words\n"), EvidenceKind.DOCUMENT),
                "the content is text/plain, which is not accepted");
        byte[] exe = concat(ascii("MZ"), new byte[58], new byte[] {(byte) 0x80, 0, 0, 0}, new byte[64],
                ascii("PE\0\0"), new byte[64]);
        assertThat(refusal("setup.pdf", exe, EvidenceKind.DOCUMENT).getMessage())
                .startsWith("the content is application/x-msdownload").contains("which is not accepted");
        assertRefused(refusal("clip.mkv", EvidenceSamples.matroska("matroska"), EvidenceKind.VIDEO),
                "the content is video/x-matroska, which is not accepted; a video must be MP4, MOV or WebM");
        assertRefused(refusal("photo.avif", EvidenceSamples.isoMedia("avif"), EvidenceKind.PHOTO),
                "the content is image/avif, which is not accepted");
    }

    @Test
    void refusesAnEmptyFile() {
        assertRefused(refusal("photo.jpg", new byte[0], EvidenceKind.PHOTO), "the file is empty");
    }

    @Test
    void refusesAVideoThatDeclaresNoDuration() {
        byte[] mp4Header = EvidenceSamples.fileType("isom");
        assertRefused(refusal("header.mp4", mp4Header, EvidenceKind.VIDEO), "the MP4 file has no movie header (moov"
                + " with mvhd), so it has no duration: it is not a playable video");
        assertRefused(refusal("header.mov", EvidenceSamples.fileType("qt  "), EvidenceKind.VIDEO),
                "the MOV file has no movie header");
        byte[] noMovieHeader = concat(mp4Header, EvidenceSamples.box("moov", EvidenceSamples.box("trak", new byte[8])));
        assertRefused(refusal("empty.mp4", noMovieHeader, EvidenceKind.VIDEO), "the MP4 file has no movie header");
        byte[] zero = concat(mp4Header, EvidenceSamples.box("moov", EvidenceSamples.movieHeader(0, 1000, 0)));
        assertRefused(refusal("zero.mp4", zero, EvidenceKind.VIDEO),
                "the MP4 file's movie header gives no duration: it is not a playable video");
        byte[] noScale = concat(mp4Header, EvidenceSamples.box("moov", EvidenceSamples.movieHeader(1, 0, 5000)));
        assertRefused(refusal("noscale.mp4", noScale, EvidenceKind.VIDEO), "the MP4 file's movie header gives no");
        byte[] cut = Arrays.copyOf(EvidenceSamples.mp4(), EvidenceSamples.mp4().length - 30);
        assertRefused(refusal("cut.mp4", cut, EvidenceKind.VIDEO),
                "the MP4 file ends inside a box: it is truncated or damaged, not a playable video");
        byte[] hugeMdat = concat(mp4Header, ByteBuffer.allocate(16).putInt(1).put(ascii("mdat"))
                .putLong(1L << 40).array());
        assertRefused(refusal("huge.mp4", hugeMdat, EvidenceKind.VIDEO), "the MP4 file ends inside a box");
        assertRefused(refusal("clips.zip", ZipSamples.zip().stored("clip.mp4", mp4Header).bytes(),
                EvidenceKind.ARCHIVE), "archive entry 'clip.mp4': the MP4 file has no movie header");
    }

    @Test
    void acceptsAVideoWhoseMovieHeaderGivesADuration() throws IOException {
        byte[] mp4Header = EvidenceSamples.fileType("mp42");
        byte[] wide = concat(mp4Header, EvidenceSamples.box("moov", EvidenceSamples.movieHeader(1, 90000, 1L << 33)),
                EvidenceSamples.box("mdat", new byte[64]));
        assertThat(inspect("wide.mp4", wide, EvidenceKind.VIDEO).mediaType()).isEqualTo("video/mp4");
        byte[] fragmentDuration = ByteBuffer.allocate(8).putInt(0).putInt(4000).array();
        byte[] fragmented = concat(mp4Header, EvidenceSamples.box("moov", concat(EvidenceSamples.movieHeader(0, 1000,
                0), EvidenceSamples.box("mvex", EvidenceSamples.box("mehd", fragmentDuration)))));
        assertThat(inspect("dash.mp4", fragmented, EvidenceKind.VIDEO).mediaType()).isEqualTo("video/mp4");
        assertThat(inspect("phone.mov", EvidenceSamples.mov(), EvidenceKind.VIDEO).mediaType())
                .isEqualTo("video/quicktime");
    }

    @Test
    void aLinkIsNotAFile() throws IOException {
        Path file = write("link.txt", ascii("https://example.com/video"));
        assertThatThrownBy(() -> inspector.inspect(file, EvidenceKind.LINK))
                .isInstanceOfSatisfying(RuleViolationException.class, e -> {
                    assertThat(e.field()).isEqualTo("kind");
                    assertThat(e.getMessage()).contains("a link is not a file");
                });
    }

    @Test
    void refusesPixelFloodsFromTheHeaderBeforeDecoding() {
        assertTooLarge(refusal("flood.png", EvidenceSamples.pngHeaderOnly(20000, 20000), EvidenceKind.PHOTO),
                "the image declares 20000 x 20000 pixels (400,000,000); at most 100,000,000 pixels are accepted");
        byte[] jpegFlood = EvidenceSamples.withFrameSize(EvidenceSamples.jpeg(16, 16), 20000, 20000);
        assertThat(jpegFlood.length).isLessThan(2000);
        assertTooLarge(refusal("flood.jpg", jpegFlood, EvidenceKind.PHOTO),
                "the image declares 20000 x 20000 pixels (400,000,000); at most 100,000,000 pixels are accepted");
        assertTooLarge(refusal("flood.heic", EvidenceSamples.heic(20000, 20000), EvidenceKind.PHOTO),
                "the image declares 20000 x 20000 pixels");
        assertTooLarge(refusal("flood.webp", EvidenceSamples.webp(16000, 16000), EvidenceKind.PHOTO),
                "the image declares 16000 x 16000 pixels");
        assertTooLarge(refusal("flood.png", EvidenceSamples.pngHeaderOnly(20000, 20000), EvidenceKind.DOCUMENT),
                "the image declares 20000 x 20000 pixels");
    }

    @Test
    void theFloodLimitIsConfigurable() throws IOException {
        ContentInspector strict = new ContentInspector(new InspectionLimits(100, 1 << 30, 100, 64 * 48, 1 << 20));
        Path fits = write("fits.jpg", EvidenceSamples.jpeg(64, 48));
        Path tooMany = write("larger.jpg", EvidenceSamples.jpeg(64, 49));
        assertThat(strict.inspect(fits, EvidenceKind.PHOTO).image().width()).isEqualTo(64);
        assertThatThrownBy(() -> strict.inspect(tooMany, EvidenceKind.PHOTO))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void refusesJpegHtmlPolyglots() {
        byte[] jpeg = EvidenceSamples.jpeg(64, 48);
        assertRefused(refusal("comment.jpg", EvidenceSamples.withSegment(jpeg, 0xFE, "<script>alert(1)</script>"),
                EvidenceKind.PHOTO), "the JPEG image carries HTML or script (<script at byte 6)");
        assertRefused(refusal("trailer.jpg", concat(jpeg, ascii("<HTML><body onload=alert(1)>")), EvidenceKind.PHOTO),
                "the JPEG image carries HTML or script (<html at byte " + jpeg.length + ")");
        assertRefused(refusal("svg.jpg", EvidenceSamples.withSegment(jpeg, 0xE1, "<SvG/onload=alert(1)>"),
                EvidenceKind.PHOTO), "the JPEG image carries HTML or script (<svg at byte 6)");
        assertRefused(refusal("doctype.jpg", EvidenceSamples.withSegment(jpeg, 0xE2, "x<!DocType HTML>"),
                EvidenceKind.DOCUMENT), "the JPEG image carries HTML or script (<!doctype html at byte 7)");
        assertRefused(refusal("link.jpg", EvidenceSamples.withSegment(jpeg, 0xFE, "see JavaScript:alert(1)"),
                EvidenceKind.PHOTO), "the JPEG image carries HTML or script (javascript: at byte 10)");
        assertRefused(refusal("frame.jpg", concat(jpeg, new byte[100], ascii("<iframe src=x>")), EvidenceKind.PHOTO),
                "the JPEG image carries HTML or script (<iframe at byte " + (jpeg.length + 100) + ")");
    }

    @Test
    void refusesMarkupInOtherImageFormats() {
        byte[] png = EvidenceSamples.png(32, 32);
        assertRefused(refusal("text.png", EvidenceSamples.withChunk(png, "tEXt", ascii("Comment\0<script>x</script>")),
                EvidenceKind.PHOTO), "the PNG image carries HTML or script (<script at byte 49)");
        assertRefused(refusal("after.png", concat(png, ascii("<svg onload=alert(1)>")), EvidenceKind.DOCUMENT),
                "the PNG image carries HTML or script (<svg at byte " + png.length + ")");
        assertRefused(refusal("after.webp", concat(EvidenceSamples.webp(10, 10), ascii("<script>")),
                EvidenceKind.PHOTO), "the WebP image carries HTML or script (<script");
        assertRefused(refusal("after.heic", concat(EvidenceSamples.heic(10, 10), EvidenceSamples.box("free",
                ascii("<html>"))), EvidenceKind.PHOTO), "the HEIF image carries HTML or script (<html");
        byte[] svgInMetadata = ascii("<svg onload=alert(1)>");
        assertRefused(refusal("item.heic", EvidenceSamples.heicWithItem("mime", svgInMetadata.length, svgInMetadata),
                EvidenceKind.PHOTO), "the HEIF image carries HTML or script (<svg");
    }

    @Test
    void refusesEventHandlersAndScriptUrlsHoweverSpelled() {
        byte[] jpeg = EvidenceSamples.jpeg(64, 48);
        String[][] spellings = {
                {"<img src=x onerror=alert(1)>", "onerror= at byte 17"},
                {"<IMG SRC=x OnError =alert(1)>", "onerror= at byte 17"},
                {"<body/onload=alert(1)>", "onload= at byte 12"},
                {"<img src=\"x\"onerror=\"alert(1)\">", "onerror= at byte 18"},
                {"<p\ntitle=a\n\tonmouseover\t=x>", "onmouseover= at byte 18"},
                {"<a href=\"java\tscript:alert(1)\">", "javascript: at byte 15"},
                {"<a href=\"java&#x09;script:alert(1)\">", "javascript: at byte 15"},
                {"<a href=\"&#106;&#x61;vascript&colon;alert(1)\">", "javascript: at byte 15"},
                {"<a href=\"jav&#0000010ascript:alert(1)\">", "javascript: at byte 15"},
                {"<a href=\"jav&NewLine;a&Tab;script:x\">", "javascript: at byte 15"},
                {"VBScript:MsgBox(1)", "vbscript: at byte 6"},
                {"<a href=data:text/html;base64,PHNjcmlwdD4=>", "data:text/html at byte 14"},
                {"<OBJECT data=x>", "<object at byte 6"},
                {"<embed src=x>", "<embed at byte 6"}};
        for (String[] spelling : spellings) {
            assertRefused(refusal("handler.jpg", EvidenceSamples.withSegment(jpeg, 0xFE, spelling[0]),
                    EvidenceKind.PHOTO), "the JPEG image carries HTML or script (" + spelling[1] + ")");
        }
    }

    @Test
    void textThatOnlyLooksLikeAHandlerIsNoMarkup() throws IOException {
        byte[] jpeg = EvidenceSamples.withSegment(EvidenceSamples.jpeg(64, 48), 0xFE,
                "taken on location = Paris; <dc:title>onion=3</dc:title> <x on=1> <a one-off=2> java script:");
        assertThat(inspect("fine.jpg", jpeg, EvidenceKind.PHOTO).mediaType()).isEqualTo("image/jpeg");
    }

    @Test
    void aTagNameMustEndForShortMarkers() throws IOException {
        byte[] jpeg = EvidenceSamples.withSegment(EvidenceSamples.jpeg(64, 48), 0xFE, "<svgfile> <htmlish>");
        assertThat(inspect("fine.jpg", jpeg, EvidenceKind.PHOTO).mediaType()).isEqualTo("image/jpeg");
    }

    @Test
    void refusesTruncatedAndDamagedImagesWithTheReason() {
        byte[] jpeg = EvidenceSamples.jpeg(64, 48);
        assertRefused(refusal("cut.jpg", Arrays.copyOf(jpeg, 30), EvidenceKind.PHOTO),
                "the JPEG image ends too early, at byte 30: the file is truncated or damaged");
        assertRefused(refusal("cut.jpg", Arrays.copyOf(jpeg, jpeg.length - 40), EvidenceKind.PHOTO),
                "the JPEG image ends too early, at byte " + (jpeg.length - 40));
        assertRefused(refusal("noframe.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9},
                EvidenceKind.PHOTO), "the JPEG image is damaged: it has no frame header");
        byte[] png = EvidenceSamples.png(32, 32);
        assertRefused(refusal("cut.png", Arrays.copyOf(png, png.length - 12), EvidenceKind.PHOTO),
                "the PNG image ends too early");
        assertRefused(refusal("zero.png", EvidenceSamples.pngHeaderOnly(0, 10), EvidenceKind.PHOTO),
                "the PNG image is damaged: the header declares 0 x 10 pixels");
        byte[] webp = EvidenceSamples.webp(10, 10);
        assertRefused(refusal("cut.webp", Arrays.copyOf(webp, webp.length - 4), EvidenceKind.PHOTO),
                "the WebP image ends too early");
        assertRefused(refusal("empty.heic", EvidenceSamples.box("ftyp", concat(ascii("heic"), new byte[4])),
                EvidenceKind.PHOTO), "the HEIF image is damaged: its metadata declares no image size");
    }

    @Test
    void refusesAJpegWhosePixelsCannotBeDecoded() {
        byte[] jpeg = EvidenceSamples.jpeg(64, 48);
        byte[] broken = jpeg.clone();
        int scan = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xDA});
        // Replace the Huffman tables with garbage of the same length: the structure stays valid, the data does not.
        int tables = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC4});
        for (int i = tables + 5; i < scan; i++) {
            broken[i] = (byte) 0xEE;
        }
        assertThat(refusal("broken.jpg", broken, EvidenceKind.PHOTO).getMessage())
                .startsWith("the image cannot be decoded");
    }

    @Test
    void fillsImageFactsForPhotosAndScreenshots() throws IOException {
        Inspection photo = inspect("photo.jpg", EvidenceSamples.jpeg(64, 48), EvidenceKind.PHOTO);
        assertThat(photo.image().width()).isEqualTo(64);
        assertThat(photo.image().height()).isEqualTo(48);
        assertThat(photo.image().perceptualHash()).isNotNull();
        assertThat(photo.image().perceptualHashAlgorithm()).isEqualTo(PerceptualHash.ALGORITHM);
        assertThat(photo.signals()).isEmpty();
        assertThat(photo.archiveEntries()).isZero();

        Inspection screenshot = inspect("shot.png", EvidenceSamples.png(40, 30), EvidenceKind.DOCUMENT);
        assertThat(screenshot.image().width()).isEqualTo(40);
        assertThat(screenshot.image().perceptualHash()).isNotNull();

        Inspection webp = inspect("photo.webp", EvidenceSamples.webp(640, 480), EvidenceKind.PHOTO);
        assertThat(webp.image().width()).isEqualTo(640);
        assertThat(webp.image().height()).isEqualTo(480);
        assertThat(webp.image().perceptualHash()).isNull();
        assertThat(webp.image().perceptualHashAlgorithm()).isNull();

        Inspection heic = inspect("photo.heic", EvidenceSamples.heic(4032, 3024), EvidenceKind.PHOTO);
        assertThat(heic.image().width()).isEqualTo(4032);
        assertThat(heic.image().height()).isEqualTo(3024);

        Inspection pdf = inspect("receipt.pdf", EvidenceSamples.pdf(), EvidenceKind.DOCUMENT);
        assertThat(pdf.image()).isNull();
        assertThat(pdf.signals()).isEmpty();
    }

    private Inspection inspect(String name, byte[] bytes, EvidenceKind kind) throws IOException {
        return inspector.inspect(write(name, bytes), kind);
    }

    private RuntimeException refusal(String name, byte[] bytes, EvidenceKind kind) {
        try {
            inspector.inspect(write(name, bytes), kind);
        } catch (UnsupportedContentException | PayloadTooLargeException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(name + " was accepted as " + kind);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** Inspects the bytes as a file in {@code dir}. */
    static Inspection inspectIn(Path dir, ContentInspector inspector, byte[] bytes, EvidenceKind kind) {
        try {
            Path file = Files.createTempFile(dir, "upload", ".bin");
            Files.write(file, bytes);
            return inspector.inspect(file, kind);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The 415 or 413 refusing the bytes as a file in {@code dir}. */
    static RuntimeException refusalIn(Path dir, ContentInspector inspector, byte[] bytes, EvidenceKind kind) {
        try {
            inspectIn(dir, inspector, bytes, kind);
        } catch (UnsupportedContentException | PayloadTooLargeException e) {
            return e;
        }
        throw new AssertionError("the file was accepted as " + kind);
    }

    static void assertRefused(RuntimeException e, String message) {
        assertThat(e).isInstanceOf(UnsupportedContentException.class);
        assertThat(((UnsupportedContentException) e).field()).isEqualTo("file");
        assertThat(e.getMessage()).startsWith(message);
    }

    static void assertTooLarge(RuntimeException e, String message) {
        assertThat(e).isInstanceOf(PayloadTooLargeException.class);
        assertThat(((PayloadTooLargeException) e).field()).isEqualTo("file");
        assertThat(e.getMessage()).startsWith(message);
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
