package io.arbiter.evidence.inspection;

import static io.arbiter.evidence.inspection.ContentInspectorTests.assertRefused;
import static io.arbiter.evidence.inspection.EvidenceSamples.ascii;
import static io.arbiter.evidence.inspection.EvidenceSamples.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class PdfInspectionTests {

    private final ContentInspector inspector = new ContentInspector(InspectionLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void refusesScriptLaunchActionsEmbeddedFilesAndAutomaticActions() {
        assertActive(catalog("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "/JavaScript at byte 66");
        assertActive(catalog("/OpenAction << /S /Launch /F (calc.exe) >>"), "/Launch at byte 66");
        assertActive(catalog("/Names << /EmbeddedFiles 5 0 R >>"), "/EmbeddedFiles at byte 58");
        assertActive(catalog("/AA << /O 6 0 R >>"), "/AA at byte 48");
        assertActive(pdf("5 0 obj << /Type /EmbeddedFile /Length 4 >>\nstream\nMZ..\nendstream\nendobj\n"),
                "/EmbeddedFile at byte");
        assertActive(pdf("6 0 obj << /Type /Annot /Subtype /RichMedia >> endobj\n"), "/RichMedia at byte");
    }

    @Test
    void decodesNamesAsAViewerDoes() {
        assertActive(catalog("/OpenAction << /S /J#61vaScript /J#53 (x) >>"), "/JavaScript at byte 66");
        assertActive(catalog("/OpenAction<</S/#4c#61unch/F(calc.exe)>>"), "/Launch at byte");
        assertActive(catalog("/#41A << /O 6 0 R >>"), "/AA at byte 48");
    }

    @Test
    void readsTheDictionariesInCompressedObjectStreams() throws IOException {
        byte[] objects = ascii("7 0 << /S /JavaScript /JS (app.alert(1)) >>");
        byte[] objectStream = concat(ascii("8 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\r\n"
                + "stream\r\n"), deflate(objects), ascii("\r\nendstream\nendobj\n"));
        assertActive(pdf(new String(objectStream, StandardCharsets.ISO_8859_1)),
                "/JavaScript in the object stream at byte 10");
        byte[] hex = ascii("8 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode >>\nstream\n"
                + "2F4A53>\nendstream\nendobj\n");
        assertRefused(refusal(concat(EvidenceSamples.pdf(), hex)), "the PDF's object stream at byte");
        assertThat(refusal(concat(EvidenceSamples.pdf(), hex)).getMessage())
                .contains("cannot be checked for script: it is encoded with ASCIIHexDecode");
        byte[] scrambled = ascii("8 0 obj << /Type /ObjStm /N 1 /First 4 >>\nstream\nnot zlib at all\nendstream\n"
                + "endobj\n");
        assertThat(refusal(concat(EvidenceSamples.pdf(), scrambled)).getMessage())
                .contains("cannot be checked for script: it cannot be inflated");
    }

    @Test
    void acceptsOrdinaryDocumentsWhoseDataHappensToHoldShortNames() throws IOException {
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        byte[] image = concat(ascii("9 0 obj << /Type /XObject /Subtype /Image /Length 4110 >>\nstream\n"), noise,
                ascii("/JS /AA "), noise, ascii("\nendstream\nendobj\n"));
        byte[] text = ascii("10 0 obj << /Length 60 >>\nstream\nBT /F1 12 Tf (JavaScript is off, (AA) too) Tj ET\n"
                + "endstream\nendobj\n");
        byte[] contents = concat(EvidenceSamples.pdf(), image, text, ascii("%%EOF\n"));
        assertThat(inspect(contents, EvidenceKind.DOCUMENT).mediaType()).isEqualTo("application/pdf");
        byte[] compressedContent = concat(ascii("11 0 obj << /Filter /FlateDecode >>\nstream\n"),
                deflate(ascii("/JavaScript")), ascii("\nendstream\nendobj\n"));
        assertThat(inspect(concat(EvidenceSamples.pdf(), compressedContent), EvidenceKind.DOCUMENT).mediaType())
                .isEqualTo("application/pdf");
    }

    @Test
    void refusesActiveContentInPdfsInsideArchives() {
        byte[] archive = ZipSamples.zip().deflated("receipt.pdf", catalog("/AA << /O 6 0 R >>")).bytes();
        assertRefused(refusal(archive, EvidenceKind.ARCHIVE),
                "archive entry 'receipt.pdf': the PDF carries active content (/AA at byte 48)");
    }

    private static byte[] catalog(String entries) {
        return ascii("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R " + entries + " >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    }

    private static byte[] pdf(String objects) {
        return concat(EvidenceSamples.pdf(), ascii(objects));
    }

    private static byte[] deflate(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            deflater.write(bytes);
        }
        return out.toByteArray();
    }

    private void assertActive(byte[] pdf, String found) {
        assertRefused(refusal(pdf), "the PDF carries active content (" + found);
        assertThat(refusal(pdf).getMessage()).endsWith("documents with JavaScript, launch actions, embedded files or"
                + " automatic actions are not accepted; print it to a new PDF and upload that");
    }

    private RuntimeException refusal(byte[] pdf) {
        return refusal(pdf, EvidenceKind.DOCUMENT);
    }

    private RuntimeException refusal(byte[] bytes, EvidenceKind kind) {
        return ContentInspectorTests.refusalIn(dir, inspector, bytes, kind);
    }

    private Inspection inspect(byte[] bytes, EvidenceKind kind) {
        return ContentInspectorTests.inspectIn(dir, inspector, bytes, kind);
    }
}
