package io.arbiter.evidence.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.drew.lang.SequentialByteArrayReader;
import com.drew.metadata.heif.boxes.Box;
import com.drew.metadata.heif.boxes.ItemInfoBox;
import com.drew.metadata.heif.boxes.ItemLocationBox;

/**
 * Walks a HEIC/HEIF file box by box to its end: reads the metadata box into memory (bounded) to find the image
 * sizes it declares, scans the media data box as compressed data and every other box as text, and copies out the
 * EXIF and XMP items on the way. A HEIC photo is a grid of tiles plus a thumbnail, each with its own size property;
 * the largest is the whole picture, and it is what a pixel flood would inflate.
 *
 * <p>Why this walk is hand-written although metadata-extractor reads HEIF: its {@code HeifMetadataReader} reads a
 * stream and allocates whatever length a box or an item location declares before reading it (a 100-byte file can
 * declare a 2 GB item), takes the first image size rather than the largest, and leaves XMP out. So the walk here
 * checks every length against the bytes that are there and the metadata budget, and only then lets
 * metadata-extractor's own item info and item location boxes read the item table, from memory.
 */
final class HeifStructure {

    private static final String EXIF_ITEM = "Exif";
    /** XMP is stored as a MIME item; other MIME content yields no XMP properties and is dropped by the reader. */
    private static final String MIME_ITEM = "mime";

    /** Where an EXIF or XMP item's bytes lie in the file. */
    private record Item(long offset, long length, boolean exif) {
    }

    private final StructuredInput in;
    private final long metadataBudget;
    private final EmbeddedMetadata.Collector metadata;
    private final MarkupScanner text = MarkupScanner.everywhere();
    private final MarkupScanner compressed = MarkupScanner.inCompressedData();
    private final List<Item> items = new ArrayList<>();
    private long width;
    private long height;
    private byte[] itemInfo;
    private byte[] itemLocations;

    private HeifStructure(InputStream stream, long metadataBudget) {
        this.in = new StructuredInput(stream, "HEIF");
        this.metadataBudget = metadataBudget;
        this.metadata = new EmbeddedMetadata.Collector(metadataBudget);
    }

    /**
     * The metadata box is read whatever the budget says, since the image size lives there; {@code metadataBudget}
     * bounds how large it may be, and how much of the EXIF and XMP items is kept.
     */
    static ImageHeader read(InputStream stream, long metadataBudget) {
        return new HeifStructure(stream, metadataBudget).walk();
    }

    private ImageHeader walk() {
        while (!in.atEnd()) {
            long size = in.u32be();
            String type = new String(in.bytes(4), StandardCharsets.ISO_8859_1);
            long headerLength = 8;
            if (size == 1) {
                size = in.u32be() << 32 | in.u32be();
                headerLength = 16;
            }
            boolean toEnd = size == 0;
            if (!toEnd && (size < headerLength)) {
                throw in.corrupt("the " + type + " box declares a size of " + size);
            }
            long payload = size - headerLength;
            if (type.equals("meta") && !toEnd) {
                if (payload > metadataBudget) {
                    throw in.corrupt("the metadata box is " + payload + " bytes long; at most " + metadataBudget
                            + " are read");
                }
                byte[] meta = in.bytes((int) payload);
                in.feed(text, meta, 0, meta.length, in.position() - payload);
                in.endRegion(text);
                // A full box: version and flags come before the children.
                readMetadataBox(meta, 4, meta.length, 0);
                locateItems();
            } else {
                MarkupScanner scanner = type.equals("mdat") ? compressed : text;
                long boxEnd = toEnd ? Long.MAX_VALUE : in.position() + payload;
                copyItems(boxEnd, scanner);
                if (toEnd) {
                    in.scanRest(scanner);
                } else {
                    in.scanRegion(boxEnd - in.position(), scanner);
                }
            }
        }
        if (width <= 0) {
            throw in.corrupt("its metadata declares no image size");
        }
        return new ImageHeader(width, height, metadata.collected());
    }

    /**
     * Looks through meta, then iprp, then ipco for ispe boxes, keeping the largest size declared, and keeps the item
     * info and item location boxes found in meta.
     */
    private void readMetadataBox(byte[] boxes, int from, int to, int depth) {
        int at = from;
        while (to - at >= 8) {
            int end = boxEnd(boxes, at, to, "a box inside the metadata");
            String type = new String(boxes, at + 4, 4, StandardCharsets.ISO_8859_1);
            int body = at + (u32(boxes, at) == 1 ? 16 : 8);
            if ((depth == 0 && type.equals("iprp")) || (depth == 1 && type.equals("ipco"))) {
                readMetadataBox(boxes, body, end, depth + 1);
            } else if (depth == 0 && type.equals("iinf")) {
                itemInfo = Arrays.copyOfRange(boxes, at, end);
            } else if (depth == 0 && type.equals("iloc")) {
                itemLocations = Arrays.copyOfRange(boxes, at, end);
            } else if (depth == 2 && type.equals("ispe") && end - body >= 12) {
                long boxWidth = u32(boxes, body + 4);
                long boxHeight = u32(boxes, body + 8);
                if (boxWidth == 0 || boxHeight == 0) {
                    throw in.corrupt("an image size property declares " + boxWidth + " x " + boxHeight + " pixels");
                }
                if (ImageHeader.pixels(boxWidth, boxHeight) > ImageHeader.pixels(width, height)) {
                    width = boxWidth;
                    height = boxHeight;
                }
            }
            at = end;
        }
    }

