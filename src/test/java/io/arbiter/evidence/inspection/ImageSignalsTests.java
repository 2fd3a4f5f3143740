package io.arbiter.evidence.inspection;

import static io.arbiter.evidence.inspection.EvidenceSamples.ascii;
import static io.arbiter.evidence.inspection.EvidenceSamples.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.UnsupportedContentException;

/** EXIF, XMP and Photoshop metadata written by hand into real JPEGs, and what the inspection reads from them. */
class ImageSignalsTests {

    private static final int APP1 = 0xE1;
    private static final int APP13 = 0xED;
    private static final byte[] PHOTO = EvidenceSamples.jpeg(64, 48);

    private final ContentInspector inspector = new ContentInspector(InspectionLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void readsCameraFieldsAndTheCaptureTimeWithItsOffset() throws IOException {
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MAKE, "Canon").ifd0(Tiff.MODEL, "Canon EOS R6")
                .ifd0(Tiff.SOFTWARE, "Firmware Version 1.8.1").ifd0(Tiff.DATE_TIME, "2024:03:01 10:15:30")
                .exif(Tiff.DATE_TIME_ORIGINAL, "2024:03:01 10:15:30").exif(Tiff.OFFSET_TIME_ORIGINAL, "+02:00"));
        ImageFacts facts = inspection.image();
        assertThat(facts.cameraMake()).isEqualTo("Canon");
        assertThat(facts.cameraModel()).isEqualTo("Canon EOS R6");
        assertThat(facts.software()).isEqualTo("Firmware Version 1.8.1");
        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2024-03-01T08:15:30Z"));
        assertThat(inspection.signals()).isEmpty();
    }

    @Test
    void readsACaptureTimeWithoutOffsetAsUtc() throws IOException {
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MAKE, "Apple").ifd0(Tiff.MODEL, "iPhone 13")
                .exif(Tiff.DATE_TIME_ORIGINAL, "2024:03:01 10:15:30"));
        assertThat(inspection.image().capturedAt()).isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    }

    @Test
    void ignoresACaptureTimeThatIsNotADate() throws IOException {
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MAKE, "Apple")
                .exif(Tiff.DATE_TIME_ORIGINAL, "0000:00:00 00:00:00"));
        assertThat(inspection.image().capturedAt()).isNull();
    }

    @Test
    void flagsEditingSoftwareInExif() throws IOException {
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MAKE, "Canon").ifd0(Tiff.MODEL, "Canon EOS R6")
                .ifd0(Tiff.SOFTWARE, "Adobe Photoshop 25.0 (Windows)"));
        assertThat(inspection.image().software()).isEqualTo("Adobe Photoshop 25.0 (Windows)");
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.EDITING_SOFTWARE,
                        "EXIF Software names Adobe Photoshop 25.0 (Windows), an image editor"));
    }

    @Test
    void flagsEditingSoftwareInXmp() throws IOException {
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
                + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\""
                + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"GIMP 2.10\"/></rdf:RDF></x:xmpmeta>";
        Inspection inspection = inspect(EvidenceSamples.withSegment(PHOTO, APP1,
                concat(ascii("http://ns.adobe.com/xap/1.0/\0"), xmp.getBytes(StandardCharsets.UTF_8))));
        assertThat(inspection.image().software()).isEqualTo("GIMP 2.10");
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.EDITING_SOFTWARE, "XMP CreatorTool names GIMP 2.10, an image editor"));
    }

    @Test
    void flagsAnEditorInTheXmpHistory() throws IOException {
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
                + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\""
                + " xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\""
                + " xmlns:stEvt=\"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#\"><xmpMM:History><rdf:Seq>"
                + "<rdf:li stEvt:action=\"saved\" stEvt:softwareAgent=\"Adobe Lightroom Classic 13.0\"/>"
                + "</rdf:Seq></xmpMM:History></rdf:Description></rdf:RDF></x:xmpmeta>";
        Inspection inspection = inspect(EvidenceSamples.withSegment(PHOTO, APP1,
                concat(ascii("http://ns.adobe.com/xap/1.0/\0"), xmp.getBytes(StandardCharsets.UTF_8))));
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.EDITING_SOFTWARE,
                        "the XMP editing history names Adobe Lightroom Classic 13.0, an image editor"));
    }

    @Test
    void flagsPhotoshopVersionInfo() throws IOException {
        byte[] writer = "Adobe Photoshop".getBytes(StandardCharsets.UTF_16BE);
        byte[] reader = "Adobe Photoshop 2024".getBytes(StandardCharsets.UTF_16BE);
        byte[] versionInfo = ByteBuffer.allocate(4 + 1 + 4 + writer.length + 4 + reader.length + 4).putInt(1)
                .put((byte) 1).putInt(writer.length / 2).put(writer).putInt(reader.length / 2).put(reader).putInt(1)
                .array();
        // Resource data is padded to an even length.
        byte[] resource = ByteBuffer.allocate(4 + 2 + 2 + 4 + versionInfo.length + 1).put(ascii("8BIM"))
                .putShort((short) 0x0421).putShort((short) 0).putInt(versionInfo.length).put(versionInfo).array();
        Inspection inspection = inspect(EvidenceSamples.withSegment(PHOTO, APP13,
                concat(ascii("Photoshop 3.0\0"), resource)));
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.EDITING_SOFTWARE, "Photoshop version info names Adobe Photoshop, an image editor"));
    }

    @Test
    void flagsEditingSoftwareInAPngSoftwareText() throws IOException {
        byte[] png = EvidenceSamples.withChunk(EvidenceSamples.png(32, 32), "tEXt", ascii("Software\0Pixelmator Pro"));
        Inspection inspection = inspector.inspect(write(png), EvidenceKind.DOCUMENT);
        assertThat(inspection.image().software()).isEqualTo("Pixelmator Pro");
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.EDITING_SOFTWARE, "PNG Software names Pixelmator Pro, an image editor"));
    }

    @Test
    void flagsEditingSoftwareInThePngsXmp() throws IOException {
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
                + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\""
                + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"GIMP 2.10\"/></rdf:RDF></x:xmpmeta>";
        // keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL, text
        byte[] png = EvidenceSamples.withChunk(EvidenceSamples.png(32, 32), "iTXt",
                concat(ascii("XML:com.adobe.xmp\0\0\0\0\0"), xmp.getBytes(StandardCharsets.UTF_8)));
        Inspection inspection = inspector.inspect(write(png), EvidenceKind.PHOTO);
        assertThat(inspection.image().software()).isEqualTo("GIMP 2.10");
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.EDITING_SOFTWARE, "XMP CreatorTool names GIMP 2.10, an image editor"));
    }

    @Test
    void leavesCompressedPngTextUnread() throws IOException {
        // zTXt: keyword, NUL, compression method 0, deflated text; the reader would inflate it without a bound.
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
            out.write(ascii("Pixelmator Pro"));
        }
        byte[] png = EvidenceSamples.withChunk(EvidenceSamples.png(32, 32), "zTXt",
                concat(ascii("Software\0\0"), deflated.toByteArray()));
        Inspection inspection = inspector.inspect(write(png), EvidenceKind.PHOTO);
        assertThat(inspection.image().software()).isNull();
        assertThat(inspection.signals()).isEmpty();
    }

    @Test
    void flagsAFileSavedLongAfterCapture() throws IOException {
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MAKE, "Canon").ifd0(Tiff.DATE_TIME, "2024:03:03 12:00:00")
                .exif(Tiff.DATE_TIME_ORIGINAL, "2024:03:01 10:15:30"));
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.MODIFIED_AFTER_CAPTURE, "EXIF says the file was saved at 2024-03-03T12:00, 2 day(s)"
                        + " 1 hour(s) after the photo was taken at 2024-03-01T10:15:30"));
    }

    @Test
    void toleratesASaveWithinAMinuteOfCapture() throws IOException {
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MAKE, "Canon").ifd0(Tiff.DATE_TIME, "2024:03:01 10:16:20")
                .exif(Tiff.DATE_TIME_ORIGINAL, "2024:03:01 10:15:30"));
        assertThat(inspection.signals()).isEmpty();
    }

    @Test
    void comparesSaveAndCaptureTimesAsInstantsWhenBothOffsetsAreKnown() throws IOException {
        Inspection sameMoment = inspect(new Tiff().ifd0(Tiff.MAKE, "Canon")
                .ifd0(Tiff.DATE_TIME, "2024:03:01 12:15:30").exif(Tiff.OFFSET_TIME, "+04:00")
                .exif(Tiff.DATE_TIME_ORIGINAL, "2024:03:01 10:15:30").exif(Tiff.OFFSET_TIME_ORIGINAL, "+02:00"));
        assertThat(sameMoment.signals()).isEmpty();
    }

    @Test
    void flagsAModelWithoutAMake() throws IOException {
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MODEL, "iPhone 15 Pro"));
        assertThat(inspection.image().cameraMake()).isNull();
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.CAMERA_FIELDS_MISMATCH, "a camera model (iPhone 15 Pro) is given without a camera"
                        + " make"));
    }

    @Test
    void flagsAMakeThatDiffersBetweenExifAndXmp() throws IOException {
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
                + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\""
                + " xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" tiff:Make=\"NIKON CORPORATION\""
                + " tiff:Model=\"Canon EOS R6\"/></rdf:RDF></x:xmpmeta>";
        byte[] jpeg = EvidenceSamples.withSegment(EvidenceSamples.withSegment(PHOTO, APP1,
                concat(ascii("http://ns.adobe.com/xap/1.0/\0"), xmp.getBytes(StandardCharsets.UTF_8))), APP1,
                new Tiff().ifd0(Tiff.MAKE, "Canon").ifd0(Tiff.MODEL, "Canon  EOS R6").app1());
        Inspection inspection = inspect(jpeg);
        assertThat(inspection.image().cameraMake()).isEqualTo("Canon");
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.CAMERA_FIELDS_MISMATCH,
                        "the camera make differs between metadata blocks: Canon / NIKON CORPORATION"));
    }

    @Test
    void flagsAThumbnailOfAnotherShape() throws IOException {
        byte[] portraitThumbnail = EvidenceSamples.jpeg(24, 32);
        Inspection inspection = inspect(new Tiff().ifd0(Tiff.MAKE, "Canon").thumbnail(portraitThumbnail));
        assertThat(inspection.signals()).extracting(IntegritySignal::code, IntegritySignal::detail).containsExactly(
                tuple(IntegritySignal.CAMERA_FIELDS_MISMATCH, "the embedded thumbnail is 24 x 32 but the image is 64 x 48"));
    }

    @Test
    void acceptsAThumbnailOfTheSameShapeAndTheLetterboxedDcfThumbnail() throws IOException {
        assertThat(inspect(new Tiff().ifd0(Tiff.MAKE, "Canon").thumbnail(EvidenceSamples.jpeg(32, 24))).signals())
                .isEmpty();
        byte[] wide = EvidenceSamples.withSegment(EvidenceSamples.jpeg(96, 54), APP1,
                new Tiff().ifd0(Tiff.MAKE, "Canon").thumbnail(EvidenceSamples.jpeg(160, 120)).app1());
        assertThat(inspect(wide).signals()).isEmpty();
    }

    @Test
    void readsTheExifItemOfAHeicPhoto() throws IOException {
        Inspection inspection = inspector.inspect(write(EvidenceSamples.iphoneHeic()), EvidenceKind.PHOTO);
        ImageFacts facts = inspection.image();
        assertThat(inspection.mediaType()).isEqualTo("image/heic");
        assertThat(facts.cameraMake()).isEqualTo("Apple");
        assertThat(facts.cameraModel()).isEqualTo("iPhone 15 Pro");
        assertThat(facts.software()).isEqualTo("17.4");
        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2026-03-14T07:26:53Z"));
        assertThat(facts.capturedAtZoned()).isTrue();
        assertThat(inspection.signals()).isEmpty();
    }

    @Test
    void readsTheOrientationAndXmpOfAHeicPhoto() {
        EmbeddedMetadata embedded = HeifStructure.read(new ByteArrayInputStream(EvidenceSamples.iphoneHeic()),
                InspectionLimits.defaults().maxImageMetadataBytes()).metadata();
        assertThat(ImageMetadata.orientation(embedded)).isEqualTo(6);
        assertThat(embedded.xmp()).singleElement()
                .satisfies(xmp -> assertThat(new String(xmp, StandardCharsets.UTF_8)).contains("<xmp:CreatorTool>17.4"));
    }

    @Test
    void leavesHeicItemsUnreadThatExceedTheBudgetOrTheFile() throws IOException {
        byte[] tiff = concat(ByteBuffer.allocate(4).putInt(6).array(), new Tiff().ifd0(Tiff.MAKE, "Canon").app1());
        byte[] declaresTwoGigabytes = EvidenceSamples.heicWithItem("Exif", 0x7FFF_FFF0L, tiff);
        byte[] longerThanTheFile = EvidenceSamples.heicWithItem("Exif", tiff.length + 100, tiff);
        byte[] fits = EvidenceSamples.heicWithItem("Exif", tiff.length, tiff);
        assertThat(inspector.inspect(write(declaresTwoGigabytes), EvidenceKind.PHOTO).image().cameraMake()).isNull();
        assertThat(inspector.inspect(write(longerThanTheFile), EvidenceKind.PHOTO).image().cameraMake()).isNull();
        assertThat(inspector.inspect(write(fits), EvidenceKind.PHOTO).image().cameraMake()).isEqualTo("Canon");
    }

    @Test
    void refusesDamagedMetadataOnlyWhenItCannotBeReadAtAll() throws IOException {
        byte[] garbage = concat(ascii("Exif\0\0"), ascii("MM\0*\0\0\0\u0008\u00ff\u00ff"), new byte[40]);
        Inspection inspection = inspect(EvidenceSamples.withSegment(PHOTO, APP1, garbage));
        assertThat(inspection.image().capturedAt()).isNull();
        assertThat(inspection.signals()).isEmpty();
    }

    @Test
    void refusesMetadataTooDeeplyNestedToRead() throws Exception {
        byte[] jpeg = EvidenceSamples.withSegment(PHOTO, APP1, concat(ascii("Exif\0\0"), Tiff.chainOfDirectories(10_000)));
        Path file = write(jpeg);
        // Server threads have small stacks; this one is smaller still, so the chain overflows it for certain.
        RuntimeException[] outcome = new RuntimeException[1];
        Thread worker = new Thread(null, () -> {
            try {
                inspector.inspect(file, EvidenceKind.PHOTO);
            } catch (RuntimeException e) {
                outcome[0] = e;
            }
        }, "small-stack", 256 * 1024);
        worker.start();
        worker.join();
        assertThat(outcome[0]).isInstanceOf(UnsupportedContentException.class)
                .hasMessage("the image's metadata is damaged and cannot be read (StackOverflowError)");
    }

    private Inspection inspect(Tiff exif) throws IOException {
        return inspect(EvidenceSamples.withSegment(PHOTO, APP1, exif.app1()));
    }

    private Inspection inspect(byte[] jpeg) throws IOException {
        try {
            return inspector.inspect(write(jpeg), EvidenceKind.PHOTO);
        } catch (UnsupportedContentException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "upload", ".bin");
        Files.write(file, bytes);
        return file;
    }
}
