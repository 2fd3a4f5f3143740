package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import io.arbiter.common.Sha256;

/** Files of reproducible pseudo-random bytes, written and hashed in chunks so that none is held whole in memory. */
final class TestBlobs {

    private static final int CHUNK = 64 * 1024;

    private TestBlobs() {
    }

    /** Writes {@code size} bytes drawn from {@code seed} and returns the file with its SHA-256. */
    static StagedFile write(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        MessageDigest digest = Sha256.newDigest();
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += CHUNK) {
                int n = (int) Math.min(CHUNK, size - written);
                random.nextBytes(chunk);
                digest.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
        return new StagedFile(file, HexFormat.of().formatHex(digest.digest()), size);
    }

    /** The bytes of a file's range, read independently of the code under test. */
    static byte[] range(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, Math.min(length, in.length() - offset))];
            in.seek(offset);
            in.readFully(bytes);
            return bytes;
        }
    }

    /** Hashes a stream to its end, the way sha256sum would hash the same bytes. */
    static String sha256Of(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = Sha256.newDigest();
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
