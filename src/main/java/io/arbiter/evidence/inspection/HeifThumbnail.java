package io.arbiter.evidence.inspection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.arbiter.evidence.inspection.HeifPictureFile.Property;

/**
 * The thumbnail a phone stores in a HEIC beside its picture (an iPhone's is 320 x 240 or more, next to a grid of
 * 512 x 512 tiles), written out as a HEIF file of its own whose only picture it is, so that {@code heif-convert}
 * decodes some thousands of pixels instead of millions. The picture's rotation and mirror properties go with it:
 * phones code the thumbnail as the picture is stored, sideways for a portrait, and do not always repeat them on it.
 *
 * <p>Only a plain HEVC thumbnail whose stored shape is the picture's is taken, and none when the file crops either
 * one ({@code clap}) or gives the thumbnail turns of its own that differ from the picture's: the caller then decodes
 * the whole picture. The file is parsed here only far enough to copy boxes; a table that does not read as declared
 * gives no thumbnail rather than an error (the whole decode then judges the file). Its pixels are not compared with
 * the picture's, which would take the decoding this saves: a file crafted with a thumbnail of another picture is
 * fingerprinted as that picture (and agents see that thumbnail too).
 *
 * <p>Why the item tables are read by hand here although {@link HeifStructure} lets metadata-extractor read them:
 * its {@code ItemLocationBox} keeps one construction method and base offset for the whole table (the last item's)
 * and no base offset in its extents, which copying an item's bytes needs, and the library reads neither the item
 * references ({@code iref}, where {@code thmb} links a thumbnail to its picture) nor the property associations
 * ({@code ipma}). ({@link HeifStructure}, which copies only EXIF and XMP items, leaves base offsets out too.)
 */
final class HeifThumbnail {

    /** A metadata box larger than this is not read for a thumbnail (the whole picture is decoded instead). */
    private static final int METADATA_LIMIT = 1024 * 1024;
    /** The thumbnail's coded bytes are copied through memory; a phone's are a few tens of kilobytes. */
    private static final long CODED_LIMIT = 4L * 1024 * 1024;
    private static final List<String> TURNS = List.of("irot", "imir");

    private final int storedWidth;
    private final int storedHeight;
    private final boolean sideways;
    private final byte[] file;

    private HeifThumbnail(int storedWidth, int storedHeight, boolean sideways, byte[] file) {
        this.storedWidth = storedWidth;
        this.storedHeight = storedHeight;
        this.sideways = sideways;
        this.file = file;
    }

    /** Width of the thumbnail once turned as the picture is. */
    int uprightWidth() {
        return sideways ? storedHeight : storedWidth;
    }

    int uprightHeight() {
        return sideways ? storedWidth : storedHeight;
    }

    /** Writes the thumbnail as a HEIF file whose primary picture it is. */
    void write(Path target) throws IOException {
        Files.write(target, file);
    }

    /**
     * The largest thumbnail of the HEIC's picture whose shorter side is at least {@code minShortSide} and longer side
     * at least {@code minLongSide}, when there is one whose shape and turns agree with the picture's.
     */
    static Optional<HeifThumbnail> find(Path heif, int minShortSide, int minLongSide) throws IOException {
        try (FileChannel channel = FileChannel.open(heif, StandardOpenOption.READ)) {
            Optional<ByteBuffer> meta = metadataBox(channel);
            if (meta.isEmpty()) {
                return Optional.empty();
            }
            Optional<Chosen> chosen = new Items(meta.get()).thumbnail(minShortSide, minLongSide);
            return chosen.isEmpty() ? Optional.empty() : chosen.get().extract(channel);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException unreadable) {
            return Optional.empty();
        }
    }

