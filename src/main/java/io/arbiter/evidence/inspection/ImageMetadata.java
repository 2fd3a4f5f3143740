package io.arbiter.evidence.inspection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import com.drew.imaging.png.PngProcessingException;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.KeyValuePair;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import com.drew.metadata.xmp.XmpReader;

/**
 * Reads the EXIF and XMP blocks and PNG text chunks an image carries (with metadata-extractor, from memory only) and
 * the Photoshop version info into the capture time and camera fields of {@link ImageFacts} and the {@link IntegritySignal}s an agent should see.
 *
 * <p>EXIF times carry no zone. The capture time uses OffsetTimeOriginal when the camera wrote it, and is otherwise
 * read as UTC: it may then be off by the camera's zone offset (up to 14 hours either way), which whoever compares it
 * with the order or upload time must allow for; {@link Findings#capturedAtZoned} tells which.
 */
final class ImageMetadata {

    /** Names in Software or CreatorTool fields that only image editors write (compared in lower case). */
    private static final List<String> EDITORS = List.of("photoshop", "gimp", "lightroom", "snapseed", "picsart",
            "affinity", "pixelmator", "canva", "paint.net", "photopea", "facetune", "fotor", "luminar", "imageready",
            "photoscape", "befunky", "polarr", "vsco", "meitu", "photodirector", "paintshop", "darktable",
            "rawtherapee");
    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Duration SAVE_DELAY_TOLERATED = Duration.ofMinutes(1);
    /** DCF cameras write a 160 x 120 thumbnail whatever the picture's shape, letterboxing the rest. */
    private static final long DCF_THUMBNAIL_WIDTH = 160;
    private static final long DCF_THUMBNAIL_HEIGHT = 120;
    private static final double THUMBNAIL_SHAPE_TOLERANCE = 0.05;
    private static final int JPEG_COMPRESSION = 6;
    /** A Software text longer than this is not a program name; it is cut to keep the detail readable. */
    private static final int SOFTWARE_CHARS = 200;

    private record Named(String where, String value) {
    }

    /** {@code capturedAtZoned}: the camera wrote the offset of its clock; otherwise capturedAt is read as UTC. */
    record Findings(Instant capturedAt, boolean capturedAtZoned, String software, String cameraMake,
                    String cameraModel, int orientation, List<IntegritySignal> signals) {
    }

    private final List<Metadata> blocks = new ArrayList<>();
    private final List<byte[]> exifBlocks;
    private final List<byte[]> photoshopBlocks;
    private final String pngSoftware;
    private final List<IntegritySignal> signals = new ArrayList<>();
    private boolean capturedAtZoned;

    private ImageMetadata(EmbeddedMetadata embedded) {
        this.exifBlocks = embedded.exif();
        this.photoshopBlocks = embedded.photoshop();
        for (byte[] tiff : embedded.exif()) {
            Metadata metadata = new Metadata();
            new ExifReader().extract(new ByteArrayReader(tiff), metadata, 0);
            blocks.add(metadata);
        }
        for (byte[] packet : embedded.xmp()) {
            Metadata metadata = new Metadata();
            new XmpReader().extract(packet, metadata);
            blocks.add(metadata);
        }
        if (embedded.pngText() != null) {
            // Its iTXt XMP lands in an XmpDirectory beside the other blocks'.
            blocks.add(pngText(embedded.pngText()));
        }
        this.pngSoftware = directories(PngDirectory.class)
                .flatMap(d -> textualData(d).stream())
                .filter(text -> text.getKey().equals("Software"))
                .map(text -> text.getValue().toString())
                .map(software -> software.substring(0, Math.min(software.length(), SOFTWARE_CHARS)).trim())
                .findFirst().orElse(null);
    }

