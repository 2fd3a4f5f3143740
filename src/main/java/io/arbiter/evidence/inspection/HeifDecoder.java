package io.arbiter.evidence.inspection;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.arbiter.common.UnsupportedContentException;

/**
 * Fingerprints HEIC and HEIF photos through libheif's {@code heif-convert} (Debian's {@code libheif-examples}), run as
 * a child process, since no maintained Java decoder of HEVC exists. The picture comes out as a JPEG in a private
 * temporary directory, upright (libheif applies the file's rotation and mirror properties, which are what viewers
 * show), and is then hashed as an uploaded JPEG is, after its header passed the same pixel-flood check. A phone's HEIC
 * stores a thumbnail of its picture: when it is large enough, only that is decoded ({@link HeifThumbnail}), a tenth
 * of the work or less.
 *
 * <p>The child gets no shell (its arguments are passed as they are), an empty environment, no standard input, and
 * through {@code prlimit} (util-linux) a ceiling on its address space, CPU seconds, the size of any file it writes
 * and no core dump; it is killed, with anything it started, once {@link #timeout} has passed.
 *
 * <p>Without the tool (or with {@code off}) HEIC photos are accepted without a fingerprint, saying that they wait for
 * this decoder, so that they are fingerprinted once it is installed.
 */
public final class HeifDecoder {

    /** What a photo left without a fingerprint for want of this decoder waits for. */
    public static final String NAME = "heif-convert";
    private static final Logger log = LoggerFactory.getLogger(HeifDecoder.class);
    private static final int JPEG_QUALITY = 92;
    private static final int KEPT_MESSAGE = 200;
    /**
     * A phone's thumbnail whose shorter side has this many pixels is fingerprinted instead of the picture: an
     * uploaded JPEG is hashed from about 256 (every n-th pixel), an iPhone's 320 x 240 thumbnail is a smoothly scaled
     * copy of the picture, and its fingerprints match the whole picture's (docs/benchmarks.md, session 13).
     */
    static final int THUMBNAIL_SHORT_SIDE = 240;

    private final Path executable;
    private final Path prlimit;
    private final Duration timeout;
    private final long memoryBytes;
    private final long outputBytes;
    /** Bounds the memory all decoders take together, whatever number of HEIC uploads arrive at once. */
    private final Semaphore running;

    private HeifDecoder(Path executable, Path prlimit, Duration timeout, long memoryBytes, long outputBytes,
                        int concurrent) {
        this.executable = executable;
        this.prlimit = prlimit;
        this.timeout = timeout;
        this.memoryBytes = memoryBytes;
        this.outputBytes = outputBytes;
        this.running = new Semaphore(Math.max(1, concurrent), true);
    }

    /** No decoder: HEIC photos keep no fingerprint. */
    public static HeifDecoder none() {
        return new HeifDecoder(null, null, Duration.ZERO, 0, 0, 1);
    }

    /**
     * @param setting {@code auto} for {@code heif-convert} found on the PATH (none when it is not there), {@code off},
     *                or the path of the executable (which must exist)
     * @param timeout wall-clock time a decode may take; also its CPU seconds
     * @param memoryBytes the child's address space
     * @param outputBytes the largest file the child may write (the decoded JPEG)
     * @param concurrent how many decoders may run at once; more HEIC photos wait for their turn
     */
    public static HeifDecoder configured(String setting, Duration timeout, long memoryBytes, long outputBytes,
                                         int concurrent) {
        String chosen = setting == null ? "auto" : setting.trim();
        Optional<Path> executable;
        if (chosen.equalsIgnoreCase("off")) {
            executable = Optional.empty();
        } else if (chosen.isEmpty() || chosen.equalsIgnoreCase("auto")) {
            executable = onPath(NAME);
        } else {
            Path given = Path.of(chosen).toAbsolutePath();
            if (!Files.isExecutable(given)) {
                throw new IllegalStateException("arbiter.evidence.heif-decoder names " + given
                        + ", which is not an executable file (install libheif-examples, or set it to auto or off)");
            }
            executable = Optional.of(given);
        }
        if (executable.isEmpty()) {
            log.info("HEIC photos are kept without a fingerprint: no {} ({})", NAME, chosen.equalsIgnoreCase("off")
                    ? "arbiter.evidence.heif-decoder is off" : "install Debian's libheif-examples");
            return none();
        }
        Path prlimit = onPath("prlimit").orElse(null);
        if (prlimit == null) {
            log.warn("{} runs without memory and CPU limits: prlimit (util-linux) is not on the PATH", NAME);
        }
        return new HeifDecoder(executable.get(), prlimit, timeout, memoryBytes, outputBytes, concurrent);
    }

    public boolean available() {
        return executable != null;
    }

    /** Why a HEIC photo has no fingerprint when there is no decoder. */
    public static String absent() {
        return "no HEIF decoder (" + NAME + ") is installed";
    }

    /**
     * The fingerprint of the picture in a HEIC or HEIF file as people see it, or why there is none. Failing to decode
     * (a damaged or hostile file, a timeout, a limit reached) is a reason, not an exception: the photo is still
     * evidence.
     */
    Fingerprinting fingerprint(Path heif, long maxPixels) {
        return fingerprint(heif, maxPixels, 0);
    }

