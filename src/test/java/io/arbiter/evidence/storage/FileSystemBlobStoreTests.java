package io.arbiter.evidence.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.arbiter.support.Race;

class FileSystemBlobStoreTests extends BlobStoreContractTests {

    private Path root;

    @Override
    BlobStore newStore() throws Exception {
        root = Files.createDirectories(work.resolve("root"));
        return new FileSystemBlobStore(root);
    }

    /** Same length, same modification time: only the change time (and the bytes) tell. */
    @Override
    void tamper(String sha256, byte[] bytes) throws Exception {
        Path stored = ((FileSystemBlobStore) store).pathOf(sha256);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(stored);
        assertThat(stored.toFile().setWritable(true)).isTrue();
        Thread.sleep(20); // a change time a coarse clock can tell apart
        Files.write(stored, bytes);
        Files.setLastModifiedTime(stored, modified);
    }

    @Test
    void keepsEachBlobReadOnlyUnderTwoLevelsNamedFromItsHash() throws Exception {
        store.put(blob.sha256(), blob.path(), blob.size());

        String sha = blob.sha256();
        Path stored = root.resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
        assertThat(stored).isRegularFile().hasSameBinaryContentAs(blob.path());
        assertThat(Files.getPosixFilePermissions(stored)).as("nobody may write, not even the owner")
                .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_WRITE);
        assertThat(((FileSystemBlobStore) store).pathOf(sha)).isEqualTo(stored);
    }

    @Test
    void keepsAStagedFileOnTheSameFileSystemAsItIsInsteadOfCopyingIt() throws Exception {
        store.put(blob.sha256(), blob.path(), blob.size());

        Path stored = ((FileSystemBlobStore) store).pathOf(blob.sha256());
        assertThat(Files.isSameFile(stored, blob.path())).as("a second name of the staged file, not a copy").isTrue();
        Files.delete(blob.path());
        assertThat(TestBlobs.sha256Of(store.open(blob.sha256(), 0, -1))).as("the caller deleting its file")
                .isEqualTo(blob.sha256());
    }

    @Test
    void copiesTheFileASymbolicLinkPointsToRatherThanStoringTheLink() throws Exception {
        Path pointer = Files.createSymbolicLink(work.resolve("pointer"), blob.path());

        store.put(blob.sha256(), pointer, blob.size());

        Path stored = ((FileSystemBlobStore) store).pathOf(blob.sha256());
        assertThat(Files.isSymbolicLink(stored)).isFalse();
        assertThat(Files.isSameFile(stored, blob.path())).isFalse();
        Files.write(blob.path(), new byte[]{1, 2, 3});
        assertThat(TestBlobs.sha256Of(store.open(blob.sha256(), 0, -1))).as("later changes to the pointed-to file")
                .isEqualTo(blob.sha256());
    }

    @Test
    void leavesNoTemporaryFilesBehindAfterARace() throws Exception {
        Race.together(Collections.nCopies(8, () -> store.put(blob.sha256(), blob.path(), blob.size())));

        assertThat(allFiles()).containsExactly(((FileSystemBlobStore) store).pathOf(blob.sha256()));
    }

    @Test
    void leavesNoTemporaryFileWhenTheSourceIsShort() throws Exception {
        assertThatThrownBy(() -> store.put(blob.sha256(), blob.path(), blob.size() + 1))
                .isInstanceOf(IOException.class).hasMessageContaining("not the " + (blob.size() + 1));

        assertThat(allFiles()).isEmpty();
    }

    private List<Path> allFiles() throws Exception {
        try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
