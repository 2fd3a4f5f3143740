package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Real HEIC photos made at test time with libheif's {@code heif-enc} (x265), from pictures drawn in Java: nothing
 * binary is kept in the repository. {@code heif-enc} 1.15 writes no rotation or mirror property (it ignores a JPEG's
 * EXIF orientation), so a phone's sideways photo is made by encoding the turned pixels and adding the {@code irot}
 * (and {@code imir}) property to the picture here, as phones write them.
 */
public final class HeifSamples {

    /** {@code heif-enc} and {@code heif-convert}, as Debian's libheif-examples installs them. */
    public static boolean installed() {
        return Stream.of("heif-enc", "heif-convert").allMatch(HeifSamples::onPath);
    }

    private HeifSamples() {
    }

    /** A HEIC of the picture as it stands. */
    public static byte[] heic(BufferedImage picture) {
        return encode(picture, 0);
    }

    /**
     * A HEIC of the picture with a thumbnail whose longer side is {@code thumbnailSide}, as phones store one beside
     * the picture (heif-enc's {@code --thumb}).
     */
    public static byte[] heicWithThumbnail(BufferedImage picture, int thumbnailSide) {
        return encode(picture, thumbnailSide);
    }

    /** As {@link #heic(BufferedImage, int, int)}, with a thumbnail that carries no turn of its own, as iPhones write. */
    public static byte[] heicWithThumbnail(BufferedImage stored, int thumbnailSide, int quarterTurnsAnticlockwise,
                                           int mirrorAxis) {
        return withTurns(encode(stored, thumbnailSide), quarterTurnsAnticlockwise, mirrorAxis);
    }

    /**
     * A HEIC whose pixels are {@code stored} and which asks viewers to turn them by {@code quarterTurnsAnticlockwise}
     * and then, when {@code mirrorAxis} is 0 or 1, to mirror them (HEIF's {@code imir} axis; -1 for none).
     */
    public static byte[] heic(BufferedImage stored, int quarterTurnsAnticlockwise, int mirrorAxis) {
        return withTurns(encode(stored, 0), quarterTurnsAnticlockwise, mirrorAxis);
    }

    /**
     * As {@link #heicWithThumbnail(BufferedImage, int, int, int)}, with a rotation property on the thumbnail too that
     * turns it by {@code thumbnailQuarterTurns}: a file whose thumbnail does not stand as its picture does.
     */
    public static byte[] heicWithTurnedThumbnail(BufferedImage stored, int thumbnailSide, int quarterTurnsAnticlockwise,
                                                 int thumbnailQuarterTurns) {
        byte[] heic = withTurns(encode(stored, thumbnailSide), quarterTurnsAnticlockwise, -1);
        return withProperties(heic, false, List.of(box("irot", new byte[] {(byte) (thumbnailQuarterTurns & 3)})));
    }

    /** The rotation (and mirror) properties added to the primary picture only. */
    private static byte[] withTurns(byte[] heic, int quarterTurnsAnticlockwise, int mirrorAxis) {
        List<byte[]> properties = new ArrayList<>();
        properties.add(box("irot", new byte[] {(byte) (quarterTurnsAnticlockwise & 3)}));
        if (mirrorAxis >= 0) {
            properties.add(box("imir", new byte[] {(byte) (mirrorAxis & 1)}));
        }
        return withProperties(heic, true, properties);
    }

    /** The HEIC with every byte of its coded picture (the media data box) overwritten: no decoder can read it. */
    public static byte[] damaged(byte[] heic) {
        byte[] damaged = heic.clone();
        List<byte[]> top = children(heic, 0, heic.length);
        int at = 0;
        for (byte[] box : top) {
            if (type(box).equals("mdat")) {
                Arrays.fill(damaged, at + 8, at + box.length, (byte) 0xFF);
            }
            at += box.length;
        }
        return damaged;
    }

