package io.arbiter.evidence.inspection;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongBinaryOperator;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.arbiter.common.UnsupportedContentException;

/**
 * Decodes a JPEG, PNG or WebP keeping only every n-th pixel in each direction, so that memory follows the picture
 * wanted rather than the picture stored. The JDK decodes JPEG and PNG; WebP comes from TwelveMonkeys' ImageIO
 * plug-in. Nothing decodes HEIC in Java.
 */
final class SubsampledImages {

    /** No decoded picture is larger than this, whatever the caller asks (16 megapixels, 64 MB as RGB). */
    static final long MAX_DECODED_PIXELS = 16_000_000;
    private static final Set<String> DECODABLE = Set.of("jpeg", "png", "webp");
    private static final Set<String> DECODABLE_TYPES = Set.of(ContentTypes.JPEG, ContentTypes.PNG, ContentTypes.WEBP);

    private SubsampledImages() {
    }

    static boolean canDecode(String mediaType) {
        return DECODABLE_TYPES.contains(mediaType);
    }

    /**
     * @param step the subsampling step for a stored width and height (1 keeps every pixel); raised if needed so
     *             that the result stays within {@link #MAX_DECODED_PIXELS}
     */
    static BufferedImage decode(Path file, LongBinaryOperator step) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                long chosen = Math.max(1, step.applyAsLong(width, height));
                long bounded = (long) Math.ceil(Math.sqrt((double) width * height / MAX_DECODED_PIXELS));
                int factor = (int) Math.min(Math.max(chosen, bounded), Math.max(width, height));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(factor, factor, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (UnsupportedContentException e) {
            throw e;
        } catch (IIOException | EOFException | RuntimeException e) {
            // Decoders throw all sorts of exceptions on hostile or truncated data; none of them is our failure.
            throw new UnsupportedContentException("file", "the image cannot be decoded: " + e.getMessage());
        }
    }

    private static ImageReader readerFor(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (DECODABLE.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                return reader;
            }
            reader.dispose();
        }
        throw new UnsupportedContentException("file", "only JPEG, PNG and WebP images can be decoded here");
    }
}