    /**
     * As {@link #fingerprint(Path, long)}, with a JPEG preview of the decoded picture whose longer side is at most
     * {@code previewSide} (none when it is 0): nothing else here can decode a HEIC to make its thumbnail.
     */
    Fingerprinting fingerprint(Path heif, long maxPixels, int previewSide) {
        if (!available()) {
            return new Fingerprinting(null, Unfingerprinted.awaiting(NAME, absent()));
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("arbiter-heif-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path picture = directory.resolve("picture.jpg");
            Path messages = directory.resolve("messages.txt");
            Optional<ImageHeader> decoded = decodeThumbnail(heif, directory, picture, messages, previewSide);
            if (decoded.isEmpty()) {
                Optional<String> failure = run(heif.toAbsolutePath(), picture, messages);
                if (failure.isPresent()) {
                    return failed(failure.get());
                }
                decoded = Optional.of(header(picture));
            }
            ImageHeader header = decoded.get();
            if (header.pixels() > maxPixels) {
                return failed("its decoded picture is " + header.width() + " x "
                        + header.height() + ", more than the " + maxPixels + " pixels accepted");
            }
            // The decoder has turned and mirrored the picture already; EXIF orientation is not applied on top.
            ImageFingerprint fingerprint = PerceptualHash.of(picture, 1);
            return new Fingerprinting(fingerprint, null, previewSide < 1 ? null : preview(picture, previewSide),
                    Math.toIntExact(header.width()), Math.toIntExact(header.height()));
        } catch (UnsupportedContentException e) {
            return failed("its decoded picture cannot be read (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteAll(directory);
        }
    }

    /**
     * Decodes the phone's thumbnail of the picture instead of the picture, when it has one large enough for the
     * fingerprint ({@link #THUMBNAIL_SHORT_SIDE}) and for the preview: the picture's header, or empty when the whole
     * picture must be decoded (no such thumbnail, or the decoder failed on it or made it another size than declared).
     */
    private Optional<ImageHeader> decodeThumbnail(Path heif, Path directory, Path picture, Path messages,
                                                  int previewSide) throws IOException {
        Optional<HeifThumbnail> thumbnail = HeifThumbnail.find(heif, THUMBNAIL_SHORT_SIDE, previewSide);
        if (thumbnail.isEmpty()) {
            return Optional.empty();
        }
        Path alone = directory.resolve("thumbnail.heic");
        thumbnail.get().write(alone);
        Optional<String> failure = run(alone, picture, messages);
        Optional<ImageHeader> header = Optional.empty();
        if (failure.isEmpty()) {
            header = Optional.of(header(picture)).filter(decoded -> decoded.width() == thumbnail.get().uprightWidth()
                    && decoded.height() == thumbnail.get().uprightHeight());
        }
        if (header.isEmpty()) {
            log.debug("a HEIC's thumbnail did not decode as declared ({}); decoding its whole picture",
                    failure.orElse("another size"));
            Files.deleteIfExists(picture);
        }
        return header;
    }

    private static ImageHeader header(Path jpeg) throws IOException {
        try (InputStream in = Files.newInputStream(jpeg)) {
            return JpegStructure.readHeader(in, 0);
        }
    }

    /**
     * A fingerprint, or why there is none; a JPEG preview of the decoded picture when one was asked for; and the size
     * of the picture the decoder made (the thumbnail's when it sufficed, 0 when nothing was decoded).
     */
    record Fingerprinting(ImageFingerprint fingerprint, Unfingerprinted missing, byte[] preview, int decodedWidth,
                          int decodedHeight) {

        Fingerprinting(ImageFingerprint fingerprint, Unfingerprinted missing) {
            this(fingerprint, missing, null, 0, 0);
        }
    }

    private static Fingerprinting failed(String reason) {
        return new Fingerprinting(null, Unfingerprinted.because(reason));
    }

    /** The photo is evidence without a preview: a preview that cannot be made is left out, not an error. */
    private static byte[] preview(Path picture, int side) {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try {
            new Thumbnails().writeStoredJpeg(picture, side, jpeg);
            return jpeg.toByteArray();
        } catch (IOException | RuntimeException e) {
            log.debug("no preview of a decoded HEIC: {}", e.toString());
            return null;
        }
    }

    private Optional<String> run(Path heif, Path picture, Path messages) throws IOException {
        List<String> command = new ArrayList<>();
        if (prlimit != null) {
            long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
            command.addAll(List.of(prlimit.toString(), "--as=" + memoryBytes, "--cpu=" + seconds,
                    "--fsize=" + outputBytes, "--core=0", "--"));
        }
        command.addAll(List.of(executable.toString(), "--quiet", "-q", String.valueOf(JPEG_QUALITY), heif.toString(),
                picture.toString()));
        try {
            running.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("decoding was interrupted");
        }
        try {
            return run(command, picture, messages);
        } finally {
            running.release();
        }
    }

    private Optional<String> run(List<String> command, Path picture, Path messages) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(picture.getParent().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(messages.toFile());
        builder.environment().clear();
        Process process = builder.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return Optional.of("decoding took longer than " + timeout.toSeconds() + " s");
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(picture)) {
            return Optional.of(NAME + " failed (exit " + process.exitValue() + ": " + said(messages) + ")");
        }
        return Optional.empty();
    }

    /** The start of what the decoder printed, on one line. */
    private static String said(Path messages) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(messages)) {
            head = in.readNBytes(KEPT_MESSAGE);
        }
        return new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    private static void deleteAll(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not delete {}", directory, e);
        }
    }
}