    /** The picture turned a quarter clockwise, as a phone held sideways stores it. */
    public static BufferedImage turnedClockwise(BufferedImage picture) {
        BufferedImage turned = new BufferedImage(picture.getHeight(), picture.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                turned.setRGB(picture.getHeight() - 1 - y, x, picture.getRGB(x, y));
            }
        }
        return turned;
    }

    /** The picture mirrored left to right. */
    public static BufferedImage mirrored(BufferedImage picture) {
        BufferedImage mirrored = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                mirrored.setRGB(picture.getWidth() - 1 - x, y, picture.getRGB(x, y));
            }
        }
        return mirrored;
    }

    private static byte[] encode(BufferedImage picture, int thumbnailSide) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("heif-sample-");
            Path png = directory.resolve("picture.png");
            Path heic = directory.resolve("picture.heic");
            ImageIO.write(picture, "png", png.toFile());
            List<String> command = new ArrayList<>(List.of("heif-enc", "-q", "90"));
            if (thumbnailSide > 0) {
                command.addAll(List.of("-t", String.valueOf(thumbnailSide)));
            }
            command.addAll(List.of(png.toString(), "-o", heic.toString()));
            Process encoder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directory.resolve("log").toFile()).start();
            if (!encoder.waitFor(120, TimeUnit.SECONDS) || encoder.exitValue() != 0) {
                encoder.destroyForcibly();
                throw new IllegalStateException("heif-enc failed: " + Files.readString(directory.resolve("log")));
            }
            return Files.readAllBytes(heic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(file -> file.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory left behind harms no test
                }
            }
        }
    }

    /**
     * Adds item properties to the primary picture (or, with {@code toPrimary} false, to every other item) of a file
     * as heif-enc writes it (ftyp, meta, mdat): appended to the property container, associated (essential) with the
     * item, and every file offset in the item locations moved by what the metadata grew.
     */
    static byte[] withProperties(byte[] heif, boolean toPrimary, List<byte[]> properties) {
        List<byte[]> top = children(heif, 0, heif.length);
        byte[] meta = top.stream().filter(box -> type(box).equals("meta")).findFirst().orElseThrow();
        List<byte[]> metaChildren = children(meta, 12, meta.length);
        int primary = ByteBuffer.wrap(find(metaChildren, "pitm"), 12, 2).getShort() & 0xFFFF;
        byte[] iprp = find(metaChildren, "iprp");
        List<byte[]> iprpChildren = children(iprp, 8, iprp.length);
        byte[] ipco = find(iprpChildren, "ipco");
        List<byte[]> existing = children(ipco, 8, ipco.length);
        List<byte[]> grownProperties = new ArrayList<>(existing);
        grownProperties.addAll(properties);
        byte[] newIpco = box("ipco", concat(grownProperties));
        byte[] newIpma = associate(find(iprpChildren, "ipma"), id -> (id == primary) == toPrimary, existing.size() + 1,
                properties.size());
        byte[] newIprp = box("iprp", concat(iprpChildren.stream()
                .map(child -> type(child).equals("ipco") ? newIpco : type(child).equals("ipma") ? newIpma : child)
                .toList()));
        int grown = newIprp.length - iprp.length;
        List<byte[]> newMetaChildren = metaChildren.stream()
                .map(child -> type(child).equals("iprp") ? newIprp
                        : type(child).equals("iloc") ? moved(child, grown) : child).toList();
        byte[] newMeta = box("meta", concat(List.of(Arrays.copyOfRange(meta, 8, 12), concat(newMetaChildren))));
        return concat(top.stream().map(box -> type(box).equals("meta") ? newMeta : box).toList());
    }

    /** ipma with {@code count} more properties, from index {@code first}, essential, for the items chosen. */
    private static byte[] associate(byte[] ipma, IntPredicate chosen, int first, int count) {
        ByteBuffer in = ByteBuffer.wrap(ipma);
        int version = ipma[8];
        boolean wide = (ipma[11] & 1) != 0;
        in.position(12);
        int entries = in.getInt();
        ByteBuffer out = ByteBuffer.allocate(ipma.length + entries * count * 2);
        out.putInt(0).put(ipma, 4, 8).putInt(entries);
        for (int e = 0; e < entries; e++) {
            int id = version < 1 ? in.getShort() & 0xFFFF : in.getInt();
            int associations = in.get() & 0xFF;
            byte[] existing = new byte[associations * (wide ? 2 : 1)];
            in.get(existing);
            if (version < 1) {
                out.putShort((short) id);
            } else {
                out.putInt(id);
            }
            boolean item = chosen.test(id);
            out.put((byte) (associations + (item ? count : 0))).put(existing);
            for (int i = 0; item && i < count; i++) {
                if (wide) {
                    out.putShort((short) (0x8000 | (first + i)));
                } else {
                    out.put((byte) (0x80 | (first + i)));
                }
            }
        }
        byte[] bytes = Arrays.copyOf(out.array(), out.position());
        ByteBuffer.wrap(bytes).putInt(bytes.length);
        return bytes;
    }

    /** iloc with every file offset (base offsets, or extent offsets where there is none) moved by {@code by}. */
    private static byte[] moved(byte[] iloc, int by) {
        byte[] copy = iloc.clone();
        ByteBuffer in = ByteBuffer.wrap(copy);
        int version = copy[8];
        int offsetSize = (copy[12] >> 4) & 0xF;
        int lengthSize = copy[12] & 0xF;
        int baseSize = (copy[13] >> 4) & 0xF;
        int indexSize = version >= 1 ? copy[13] & 0xF : 0;
        in.position(14);
        int items = version < 2 ? in.getShort() & 0xFFFF : in.getInt();
        for (int i = 0; i < items; i++) {
            in.position(in.position() + (version < 2 ? 2 : 4));
            int method = version >= 1 ? in.getShort() & 0xF : 0;
            in.position(in.position() + 2);
            int base = in.position();
            in.position(base + baseSize);
            if (method == 0 && baseSize > 0) {
                add(copy, base, baseSize, by);
            }
            int extents = in.getShort() & 0xFFFF;
            for (int x = 0; x < extents; x++) {
                in.position(in.position() + indexSize);
                if (method == 0 && baseSize == 0) {
                    add(copy, in.position(), offsetSize, by);
                }
                in.position(in.position() + offsetSize + lengthSize);
            }
        }
        return copy;
    }

    private static void add(byte[] bytes, int at, int size, int by) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | (bytes[at + i] & 0xFF);
        }
        value += by;
        for (int i = size - 1; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static List<byte[]> children(byte[] bytes, int from, int to) {
        List<byte[]> boxes = new ArrayList<>();
        for (int at = from; at + 8 <= to; ) {
            int size = ByteBuffer.wrap(bytes, at, 4).getInt();
            boxes.add(Arrays.copyOfRange(bytes, at, at + size));
            at += size;
        }
        return boxes;
    }

    private static byte[] find(List<byte[]> boxes, String type) {
        return boxes.stream().filter(box -> type(box).equals(type)).findFirst().orElseThrow();
    }

    private static String type(byte[] box) {
        return new String(box, 4, 4, StandardCharsets.ISO_8859_1);
    }

    private static byte[] box(String type, byte[] payload) {
        return EvidenceSamples.box(type, payload);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteBuffer out = ByteBuffer.allocate(parts.stream().mapToInt(part -> part.length).sum());
        parts.forEach(out::put);
        return out.array();
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isBlank() && Files.isExecutable(Path.of(dir, name)));
    }
}
