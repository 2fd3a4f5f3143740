package io.arbiter.evidence.inspection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Tells a file's media type from its first bytes with Tika's magic numbers, never from a name. Two answers Tika's
 * magic alone leaves too coarse are refined from the same bytes: an ISO base media file whose brand is MP4 (Tika
 * calls every unlisted brand QuickTime) and a Matroska file whose declared document type is WebM.
 */
final class ContentTypes {

    static final String JPEG = "image/jpeg";
    static final String PNG = "image/png";
    static final String WEBP = "image/webp";
    static final String HEIC = "image/heic";
    /** HEIF with the generic mif1 brand, as several Android phones write their HEIC photos. */
    static final String HEIF = "image/heif";
    static final String MP4 = "video/mp4";
    static final String QUICKTIME = "video/quicktime";
    static final String WEBM = "video/webm";
    static final String PDF = "application/pdf";
    static final String ZIP = "application/zip";

    static final Set<String> PHOTOS = Set.of(JPEG, PNG, WEBP, HEIC, HEIF);
    static final Set<String> VIDEOS = Set.of(MP4, QUICKTIME, WEBM);
    /** What an archive may hold: the media a piece of evidence may be on its own, archives excepted. */
    static final Set<String> ARCHIVE_MEMBERS = Set.of(JPEG, PNG, WEBP, HEIC, HEIF, MP4, QUICKTIME, WEBM, PDF);

    private static final Set<String> COMPRESSED_CONTAINERS = Set.of("application/gzip", "application/x-gzip",
            "application/x-bzip2", "application/x-xz", "application/x-7z-compressed", "application/x-rar-compressed",
            "application/vnd.rar", "application/x-tar", "application/zstd", "application/x-lzma", "application/x-compress",
            "application/x-lzip", "application/x-lz4", "application/x-archive", "application/x-cpio",
            "application/x-iso9660-image", "application/vnd.ms-cab-compressed", "application/x-apple-diskimage");

    private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41",
            "mp42", "avc1", "dash", "mmp4");

    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();

    /** How many leading bytes detection looks at; callers read this many (or the whole file if shorter). */
    static final int HEAD_BYTES = TIKA.getMinLength();

    private ContentTypes() {
    }

    static byte[] readHead(InputStream in) throws IOException {
        return in.readNBytes(HEAD_BYTES);
    }

    /** The media type of content starting with {@code head} (at most {@link #HEAD_BYTES} bytes). */
    static String detect(byte[] head) {
        String tika;
        try {
            tika = TIKA.detect(new ByteArrayInputStream(head), new Metadata()).getBaseType().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
        if (tika.equals("application/x-matroska")) {
            String docType = matroskaDocType(head);
            return "webm".equals(docType) ? WEBM : "matroska".equals(docType) ? "video/x-matroska" : tika;
        }
        if (tika.equals(QUICKTIME) && MP4_BRANDS.contains(isoMajorBrand(head))) {
            return MP4;
        }
        return tika;
    }

    /** True for ZIP and its many dialects (JAR, EPUB, OOXML), and for the other common archive and disk formats. */
    static boolean isArchive(String mediaType) {
        MediaType type = MediaType.parse(mediaType);
        return COMPRESSED_CONTAINERS.contains(mediaType)
                || (type != null && TIKA.getMediaTypeRegistry().isSpecializationOf(type, MediaType.APPLICATION_ZIP))
                || mediaType.equals(ZIP);
    }

    private static String isoMajorBrand(byte[] head) {
        if (head.length < 12 || !new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
            return null;
        }
        return new String(head, 8, 4, StandardCharsets.ISO_8859_1);
    }

    /**
     * The DocType of the EBML header that starts every Matroska file, or null when the header cannot be read from
     * the head. Element IDs keep their length marker bits, sizes drop them (RFC 8794).
     */
    private static String matroskaDocType(byte[] head) {
        int[] at = {4};
        long headerSize = readVint(head, at, true);
        if (headerSize < 0) {
            return null;
        }
        long end = Math.min(head.length, at[0] + headerSize);
        while (at[0] < end) {
            long id = readVint(head, at, false);
            long size = readVint(head, at, true);
            if (id < 0 || size < 0 || at[0] + size > end) {
                return null;
            }
            if (id == 0x4282) {
                return new String(head, at[0], (int) size, StandardCharsets.US_ASCII).replace("\0", "");
            }
            at[0] += (int) size;
        }
        return null;
    }

    private static long readVint(byte[] bytes, int[] at, boolean dropMarker) {
        if (at[0] >= bytes.length) {
            return -1;
        }
        int first = bytes[at[0]] & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || at[0] + length > bytes.length) {
            return -1;
        }
        long value = dropMarker ? first & (0xFF >> length) : first;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (bytes[at[0] + i] & 0xFF);
        }
        at[0] += length;
        return value;
    }
}
