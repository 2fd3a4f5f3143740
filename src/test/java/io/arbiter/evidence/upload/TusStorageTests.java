package io.arbiter.evidence.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UuidUploadIdFactory;

/**
 * Pins down the assumption that lets a completed upload be handed over without a copy: tus-java-server keeps
 * the bytes of an upload in one file, which {@link TusStorage#bytesOf} finds.
 */
class TusStorageTests {

    @TempDir
    Path directory;

    @Test
    void findsTheFileHoldingTheBytesTheLibraryStreams() throws Exception {
        TusStorage storage = storage();
        byte[] bytes = new byte[70_000];
        new Random(7).nextBytes(bytes);
        UploadInfo upload = new UploadInfo();
        upload.setLength((long) bytes.length);
        upload = storage.create(upload, "BUYER:b-1");
        storage.append(upload, new ByteArrayInputStream(bytes, 0, 30_000));
        upload = storage.append(upload, new ByteArrayInputStream(bytes, 30_000, 40_000));

        Path file = storage.bytesOf(upload);

        assertThat(file).startsWith(directory);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        try (InputStream streamed = storage.getUploadedBytes(upload.getId())) {
            assertThat(streamed.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void refusesAnUploadThatIsNotComplete() throws Exception {
        TusStorage storage = storage();
        UploadInfo upload = new UploadInfo();
        upload.setLength(100L);
        upload = storage.create(upload, "BUYER:b-1");
        UploadInfo partial = storage.append(upload, new ByteArrayInputStream(new byte[40]));

        assertThatThrownBy(() -> storage.bytesOf(partial)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storage layout");
    }

    private TusStorage storage() {
        TusStorage storage = new TusStorage(directory);
        storage.setIdFactory(new UuidUploadIdFactory());
        return storage;
    }
}
