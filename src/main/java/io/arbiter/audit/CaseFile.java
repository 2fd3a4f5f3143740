package io.arbiter.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.core.io.InputStreamSource;

import io.arbiter.common.CanonicalJson;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A case file ready to be written: its parts are hashed while they stream into the ZIP, and {@code manifest.json}
 * with every part's SHA-256 comes last.
 */
public final class CaseFile {

    static final String README = "README.txt";
    static final String HTML = "timeline.html";
    static final String PDF = "timeline.pdf";
    static final String CHAIN = "chain.json";
    static final String MANIFEST = "manifest.json";

    record Part(String path, InputStreamSource content) {
    }

    private final String fileName;
    private final Instant generatedAt;
    private final List<Part> parts;
    private final ObjectNode manifest;

    CaseFile(String fileName, Instant generatedAt, List<Part> parts, ObjectNode manifest) {
        this.fileName = fileName;
        this.generatedAt = generatedAt;
        this.parts = List.copyOf(parts);
        this.manifest = manifest;
    }

    public String fileName() {
        return fileName;
    }

    /** Writes the ZIP to the stream, which stays open. */
    public void writeTo(OutputStream out) throws IOException {
        // Finished, never closed: the caller owns the stream.
        ZipOutputStream zip = new ZipOutputStream(out);
        ObjectNode manifest = this.manifest.deepCopy();
        ArrayNode files = manifest.putArray("files");
        for (Part part : parts) {
            MessageDigest digest = CanonicalJson.digest();
            long bytes;
            zip.putNextEntry(entry(part.path()));
            try (InputStream in = part.content().getInputStream()) {
                DigestOutputStream hashing = new DigestOutputStream(zip, digest);
                bytes = in.transferTo(hashing);
            }
            zip.closeEntry();
            files.addObject().put("path", part.path()).put("bytes", bytes)
                    .put("sha256", HexFormat.of().formatHex(digest.digest()));
        }
        zip.putNextEntry(entry(MANIFEST));
        zip.write(CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    private ZipEntry entry(String path) {
        ZipEntry entry = new ZipEntry(path);
        entry.setTime(generatedAt.toEpochMilli());
        return entry;
    }
}
