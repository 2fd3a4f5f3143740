package io.arbiter.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.arbiter.evidence.inspection.ImageFingerprint;
import io.arbiter.evidence.inspection.ImageFingerprint.Box;
import io.arbiter.evidence.inspection.ImageFingerprint.Hashes;
import io.arbiter.evidence.inspection.NearCopies;

/**
 * The lookup decides on each chunk row's hashes before it reads a stored picture's regions: that decision keeps a
 * stored picture exactly when {@link NearCopies#match} finds it a near copy, so it loses no copy and reads no
 * piece in vain. Checked on pairs near each radius (a window's pHash beyond its radius, confirmed or not by the
 * difference hash, included): the new picture whole (upright, turned or untrimmed) against the stored one whole or
 * one of its regions, and a region of the new one against the stored one whole.
 */
class NearCopyDecisionTests {

    @Test
    void theRowDecisionKeepsExactlyTheNearCopies() {
        RandomPictures pictures = new RandomPictures(64);
        Random random = new Random(11);
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            ImageFingerprint stored = pictures.picture(34);
            ImageFingerprint other = pictures.picture(34);
            Hashes target = random.nextBoolean() ? stored.upright()
                    : stored.regions().get(random.nextInt(34)).hashes();
            Hashes near = pictures.near(target, random.nextInt(15), random.nextInt(20));
            ImageFingerprint incoming = switch (random.nextInt(4)) {
                case 0 -> new ImageFingerprint(false, near, other.turned(), other.whole(), other.regions());
                case 1 -> new ImageFingerprint(false, other.upright(), List.of(other.upright(), near, other.upright()),
                        other.whole(), other.regions());
                case 2 -> {
                    List<ImageFingerprint.Region> regions = new ArrayList<>(other.regions());
                    regions.add(new ImageFingerprint.Region(Box.ALL, near));
                    yield new ImageFingerprint(false, other.upright(), other.turned(), new Box(0, 500, 10_000, 9_000),
                            regions);
                }
                default -> {
                    List<ImageFingerprint.Region> regions = new ArrayList<>(other.regions());
                    regions.set(random.nextInt(34), new ImageFingerprint.Region(regions.get(0).box(), near));
                    yield new ImageFingerprint(false, other.upright(), other.turned(), other.whole(), regions);
                }
            };
            boolean kept = NearCopies.matchesWhole(incoming, stored.upright()) || stored.regions().stream()
                    .anyMatch(region -> NearCopies.matchesRegion(incoming, region.hashes()));
            boolean match = NearCopies.match(incoming, stored).isPresent();
            assertThat(kept).as("pair %d", i).isEqualTo(match);
            matched += match ? 1 : 0;
        }
        assertThat(matched).as("pairs on both sides of the radii").isBetween(2_000, 18_000);
    }
}
