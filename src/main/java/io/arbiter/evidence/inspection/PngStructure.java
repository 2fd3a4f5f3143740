package io.arbiter.evidence.inspection;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks a PNG chunk by chunk to its end chunk and on to the end of the file: takes the size from the header chunk,
 * copies out EXIF, XMP and the Software text, and scans every chunk (compressed image data as such) and whatever
 * follows the end for markup. A file that stops before its end chunk is refused as truncated.
 */
final class PngStructure {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final String XMP_KEYWORD = "XML:com.adobe.xmp";
    /** A Software text longer than this is not a program name; it is cut to keep the detail readable. */
    private static final int SOFTWARE_CHARS = 200;

    private final StructuredInput in;
    private final EmbeddedMetadata.Collector metadata;
    private final MarkupScanner text = MarkupScanner.everywhere();
    private final MarkupScanner compressed = MarkupScanner.inCompressedData();

    private PngStructure(InputStream stream, long metadataBudget) {
        this.in = new StructuredInput(stream, "PNG");
        this.metadata = new EmbeddedMetadata.Collector(metadataBudget);
    }

    static ImageHeader read(InputStream stream, long metadataBudget) {
        return new PngStructure(stream, metadataBudget).walk();
    }

    private ImageHeader walk() {
        if (!Arrays.equals(in.bytes(SIGNATURE.length), SIGNATURE)) {
            throw in.corrupt("it does not start with the PNG signature");
        }
        long width = -1;
        long height = -1;
        while (true) {
            long length = in.u32be();
            if (length > Integer.MAX_VALUE) {
                throw in.corrupt("a chunk declares a length of " + length);
            }
            String type = chunkType(in.bytes(4));
            if (width < 0 && !type.equals("IHDR")) {
                throw in.corrupt("the first chunk is " + type + ", not the header");
            }
            switch (type) {
                case "IHDR" -> {
                    if (width >= 0) {
                        throw in.corrupt("it has a second header chunk");
                    }
                    if (length < 8 || length > 64) {
                        throw in.corrupt("the header chunk is " + length + " bytes long");
                    }
                    byte[] header = in.bytes((int) length);
                    width = u32(header, 0);
                    height = u32(header, 4);
                    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                        throw in.corrupt("the header declares " + width + " x " + height + " pixels");
                    }
                }
                case "IDAT" -> in.scanRegion(length, compressed);
                case "IEND" -> {
                    in.scanRegion(length, text);
                    in.skip(4);
                    in.scanRest(text);
                    return new ImageHeader(width, height, metadata.collected());
                }
                case "eXIf", "tEXt", "iTXt" -> {
                    if (metadata.take(length)) {
                        byte[] data = in.bytes((int) length);
                        in.feed(text, data, 0, data.length, in.position() - length);
                        in.endRegion(text);
                        keep(type, data);
                    } else {
                        in.scanRegion(length, text);
                    }
                }
                default -> in.scanRegion(length, text);
            }
            in.skip(4);
        }
    }

    private String chunkType(byte[] type) {
        for (byte b : type) {
            if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))) {
                throw in.corrupt("a chunk type is not four letters");
            }
        }
        return new String(type, StandardCharsets.US_ASCII);
    }

    private void keep(String type, byte[] data) {
        if (type.equals("eXIf")) {
            metadata.exif(data);
            return;
        }
        int keywordEnd = indexOf(data, 0);
        if (keywordEnd < 0) {
            return;
        }
        String keyword = new String(data, 0, keywordEnd, StandardCharsets.ISO_8859_1);
        if (type.equals("tEXt") && keyword.equals("Software")) {
            String software = new String(data, keywordEnd + 1, data.length - keywordEnd - 1, StandardCharsets.ISO_8859_1);
            metadata.software(software.substring(0, Math.min(software.length(), SOFTWARE_CHARS)).trim());
        } else if (type.equals("iTXt") && keyword.equals(XMP_KEYWORD)) {
            // keyword, NUL, compression flag, compression method, language tag, NUL, translated keyword, NUL, text
            int flags = keywordEnd + 1;
            if (flags + 2 > data.length || data[flags] != 0) {
                return;
            }
            int languageEnd = indexOf(data, flags + 2);
            int translatedEnd = languageEnd < 0 ? -1 : indexOf(data, languageEnd + 1);
            if (translatedEnd >= 0) {
                metadata.xmp(Arrays.copyOfRange(data, translatedEnd + 1, data.length));
            }
        }
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static long u32(byte[] bytes, int at) {
        return ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }
}
