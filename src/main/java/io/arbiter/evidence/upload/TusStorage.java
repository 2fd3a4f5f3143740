package io.arbiter.evidence.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import me.desair.tus.server.exception.UploadNotFoundException;
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
        Path bytes = dataOf(upload);
        if (!Files.isRegularFile(bytes) || Files.size(bytes) != upload.getLength()) {
            throw new IllegalStateException("tus-java-server no longer keeps the bytes of upload " + upload.getId()
                    + " at " + bytes + "; the storage layout of the library has changed");
        }
        return bytes;
    }

    /**
     * Makes the recorded offset that of the bytes on disk. The library writes the bytes of a PATCH first and their
     * new offset last, so a process killed in between leaves more bytes than its record says: the client would be
     * told to start over at the old offset, and the append that followed would fail. Bytes that complete the file
     * are kept but one, so that a PATCH still completes it and hands it over. Call only while holding the upload's
     * lock.
     */
    void recoverOffset(UploadInfo upload) throws IOException {
        Path bytes = dataOf(upload);
        if (!upload.isUploadInProgress() || !Files.isRegularFile(bytes)) {
            return;
        }
        long onDisk = Files.size(bytes);
        if (onDisk == upload.getOffset()) {
            return;
        }
        try {
            if (onDisk >= upload.getLength()) {
                upload.setOffset(upload.getLength());
                removeLastNumberOfBytes(upload, onDisk - upload.getLength() + 1);
            } else {
                upload.setOffset(onDisk);
                update(upload);
            }
        } catch (UploadNotFoundException e) {
            // Terminated meanwhile: nothing to recover.
        }
    }

    private Path dataOf(UploadInfo upload) {
        return getStoragePath().resolve(upload.getId().toString()).resolve("data");
    }
}
