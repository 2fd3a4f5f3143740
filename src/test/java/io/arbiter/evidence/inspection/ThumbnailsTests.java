package io.arbiter.evidence.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.arbiter.common.UnsupportedContentException;

class ThumbnailsTests {

    private final Thumbnails thumbnails = new Thumbnails();

    @TempDir
    Path dir;

    @Test
    void shrinksAJpegToTheLongerSideKeepingItsShape() throws IOException {
        BufferedImage thumbnail = thumbnail(EvidenceSamples.jpeg(EvidenceSamples.scene(1200, 800, 5), 0.9f), 300);
        assertThat(thumbnail.getWidth()).isEqualTo(300);
        assertThat(thumbnail.getHeight()).isEqualTo(200);
    }

    @Test
    void looksLikeTheOriginal() throws IOException {
        BufferedImage original = EvidenceSamples.scene(1600, 1200, 9);
        BufferedImage thumbnail = thumbnail(EvidenceSamples.jpeg(original, 0.9f), 320);
        assertThat(PerceptualHash.distance(PerceptualHash.of(thumbnail).upright().phash(),
                PerceptualHash.of(original).upright().phash()))
                .isLessThanOrEqualTo(6);
    }

    @Test
    void turnsATransparentPngIntoAJpegOnWhite() throws IOException {
        BufferedImage transparent = new BufferedImage(400, 100, BufferedImage.TYPE_INT_ARGB);
        BufferedImage thumbnail = thumbnail(EvidenceSamples.png(transparent), 200);
        assertThat(thumbnail.getWidth()).isEqualTo(200);
        assertThat(thumbnail.getHeight()).isEqualTo(50);
        assertThat(new Color(thumbnail.getRGB(100, 25))).satisfies(c -> assertThat(c.getRed() + c.getGreen()
                + c.getBlue()).isGreaterThan(3 * 245));
    }

    @Test
    void keepsTheSizeOfASmallerImage() throws IOException {
        BufferedImage thumbnail = thumbnail(EvidenceSamples.png(120, 90), 400);
        assertThat(thumbnail.getWidth()).isEqualTo(120);
        assertThat(thumbnail.getHeight()).isEqualTo(90);
    }

    @Test
    void turnsAPhotoUprightAsItsExifOrientationSays() throws IOException {
        BufferedImage stored = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = stored.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 60, 40);
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.dispose();
        byte[] sideways = EvidenceSamples.withSegment(EvidenceSamples.jpeg(stored, 0.95f), 0xE1,
                new Tiff().ifd0(Tiff.MAKE, "Apple").ifd0(Tiff.ORIENTATION, (short) 6).app1());

        BufferedImage thumbnail = thumbnail(sideways, 100);

        assertThat(thumbnail.getWidth()).isEqualTo(40);
        assertThat(thumbnail.getHeight()).isEqualTo(60);
        // Turned a quarter clockwise, the stored top-left corner is now the top-right one.
        assertThat(new Color(thumbnail.getRGB(35, 5)).getRed()).isGreaterThan(200);
        assertThat(new Color(thumbnail.getRGB(5, 5)).getBlue()).isGreaterThan(200);
    }

    @Test
    void refusesFormatsItCannotDecode() throws IOException {
        Path heic = write(EvidenceSamples.heic(100, 100));
        assertThatThrownBy(() -> thumbnails.writeJpeg(heic, 200, new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(UnsupportedContentException.class, e -> {
                    assertThat(e.field()).isEqualTo("file");
                    assertThat(e.getMessage()).isEqualTo("only JPEG, PNG and WebP images can be decoded here");
                });
        Path gif = write(EvidenceSamples.ascii("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"));
        assertThatThrownBy(() -> thumbnails.writeJpeg(gif, 200, new ByteArrayOutputStream()))
                .isInstanceOf(UnsupportedContentException.class);
    }

    private BufferedImage thumbnail(byte[] image, int maxSide) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        thumbnails.writeJpeg(write(image), maxSide, out);
        byte[] jpeg = out.toByteArray();
        assertThat(jpeg).startsWith(0xFF, 0xD8, 0xFF);
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "image", ".bin");
        Files.write(file, bytes);
        return file;
    }
}