    /** Where the box at {@code at} ends, after checking that its declared size fits between its header and {@code to}. */
    private int boxEnd(byte[] boxes, int at, int to, String what) {
        long size = u32(boxes, at);
        int headerLength = 8;
        if (size == 1) {
            if (to - at < 16) {
                throw in.corrupt(what + " is cut short");
            }
            size = (u32(boxes, at + 8) << 32) | u32(boxes, at + 12);
            headerLength = 16;
        } else if (size == 0) {
            size = to - at;
        }
        if (size < headerLength || size > to - at) {
            throw in.corrupt(what + " declares a size of " + size);
        }
        return at + (int) size;
    }

    /**
     * Finds where the EXIF and MIME items lie. metadata-extractor reads the two boxes from memory, where every length
     * it allocates by is checked against the bytes there first. One case is checked here: an item location without
     * a length field takes no bytes, so a small table could repeat it billions of times.
     */
    private void locateItems() {
        if (itemInfo == null || itemLocations == null) {
            return;
        }
        int sizeFields = (u32(itemLocations, 0) == 1 ? 16 : 8) + 4;
        if (itemLocations.length <= sizeFields || (itemLocations[sizeFields] & 0x0F) == 0) {
            return;
        }
        try {
            SequentialByteArrayReader infoReader = new SequentialByteArrayReader(itemInfo);
            ItemInfoBox info = new ItemInfoBox(infoReader, new Box(infoReader));
            SequentialByteArrayReader locationReader = new SequentialByteArrayReader(itemLocations);
            ItemLocationBox locations = new ItemLocationBox(locationReader, new Box(locationReader));
            Map<Long, Long> extentsPerItem = locations.getExtents().stream()
                    .collect(Collectors.groupingBy(ItemLocationBox.Extent::getItemId, Collectors.counting()));
            for (ItemLocationBox.Extent extent : locations.getExtents()) {
                if (extentsPerItem.get(extent.getItemId()) > 1) {
                    // Cameras write metadata in one piece; an item in pieces is left unread rather than misread.
                    continue;
                }
                ItemInfoBox.ItemInfoEntry entry = info.getEntry(extent.getItemId());
                String itemType = entry == null ? null : entry.getItemType();
                if ((EXIF_ITEM.equals(itemType) || MIME_ITEM.equals(itemType)) && extent.getLength() > 0
                        && extent.getOffset() >= 0) {
                    items.add(new Item(extent.getOffset(), extent.getLength(), EXIF_ITEM.equals(itemType)));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw in.corrupt("its item table cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        items.sort(Comparator.comparingLong(Item::offset));
    }

    /**
     * Copies the items that lie inside the box being walked (which ends at {@code boxEnd}) into memory while the box
     * passes through the scanner. An item the walk has already passed, or one larger than what is left of the
     * budget, is not read.
     */
    private void copyItems(long boxEnd, MarkupScanner scanner) {
        for (Iterator<Item> pending = items.iterator(); pending.hasNext(); ) {
            Item item = pending.next();
            if (item.offset() < in.position()) {
                pending.remove();
                continue;
            }
            if (item.offset() > boxEnd - item.length()) {
                return;
            }
            pending.remove();
            if (!metadata.take(item.length())) {
                continue;
            }
            in.scan(item.offset() - in.position(), scanner);
            byte[] bytes = in.bytes((int) item.length());
            in.feed(scanner, bytes, 0, bytes.length, item.offset());
            if (scanner != text) {
                in.feed(text, bytes, 0, bytes.length, item.offset());
                in.endRegion(text);
            }
            keep(item, bytes);
        }
    }

    /** An EXIF item starts with the offset of the TIFF header after its own four bytes, past an "Exif\0\0" prefix. */
    private void keep(Item item, byte[] bytes) {
        if (!item.exif()) {
            metadata.xmp(bytes);
            return;
        }
        if (bytes.length >= 4) {
            long tiffStart = 4 + u32(bytes, 0);
            if (tiffStart + 8 <= bytes.length) {
                metadata.exif(Arrays.copyOfRange(bytes, (int) tiffStart, bytes.length));
            }
        }
    }

    private static long u32(byte[] bytes, int at) {
        return ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }
}
