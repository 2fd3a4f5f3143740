package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.arbiter.evidence.inspection.SideBySide;
import io.arbiter.support.Api;
import io.arbiter.support.ApiTest;
import io.arbiter.support.Marketplace.Case;
import io.arbiter.support.SampleFiles;
import tools.jackson.databind.JsonNode;

/**
 * Crops of a photo reused in another dispute, through the API: found in either order of upload, and shown to agents
 * (only) as the two pictures side by side with the matched region outlined where the crop lies in the original.
 */
class EvidenceCropApiTests extends ApiTest {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 750;
    /** A 10% crop: 60 of the 100 pixels cut from the width on the left, 45 of 75 from the height on top. */
    private static final Rectangle CROP = new Rectangle(60, 45, 900, 675);

    @Test
    void aTenPercentCropInAnotherDisputeIsFlaggedAndOutlinedWhereItLiesInTheOriginal() throws IOException {
        BufferedImage picture = SampleFiles.picture(WIDTH, HEIGHT, 91);
        Case first = marketplace.disputeInQueue();
        String original = upload(first, SampleFiles.jpeg(picture, 0.92f));
        Case second = marketplace.disputeInQueue();
        String crop = upload(second, SampleFiles.jpeg(cropped(picture), 0.85f));

        JsonNode flag = copyFlag(second, crop);
        assertThat(flag.get("relatedEvidenceId").asString()).isEqualTo(original);
        assertThat(copyFlag(first, original).get("relatedEvidenceId").asString()).isEqualTo(crop);

        BufferedImage comparison = comparison(flag.get("comparisonUrl").asString());
        int cropWidth = thumbnailWidth(second, crop);
        // Left the crop, outlined whole; right the original, outlined where the crop was cut from.
        assertOutline(comparison, 0, cropWidth, new double[] {0, 0, 1, 1});
        assertOutline(comparison, cropWidth + 16, comparison.getWidth() - cropWidth - 16, fractions(CROP));
    }

    @Test
    void anOriginalUploadedAfterItsCropIsFlaggedWithTheCropOutlinedInIt() throws IOException {
        BufferedImage picture = SampleFiles.picture(WIDTH, HEIGHT, 92);
        Case first = marketplace.disputeInQueue();
        String crop = upload(first, SampleFiles.jpeg(cropped(picture), 0.85f));
        Case second = marketplace.disputeInQueue();
        String original = upload(second, SampleFiles.jpeg(picture, 0.9f));

        JsonNode flag = copyFlag(second, original);
        assertThat(flag.get("relatedEvidenceId").asString()).isEqualTo(crop);
        BufferedImage comparison = comparison(flag.get("comparisonUrl").asString());
        int originalWidth = thumbnailWidth(second, original);
        assertOutline(comparison, 0, originalWidth, fractions(CROP));
        assertOutline(comparison, originalWidth + 16, comparison.getWidth() - originalWidth - 16,
                new double[] {0, 0, 1, 1});
    }

    @Test
    void partiesNeverSeeTheComparisonWithAnotherDisputesPicture() {
        BufferedImage picture = SampleFiles.picture(WIDTH, HEIGHT, 93);
        Case first = marketplace.disputeInQueue();
        String original = upload(first, SampleFiles.jpeg(picture, 0.92f));
        Case second = marketplace.disputeInQueue();
        String crop = upload(second, SampleFiles.jpeg(cropped(picture), 0.85f));
        String url = path(second) + "/" + crop + "/comparisons/" + original;

        assertThat(marketplace.agent().api().download(url).status()).isEqualTo(200);
        assertThat(second.buyer().api().download(url).status()).isEqualTo(404);
        assertThat(second.seller().api().download(url).status()).isEqualTo(404);
        assertThat(first.buyer().api().download(path(first) + "/" + original + "/comparisons/" + crop).status())
                .isEqualTo(404);
        assertThat(second.buyer().api().get(path(second) + "/" + crop).expect(200).json().has("flags")).isFalse();
    }

    @Test
    void aPieceWithoutACopyFlagAboutTheOtherHasNoComparison() {
        Case first = marketplace.disputeInQueue();
        String one = upload(first, SampleFiles.jpeg(SampleFiles.picture(WIDTH, HEIGHT, 94), 0.9f));
        Case second = marketplace.disputeInQueue();
        String unrelated = upload(second, SampleFiles.jpeg(SampleFiles.picture(WIDTH, HEIGHT, 95), 0.9f));

        assertThat(marketplace.agent().api().download(path(second) + "/" + unrelated + "/comparisons/" + one)
                .status()).isEqualTo(404);
    }

    private static BufferedImage cropped(BufferedImage picture) {
        BufferedImage out = new BufferedImage(CROP.width, CROP.height, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(picture.getSubimage(CROP.x, CROP.y, CROP.width, CROP.height), 0, 0, null);
        return out;
    }

    private static double[] fractions(Rectangle region) {
        return new double[] {(double) region.x / WIDTH, (double) region.y / HEIGHT,
                (double) (region.x + region.width) / WIDTH, (double) (region.y + region.height) / HEIGHT};
    }

    /**
     * The outline's pixels within the picture drawn from {@code left} over {@code width} span the expected box
     * (left, top, right, bottom as fractions of the picture), within 3% of a side (the windows lie on a grid).
     */
    private static void assertOutline(BufferedImage comparison, int left, int width, double[] expected) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        int height = 0;
        for (int y = 0; y < comparison.getHeight(); y++) {
            for (int x = left; x < left + width; x++) {
                int rgb = comparison.getRGB(x, y);
                if (rgb != 0xFFFFFFFF) {
                    height = Math.max(height, y + 1);
                }
                if (rgb == SideBySide.OUTLINE.getRGB()) {
                    minX = Math.min(minX, x - left);
                    maxX = Math.max(maxX, x - left);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        assertThat(maxX).as("an outline is drawn").isPositive();
        assertThat((double) minX / width).as("left").isCloseTo(expected[0], within(0.03));
        assertThat((double) minY / height).as("top").isCloseTo(expected[1], within(0.03));
        assertThat((double) (maxX + 1) / width).as("right").isCloseTo(expected[2], within(0.03));
        assertThat((double) (maxY + 1) / height).as("bottom").isCloseTo(expected[3], within(0.03));
    }

    private BufferedImage comparison(String url) throws IOException {
        Api.BinaryResponse response = marketplace.agent().api().download(url);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("image/png");
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private int thumbnailWidth(Case dispute, String evidenceId) throws IOException {
        byte[] jpeg = marketplace.agent().api().download(path(dispute) + "/" + evidenceId + "/thumbnail").body();
        return ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth();
    }

    private JsonNode copyFlag(Case dispute, String evidenceId) {
        return marketplace.agent().api().get(path(dispute) + "/" + evidenceId).expect(200).json().get("flags")
                .valueStream().filter(flag -> flag.get("code").asString().equals("NEAR_DUPLICATE")).findFirst()
                .orElseThrow(() -> new AssertionError("no NEAR_DUPLICATE flag on " + evidenceId));
    }

    private String upload(Case dispute, byte[] photo) {
        return dispute.buyer().api().upload(path(dispute), Map.of("kind", "photo", "description", "The item",
                "requirement", "DEFECTS"), "photo.jpg", photo).expect(201).json().get("id").asString();
    }

    private static String path(Case dispute) {
        return "/api/v1/disputes/" + dispute.id() + "/evidence";
    }
}