    /** The payload of the top-level metadata box (after its version and flags). */
    private static Optional<ByteBuffer> metadataBox(FileChannel channel) throws IOException {
        long at = 0;
        long end = channel.size();
        while (end - at >= 8) {
            ByteBuffer header = read(channel, at, 16 <= end - at ? 16 : 8);
            long size = header.getInt(0) & 0xFFFFFFFFL;
            String type = fourCc(header, 4);
            int headerLength = 8;
            if (size == 1 && header.limit() == 16) {
                size = header.getLong(8);
                headerLength = 16;
            } else if (size == 0) {
                size = end - at;
            }
            if (size < headerLength || size > end - at) {
                return Optional.empty();
            }
            if (type.equals("meta")) {
                long payload = size - headerLength - 4;
                if (payload < 0 || payload > METADATA_LIMIT) {
                    return Optional.empty();
                }
                return Optional.of(read(channel, at + headerLength + 4, (int) payload));
            }
            at += size;
        }
        return Optional.empty();
    }

    private static ByteBuffer read(FileChannel channel, long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new IllegalArgumentException("the file ends inside a box");
            }
        }
        return buffer.flip();
    }

    private static String fourCc(ByteBuffer buffer, int at) {
        byte[] bytes = new byte[4];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Where an item's coded bytes lie in the file. */
    private record Extent(long offset, long length) {
    }

    /** A thumbnail chosen, with what is needed to write it out. */
    private record Chosen(int width, int height, boolean sideways, List<Property> properties, List<Extent> extents) {

        Optional<HeifThumbnail> extract(FileChannel channel) throws IOException {
            long total = extents.stream().mapToLong(Extent::length).sum();
            if (total <= 0 || total > CODED_LIMIT) {
                return Optional.empty();
            }
            ByteArrayOutputStream coded = new ByteArrayOutputStream((int) total);
            for (Extent extent : extents) {
                if (extent.offset() < 0 || extent.offset() > channel.size() - extent.length()) {
                    return Optional.empty();
                }
                coded.write(read(channel, extent.offset(), (int) extent.length()).array());
            }
            return Optional.of(new HeifThumbnail(width, height, sideways,
                    HeifPictureFile.singlePicture(properties, coded.toByteArray())));
        }
    }

    /** The item tables of the metadata box, read as far as choosing a thumbnail needs. */
    private static final class Items {

        private long primary = -1;
        private final Map<Long, String> itemTypes = new HashMap<>();
        /** Thumbnail item to the item it is a thumbnail of. */
        private final Map<Long, List<Long>> thumbnailOf = new HashMap<>();
        private final Map<Long, List<Extent>> extents = new HashMap<>();
        private final Map<Long, List<Property>> properties = new HashMap<>();
        private final List<byte[]> propertyBoxes = new ArrayList<>();

        Items(ByteBuffer meta) {
            for (Box box : Box.children(meta)) {
                ByteBuffer body = box.body();
                switch (box.type()) {
                    case "pitm" -> primary = fullBoxVersion(body) == 0 ? u16(body) : u32(body);
                    case "iinf" -> readItemInfo(body);
                    case "iref" -> readReferences(body);
                    case "iloc" -> readLocations(body);
                    case "iprp" -> readProperties(body);
                    default -> {
                    }
                }
            }
        }

        Optional<Chosen> thumbnail(int minShortSide, int minLongSide) {
            List<Property> primaryProperties = properties.getOrDefault(primary, List.of());
            Optional<int[]> primarySize = size(primaryProperties);
            if (primarySize.isEmpty() || has(primaryProperties, "clap")) {
                return Optional.empty();
            }
            List<Property> primaryTurns = primaryProperties.stream().filter(p -> TURNS.contains(p.type())).toList();
            Chosen best = null;
            for (Map.Entry<Long, List<Long>> entry : thumbnailOf.entrySet()) {
                List<Property> own = properties.getOrDefault(entry.getKey(), List.of());
                Optional<int[]> size = size(own);
                if (!entry.getValue().contains(primary) || !"hvc1".equals(itemTypes.get(entry.getKey()))
                        || size.isEmpty() || has(own, "clap") || !has(own, "hvcC")
                        || !sameTurns(own, primaryTurns) || !sameShape(size.get(), primarySize.get())) {
                    continue;
                }
                int width = size.get()[0];
                int height = size.get()[1];
                List<Extent> coded = extents.get(entry.getKey());
                if (Math.min(width, height) < minShortSide || Math.max(width, height) < minLongSide || coded == null
                        || (best != null && (long) width * height <= (long) best.width() * best.height())) {
                    continue;
                }
                List<Property> kept = new ArrayList<>(own.stream().filter(p -> !TURNS.contains(p.type())).toList());
                kept.addAll(primaryTurns.stream().map(p -> new Property(p.type(), p.box(), true)).toList());
                best = new Chosen(width, height, quarterTurns(primaryTurns) % 2 == 1, kept, coded);
            }
            return Optional.ofNullable(best);
        }

        /** Either the thumbnail repeats the picture's turns exactly, or it has none and takes the picture's. */
        private static boolean sameTurns(List<Property> thumbnail, List<Property> primaryTurns) {
            List<Property> own = thumbnail.stream().filter(p -> TURNS.contains(p.type())).toList();
            if (own.isEmpty()) {
                return true;
            }
            if (own.size() != primaryTurns.size()) {
                return false;
            }
            for (int i = 0; i < own.size(); i++) {
                if (!Arrays.equals(own.get(i).box(), primaryTurns.get(i).box())) {
                    return false;
                }
            }
            return true;
        }

        /** The same width to height as the picture, to within a pixel of the thumbnail either way. */
        private static boolean sameShape(int[] thumbnail, int[] picture) {
            long crossed = Math.abs((long) thumbnail[0] * picture[1] - (long) thumbnail[1] * picture[0]);
            return crossed <= Math.max(picture[0], picture[1]);
        }

        private static int quarterTurns(List<Property> turns) {
            return turns.stream().filter(p -> p.type().equals("irot")).mapToInt(p -> p.box()[8] & 3).findFirst()
                    .orElse(0);
        }

        private static boolean has(List<Property> list, String type) {
            return list.stream().anyMatch(p -> p.type().equals(type));
        }

        private static Optional<int[]> size(List<Property> list) {
            return list.stream().filter(p -> p.type().equals("ispe") && p.box().length >= 20).findFirst()
                    .map(p -> ByteBuffer.wrap(p.box()))
                    .map(b -> new int[] {b.getInt(12), b.getInt(16)})
                    .filter(s -> s[0] > 0 && s[1] > 0);
        }

        private void readItemInfo(ByteBuffer body) {
            int version = fullBoxVersion(body);
            long count = version == 0 ? u16(body) : u32(body);
            List<Box> entries = Box.children(body.slice());
            for (int i = 0; i < Math.min(count, entries.size()); i++) {
                ByteBuffer infe = entries.get(i).body();
                int infeVersion = fullBoxVersion(infe);
                if (infeVersion < 2) {
                    continue;
                }
                long id = infeVersion == 2 ? u16(infe) : u32(infe);
                u16(infe);
                itemTypes.put(id, fourCc(infe, infe.position()));
            }
        }

        private void readReferences(ByteBuffer body) {
            int version = fullBoxVersion(body);
            for (Box reference : Box.children(body.slice())) {
                if (!reference.type().equals("thmb")) {
                    continue;
                }
                ByteBuffer in = reference.body();
                long from = version == 0 ? u16(in) : u32(in);
                int count = u16(in);
                for (int i = 0; i < count; i++) {
                    thumbnailOf.computeIfAbsent(from, k -> new ArrayList<>()).add(version == 0 ? u16(in) : u32(in));
                }
            }
        }

        /** Only items stored in this file's bytes (construction method 0, no data reference) are located. */
        private void readLocations(ByteBuffer in) {
            int version = fullBoxVersion(in);
            int sizes = in.get() & 0xFF;
            int offsetSize = sizes >> 4;
            int lengthSize = sizes & 0xF;
            int more = in.get() & 0xFF;
            int baseSize = more >> 4;
            int indexSize = version >= 1 ? more & 0xF : 0;
            long count = version < 2 ? u16(in) : u32(in);
            for (long i = 0; i < count; i++) {
                long id = version < 2 ? u16(in) : u32(in);
                int method = version >= 1 ? u16(in) & 0xF : 0;
                int reference = u16(in);
                long base = number(in, baseSize);
                int extentCount = u16(in);
                List<Extent> list = new ArrayList<>(extentCount);
                for (int e = 0; e < extentCount; e++) {
                    number(in, indexSize);
                    long offset = number(in, offsetSize);
                    long length = number(in, lengthSize);
                    list.add(new Extent(base + offset, length));
                }
                if (method == 0 && reference == 0 && lengthSize > 0) {
                    extents.put(id, list);
                }
            }
        }

        private void readProperties(ByteBuffer iprp) {
            for (Box box : Box.children(iprp)) {
                if (box.type().equals("ipco")) {
                    Box.children(box.body()).forEach(property -> propertyBoxes.add(property.bytes()));
                } else if (box.type().equals("ipma")) {
                    readAssociations(box.body());
                }
            }
        }

        private void readAssociations(ByteBuffer in) {
            int version = in.get() & 0xFF;
            boolean wide = (in.getShort(in.position() + 1) & 1) != 0;
            in.position(in.position() + 3);
            long entries = u32(in);
            for (long e = 0; e < entries; e++) {
                long id = version < 1 ? u16(in) : u32(in);
                int count = in.get() & 0xFF;
                List<Property> list = new ArrayList<>(count);
                for (int a = 0; a < count; a++) {
                    int value = wide ? u16(in) : in.get() & 0xFF;
                    int index = wide ? value & 0x7FFF : value & 0x7F;
                    boolean essential = (value & (wide ? 0x8000 : 0x80)) != 0;
                    if (index > 0 && index <= propertyBoxes.size()) {
                        byte[] box = propertyBoxes.get(index - 1);
                        list.add(new Property(fourCc(ByteBuffer.wrap(box), 4), box, essential));
                    }
                }
                properties.put(id, list);
            }
        }

        private static int fullBoxVersion(ByteBuffer body) {
            int version = body.get() & 0xFF;
            body.position(body.position() + 3);
            return version;
        }

        private static int u16(ByteBuffer in) {
            return in.getShort() & 0xFFFF;
        }

        private static long u32(ByteBuffer in) {
            return in.getInt() & 0xFFFFFFFFL;
        }

        private static long number(ByteBuffer in, int size) {
            return switch (size) {
                case 0 -> 0;
                case 4 -> u32(in);
                case 8 -> in.getLong();
                default -> throw new IllegalArgumentException("a field of " + size + " bytes");
            };
        }
    }

    /** A box inside a buffer: its type and its whole bytes (header included). */
    private record Box(String type, ByteBuffer whole, int headerLength) {

        ByteBuffer body() {
            return whole.duplicate().position(headerLength).slice();
        }

        byte[] bytes() {
            byte[] bytes = new byte[whole.limit()];
            whole.get(0, bytes);
            return bytes;
        }

        /** The boxes from the buffer's position to its limit; a box whose size does not fit ends the list. */
        static List<Box> children(ByteBuffer buffer) {
            List<Box> boxes = new ArrayList<>();
            int at = buffer.position();
            while (buffer.limit() - at >= 8) {
                long size = buffer.getInt(at) & 0xFFFFFFFFL;
                if (size < 8 || size > buffer.limit() - at) {
                    break;
                }
                boxes.add(new Box(fourCc(buffer, at + 4), buffer.slice(at, (int) size), 8));
                at += (int) size;
            }
            return boxes;
        }
    }
}
