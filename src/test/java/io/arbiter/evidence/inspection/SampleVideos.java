package io.arbiter.evidence.inspection;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jcodec.api.awt.AWTSequenceEncoder;

/** Real H.264 MP4 videos, encoded at test time with JCodec's encoder. */
public final class SampleVideos {

    private SampleVideos() {
    }

    /**
     * A video of {@code frames} frames at 25 a second filming the picture, with a small square moving across it (so
     * that frames differ as a hand-held film's do).
     */
    public static byte[] filming(BufferedImage picture, int frames) {
        try {
            Path file = Files.createTempFile("arbiter-video-", ".mp4");
            try {
                AWTSequenceEncoder encoder = AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 25);
                for (int i = 0; i < frames; i++) {
                    BufferedImage frame = new BufferedImage(picture.getWidth(), picture.getHeight(),
                            BufferedImage.TYPE_3BYTE_BGR);
                    Graphics2D graphics = frame.createGraphics();
                    graphics.drawImage(picture, 0, 0, null);
                    graphics.setColor(Color.WHITE);
                    graphics.fillRect(8 + i * (picture.getWidth() - 24) / Math.max(frames, 1), 8, 8, 8);
                    graphics.dispose();
                    encoder.encodeImage(frame);
                }
                encoder.finish();
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
