package io.arbiter.evidence.inspection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.drew.lang.SequentialByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.photoshop.PhotoshopDirectory;
import com.drew.metadata.photoshop.PhotoshopReader;

/**
 * Reads the name of the program that wrote a file from the version info resource of Photoshop image resource blocks.
 * metadata-extractor splits the blocks, from memory, into resources (it records what it cannot read rather than
 * throwing); the version info it keeps as bytes, read here.
 */
final class PhotoshopResources {

    private PhotoshopResources() {
    }

    static List<String> writerNames(byte[] resources) {
        Metadata metadata = new Metadata();
        new PhotoshopReader().extract(new SequentialByteArrayReader(resources), resources.length, metadata);
        List<String> names = new ArrayList<>();
        for (PhotoshopDirectory directory : metadata.getDirectoriesOfType(PhotoshopDirectory.class)) {
            byte[] info = directory.getByteArray(PhotoshopDirectory.TAG_VERSION);
            if (info != null) {
                versionInfo(ByteBuffer.wrap(info), names);
            }
        }
        return names;
    }

    /**
     * Version (4 bytes), merged-data flag (1), the writer name as UTF-16 after its length in code units, then the
     * reader name and the file version, which are not needed.
     */
    private static void versionInfo(ByteBuffer info, List<String> names) {
        if (info.remaining() < 9) {
            return;
        }
        long units = info.getInt(5) & 0xFFFFFFFFL;
        if (units * 2 > info.remaining() - 9) {
            return;
        }
        byte[] text = new byte[(int) units * 2];
        info.get(9, text);
        names.add(new String(text, StandardCharsets.UTF_16BE).replace("\0", ""));
    }
}