    private static Metadata pngText(byte[] png) {
        try {
            return PngMetadataReader.readMetadata(new ByteArrayInputStream(png));
        } catch (PngProcessingException | IOException e) {
            throw new IllegalArgumentException("the PNG text chunks cannot be read: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<KeyValuePair> textualData(PngDirectory directory) {
        Object pairs = directory.getObject(PngDirectory.TAG_TEXTUAL_DATA);
        return pairs instanceof List<?> list ? (List<KeyValuePair>) list : List.of();
    }

    /**
     * The EXIF orientation (1 to 8: how the stored pixels must be turned to stand upright), 1 when absent. Throws
     * like {@link #read}.
     */
    static int orientation(EmbeddedMetadata embedded) {
        return new ImageMetadata(embedded).orientation();
    }

    private int orientation() {
        return directories(ExifIFD0Directory.class)
                .map(d -> d.getInteger(ExifDirectoryBase.TAG_ORIENTATION))
                .filter(o -> o != null && o >= 1 && o <= 8)
                .findFirst().orElse(1);
    }

    /** Throws whatever metadata-extractor throws on blocks it cannot read; the caller decides what that means. */
    static Findings read(EmbeddedMetadata embedded, long width, long height) {
        return new ImageMetadata(embedded).findings(width, height);
    }

    private Findings findings(long width, long height) {
        Map<String, String> makes = cameraField(ExifDirectoryBase.TAG_MAKE, "Make");
        Map<String, String> models = cameraField(ExifDirectoryBase.TAG_MODEL, "Model");
        String exifSoftware = first(directories(ExifIFD0Directory.class), d -> d.getString(ExifDirectoryBase.TAG_SOFTWARE));
        List<String> creatorTools = xmpValues("CreatorTool");

        editingSoftware(exifSoftware, creatorTools);
        cameraMismatch(makes, models);
        thumbnailShape(width, height);
        Instant capturedAt = captureTimes();

        List<String> softwareNames = new ArrayList<>();
        softwareNames.add(exifSoftware);
        softwareNames.addAll(creatorTools);
        softwareNames.add(pngSoftware);
        String software = softwareNames.stream().filter(ImageMetadata::hasText).findFirst().orElse(null);
        return new Findings(capturedAt, capturedAtZoned, software, makes.values().stream().findFirst().orElse(null),
                models.values().stream().findFirst().orElse(null), orientation(), List.copyOf(signals));
    }

    private void editingSoftware(String exifSoftware, List<String> creatorTools) {
        List<Named> named = new ArrayList<>();
        named.add(new Named("EXIF Software", exifSoftware));
        creatorTools.forEach(tool -> named.add(new Named("XMP CreatorTool", tool)));
        xmpValues("softwareAgent").forEach(agent -> named.add(new Named("the XMP editing history", agent)));
        photoshopBlocks.forEach(resources -> PhotoshopResources.writerNames(resources)
                .forEach(name -> named.add(new Named("Photoshop version info", name))));
        named.add(new Named("PNG Software", pngSoftware));
        Set<String> reported = new HashSet<>();
        for (Named software : named) {
            if (hasText(software.value()) && isEditor(software.value()) && reported.add(software.value().trim())) {
                signals.add(new IntegritySignal(IntegritySignal.EDITING_SOFTWARE,
                        software.where() + " names " + software.value().trim() + ", an image editor"));
            }
        }
    }

    private void cameraMismatch(Map<String, String> makes, Map<String, String> models) {
        differs("make", makes);
        differs("model", models);
        if (!models.isEmpty() && makes.isEmpty()) {
            signals.add(new IntegritySignal(IntegritySignal.CAMERA_FIELDS_MISMATCH, "a camera model ("
                    + models.values().iterator().next() + ") is given without a camera make"));
        }
    }

    private void differs(String field, Map<String, String> values) {
        if (values.size() > 1) {
            signals.add(new IntegritySignal(IntegritySignal.CAMERA_FIELDS_MISMATCH, "the camera " + field
                    + " differs between metadata blocks: " + String.join(" / ", values.values())));
        }
    }

    /**
     * An editor that crops or rotates the picture but copies the camera's EXIF keeps the old thumbnail, whose shape
     * then no longer matches.
     */
    private void thumbnailShape(long width, long height) {
        for (int i = 0; i < exifBlocks.size(); i++) {
            byte[] tiff = exifBlocks.get(i);
            for (ExifThumbnailDirectory thumbnail : blocks.get(i).getDirectoriesOfType(ExifThumbnailDirectory.class)) {
                long[] size = thumbnailSize(tiff, thumbnail);
                if (size != null && shapesDiffer(width, height, size[0], size[1])) {
                    signals.add(new IntegritySignal(IntegritySignal.CAMERA_FIELDS_MISMATCH, "the embedded thumbnail is "
                            + size[0] + " x " + size[1] + " but the image is " + width + " x " + height));
                    return;
                }
            }
        }
    }

    private static long[] thumbnailSize(byte[] tiff, ExifThumbnailDirectory thumbnail) {
        Integer offset = thumbnail.getInteger(ExifThumbnailDirectory.TAG_THUMBNAIL_OFFSET);
        Integer length = thumbnail.getInteger(ExifThumbnailDirectory.TAG_THUMBNAIL_LENGTH);
        Integer compression = thumbnail.getInteger(ExifThumbnailDirectory.TAG_THUMBNAIL_COMPRESSION);
        if (offset == null || length == null || offset < 0 || length <= 0 || (long) offset + length > tiff.length
                || (compression != null && compression != JPEG_COMPRESSION)) {
            return null;
        }
        return JpegStructure.frameSize(Arrays.copyOfRange(tiff, offset, offset + length));
    }

    private static boolean shapesDiffer(long width, long height, long thumbWidth, long thumbHeight) {
        boolean landscape = width >= height;
        boolean thumbLandscape = thumbWidth >= thumbHeight;
        if (thumbWidth == DCF_THUMBNAIL_WIDTH && thumbHeight == DCF_THUMBNAIL_HEIGHT) {
            return landscape != thumbLandscape && width != height;
        }
        double aspect = (double) width / height;
        double thumbAspect = (double) thumbWidth / thumbHeight;
        return Math.abs(thumbAspect - aspect) / aspect > THUMBNAIL_SHAPE_TOLERANCE;
    }

    private Instant captureTimes() {
        ExifSubIFDDirectory exif = directories(ExifSubIFDDirectory.class)
                .filter(d -> d.containsTag(ExifDirectoryBase.TAG_DATETIME_ORIGINAL)).findFirst().orElse(null);
        if (exif == null) {
            return null;
        }
        LocalDateTime original = localTime(exif.getString(ExifDirectoryBase.TAG_DATETIME_ORIGINAL));
        if (original == null) {
            return null;
        }
        ZoneOffset originalOffset = offset(exif.getString(ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL));
        LocalDateTime saved = localTime(first(directories(ExifIFD0Directory.class),
                d -> d.getString(ExifDirectoryBase.TAG_DATETIME)));
        if (saved != null) {
            ZoneOffset savedOffset = offset(exif.getString(ExifDirectoryBase.TAG_TIME_ZONE));
            // Without both offsets the two times are read on the same camera clock.
            Duration later = originalOffset != null && savedOffset != null
                    ? Duration.between(original.toInstant(originalOffset), saved.toInstant(savedOffset))
                    : Duration.between(original, saved);
            if (later.compareTo(SAVE_DELAY_TOLERATED) > 0) {
                signals.add(new IntegritySignal(IntegritySignal.MODIFIED_AFTER_CAPTURE, "EXIF says the file was saved at "
                        + saved + ", " + describe(later) + " after the photo was taken at " + original));
            }
        }
        capturedAtZoned = originalOffset != null;
        return original.toInstant(originalOffset != null ? originalOffset : ZoneOffset.UTC);
    }

    /** Make or model by where it was found, one entry per distinct value (compared ignoring case and spacing). */
    private Map<String, String> cameraField(int exifTag, String xmpName) {
        Map<String, String> byNormalForm = new LinkedHashMap<>();
        Stream.concat(directories(ExifIFD0Directory.class).map(d -> d.getString(exifTag)), xmpValues(xmpName).stream())
                .filter(ImageMetadata::hasText)
                .forEach(value -> byNormalForm.putIfAbsent(normalForm(value), value.trim()));
        return byNormalForm;
    }

    /** Values of XMP properties with this local name (CreatorTool, softwareAgent inside the history, Make). */
    private List<String> xmpValues(String localName) {
        return directories(XmpDirectory.class)
                .flatMap(d -> d.getXmpProperties().entrySet().stream())
                .filter(e -> localNameOf(e.getKey()).equals(localName))
                .map(Map.Entry::getValue)
                .filter(ImageMetadata::hasText)
                .toList();
    }

    private <D extends Directory> Stream<D> directories(Class<D> type) {
        return blocks.stream().flatMap(metadata -> metadata.getDirectoriesOfType(type).stream());
    }

    private static <D> String first(Stream<D> directories, Function<D, String> value) {
        return directories.map(value).filter(ImageMetadata::hasText).findFirst().orElse(null);
    }

    private static boolean isEditor(String software) {
        String lower = software.toLowerCase(Locale.ROOT);
        return EDITORS.stream().anyMatch(lower::contains);
    }

    private static String localNameOf(String xmpPath) {
        String last = xmpPath.substring(xmpPath.lastIndexOf('/') + 1);
        return last.substring(last.indexOf(':') + 1);
    }

    private static String normalForm(String value) {
        return value.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static LocalDateTime localTime(String exifTime) {
        if (exifTime == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(exifTime.trim(), EXIF_TIME);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String exifOffset) {
        if (!hasText(exifOffset)) {
            return null;
        }
        try {
            return ZoneOffset.of(exifOffset.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String describe(Duration duration) {
        if (duration.toDays() > 0) {
            return duration.toDays() + " day(s) " + duration.toHoursPart() + " hour(s)";
        }
        if (duration.toHours() > 0) {
            return duration.toHours() + " hour(s) " + duration.toMinutesPart() + " minute(s)";
        }
        return duration.toMinutes() + " minute(s)";
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
