package io.arbiter.evidence.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.arbiter.common.RuleViolationException;
import io.arbiter.common.UnsupportedContentException;

/**
 * Checks an uploaded file before it becomes evidence: tells its type from its bytes (never its name), requires the
 * type to match the declared kind, walks images, videos, PDFs and archives through, and reads what an agent needs to
 * judge a photo. Reads the file as a stream; only bounded image headers and metadata are held in memory.
 *
 * <p>Refusals: 415 {@link UnsupportedContentException} for a type that is not accepted or not the declared kind, a
 * damaged or truncated image, markup hidden in an image, a PDF with active content, an MP4 or MOV that gives no
 * duration, a refused archive entry; 413 {@link io.arbiter.common.PayloadTooLargeException} for a pixel flood, too
 * many archive entries, an archive or a PDF's object streams that expand too far; 422 {@link RuleViolationException}
 * for the link kind, which is no file. Each names what was found. Failing to read the file itself is an
 * {@link UncheckedIOException}.
 *
 * <p>Thread-safe: one instance serves every upload.
 */
public final class ContentInspector {

    private static final Map<EvidenceKind, Set<String>> ACCEPTED = Map.of(
            EvidenceKind.PHOTO, ContentTypes.PHOTOS,
            EvidenceKind.VIDEO, ContentTypes.VIDEOS,
            EvidenceKind.DOCUMENT, Set.of(ContentTypes.PDF, ContentTypes.PNG, ContentTypes.JPEG),
            EvidenceKind.ARCHIVE, Set.of(ContentTypes.ZIP));
    private static final Map<EvidenceKind, String> EXPECTED = Map.of(
            EvidenceKind.PHOTO, "a photo must be JPEG, PNG, WebP or HEIC",
            EvidenceKind.VIDEO, "a video must be MP4, MOV or WebM",
            EvidenceKind.DOCUMENT, "a document must be a PDF, or a PNG or JPEG screenshot",
            EvidenceKind.ARCHIVE, "an archive must be a ZIP");

    private final InspectionLimits limits;
    private final ArchiveInspector archives;
    private final HeifDecoder heif;
    private final int previewSide;

    /** Without a HEIF decoder: HEIC photos get no fingerprint. */
    public ContentInspector(InspectionLimits limits) {
        this(limits, HeifDecoder.none());
    }

    /** HEIC photos decoded for their fingerprint only (no preview). */
    public ContentInspector(InspectionLimits limits, HeifDecoder heif) {
        this(limits, heif, 0);
    }

    /**
     * @param previewSide the longer side of the preview a decoded HEIC photo keeps for its thumbnail
     *                    ({@link ImageFacts#decodedPreview()}); 0 for none
     */
    public ContentInspector(InspectionLimits limits, HeifDecoder heif, int previewSide) {
        this.limits = limits;
        this.archives = new ArchiveInspector(limits);
        this.heif = heif;
        this.previewSide = previewSide;
    }

    /** True when photos of this type can be fingerprinted now (HEIC and HEIF only with their decoder). */
    public boolean canFingerprint(String mediaType) {
        return PerceptualHash.canHash(mediaType) || (isHeif(mediaType) && decodesHeif());
    }

    public boolean decodesHeif() {
        return heif.available();
    }

    /** True for HEIC and HEIF, whose fingerprint needs {@link HeifDecoder}. */
    public static boolean isHeif(String mediaType) {
        return ContentTypes.HEIC.equals(mediaType) || ContentTypes.HEIF.equals(mediaType);
    }

    public Inspection inspect(Path file, EvidenceKind declared) {
        if (declared == EvidenceKind.LINK) {
            throw new RuleViolationException("kind", "a link is not a file; send its https address as a link instead"
                    + " of uploading");
        }
        String type = detect(file);
        requireAccepted(declared, type);
        if (ContentTypes.PHOTOS.contains(type)) {
            return inspectImage(file, type);
        }
        if (MovieHeader.isBoxed(type)) {
            readWhole(file, in -> MovieHeader.requireDuration(in, formatName(type)));
            return new Inspection(type, null, List.of(), 0, VideoKeyframes.read(file));
        }
        if (type.equals(ContentTypes.PDF)) {
            readWhole(file, in -> PdfActiveContent.refuseActive(in, file.toFile().length()));
        }
        if (type.equals(ContentTypes.ZIP)) {
            return new Inspection(type, null, List.of(), archives.inspect(file));
        }
        return new Inspection(type, null, List.of(), 0);
    }

    private static String detect(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = ContentTypes.readHead(in);
            if (head.length == 0) {
                throw new UnsupportedContentException("file", "the file is empty");
            }
            return ContentTypes.detect(head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readWhole(Path file, Consumer<InputStream> check) {
        try (InputStream in = Files.newInputStream(file)) {
            check.accept(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MP4 or MOV, as people call the files. */
    static String formatName(String videoType) {
        return videoType.equals(ContentTypes.MP4) ? "MP4" : "MOV";
    }

    private static void requireAccepted(EvidenceKind declared, String type) {
        if (ACCEPTED.get(declared).contains(type)) {
            return;
        }
        boolean acceptedElsewhere = ACCEPTED.values().stream().anyMatch(types -> types.contains(type));
        String found = acceptedElsewhere
                ? "declared " + declared.code() + " but the content is " + type
                : "the content is " + type + ", which is not accepted";
        throw new UnsupportedContentException("file", found + "; " + EXPECTED.get(declared));
    }

    private Inspection inspectImage(Path file, String type) {
        ImageHeader header;
        try (InputStream in = Files.newInputStream(file)) {
            header = ImageStructures.read(type, in, limits.maxImageMetadataBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageStructures.requireAtMost(header, limits.maxImagePixels());
        ImageMetadata.Findings findings;
        try {
            findings = ImageMetadata.read(header.metadata(), header.width(), header.height());
        } catch (RuntimeException | StackOverflowError e) {
            // metadata-extractor follows chains of EXIF directories by recursion: a crafted chain thousands deep
            // overflows the stack. Nothing is shared or locked at that point, so the walk can simply be abandoned.
            throw new UnsupportedContentException("file", "the image's metadata is damaged and cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        HeifDecoder.Fingerprinting fingerprinting = isHeif(type) ? heif.fingerprint(file, limits.maxImagePixels(),
                previewSide)
                : new HeifDecoder.Fingerprinting(fingerprint(file, type, findings.orientation()), null);
        ImageFacts facts = new ImageFacts(Math.toIntExact(header.width()), Math.toIntExact(header.height()),
                fingerprinting.fingerprint(), findings.capturedAt(), findings.capturedAtZoned(), findings.software(),
                findings.cameraMake(), findings.cameraModel(), fingerprinting.missing(), fingerprinting.preview());
        return new Inspection(type, facts, findings.signals(), 0);
    }

    private static ImageFingerprint fingerprint(Path file, String type, int orientation) {
        if (!PerceptualHash.canHash(type)) {
            return null;
        }
        if (!type.equals(ContentTypes.WEBP)) {
            return PerceptualHash.of(file, orientation);
        }
        try {
            return PerceptualHash.of(file, orientation);
        } catch (UnsupportedContentException notDecoded) {
            // WebP was accepted on its header alone before it could be decoded here, and the decoder does not know
            // every variant (animation, some extended files): such a photo stays acceptable, without a fingerprint.
            return null;
        }
    }
}
