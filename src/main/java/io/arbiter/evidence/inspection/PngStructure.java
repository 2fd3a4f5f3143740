package io.arbiter.evidence.inspection;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks a PNG chunk by chunk to its end chunk and on to the end of the file: takes the size from the header chunk,
 * copies out EXIF and the text chunks, and scans every chunk (compressed image data as such) and whatever follows
 * the end for markup. A file that stops before its end chunk is refused as truncated.
 *
 * <p>Hand-written because it runs before any library decodes the file: the pixel-flood limit needs the declared size
 * first, and the whole file is scanned for markup. What the text says (the Software text, XMP in an iTXt chunk) is
 * read by metadata-extractor from the chunks copied out here ({@link ImageMetadata}). Compressed text (zTXt, and
 * iTXt with its compression flag set) is scanned but not copied: metadata-extractor inflates it without a bound, so
 * the megabyte of the metadata budget could expand to a gigabyte.
 */
final class PngStructure {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

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
                    metadata.pngChunk(type, header);
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
        } else if (type.equals("tEXt") || !compressedText(data)) {
            metadata.pngChunk(type, data);
        }
    }

    /** An iTXt chunk's compression flag: keyword, NUL, then the flag. */
    private static boolean compressedText(byte[] iTXt) {
        int keywordEnd = indexOf(iTXt, 0);
        return keywordEnd < 0 || keywordEnd + 1 >= iTXt.length || iTXt[keywordEnd + 1] != 0;
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
