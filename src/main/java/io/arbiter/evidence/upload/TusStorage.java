package io.arbiter.evidence.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.disk.DiskStorageService;

/**
 * tus-java-server's disk storage, which also tells where a completed upload's bytes are, so that the evidence
 * service takes the file as it is instead of a second copy of a video of a gigabyte. The library only offers a
 * stream; the place is its disk layout ({@code <directory>/uploads/<upload id>/data}), which {@link #bytesOf}
 * checks on every use and {@code TusStorageTests} pins down.
 */
class TusStorage extends DiskStorageService {

    private final Path directory;

    TusStorage(Path directory) {
        super(directory.toString());
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The file holding the bytes of an upload that has received all of them. */
    Path bytesOf(UploadInfo upload) throws IOException {
        Path bytes = getStoragePath().resolve(upload.getId().toString()).resolve("data");
        if (!Files.isRegularFile(bytes) || Files.size(bytes) != upload.getLength()) {
            throw new IllegalStateException("tus-java-server no longer keeps the bytes of upload " + upload.getId()
                    + " at " + bytes + "; the storage layout of the library has changed");
        }
        return bytes;
    }
}
