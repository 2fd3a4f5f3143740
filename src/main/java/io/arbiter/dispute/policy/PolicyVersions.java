package io.arbiter.dispute.policy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.arbiter.common.SqlTime;
import io.arbiter.dispute.DisputePolicies;
import io.arbiter.dispute.DisputePolicy;

/**
 * The policy versions recorded in {@code policy_version}. Starting records the version in force; a version is
 * recorded once and never changes, so a dispute can always be given the rules it was opened under, and the same
 * version with other content stops the start.
 */
public class PolicyVersions implements DisputePolicies {

    /** One recorded version. */
    public record RecordedVersion(String version, String sha256, Instant recordedAt, boolean inForce) {
    }

    private final JdbcClient jdbc;
    private final PolicyFile inForce;
    private final Map<String, DisputePolicy> byVersion = new ConcurrentHashMap<>();

    PolicyVersions(JdbcClient jdbc, PolicyFile inForce, Clock clock) {
        this.jdbc = jdbc;
        this.inForce = inForce;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        record(inForce, now);
        byVersion.put(inForce.policy().version(), inForce.policy());
        // Disputes opened before policies had versions were given the shipped version by migration V11
        // (arbiter-default-1); every shipped version a dispute names is recorded as it shipped.
        for (PolicyFile shipped : PolicyFile.everyShippedFile()) {
            String shippedVersion = shipped.policy().version();
            if (recordedSha256(shippedVersion) == null && jdbc.sql(
                    "select exists (select 1 from dispute where policy_version = ?)")
                    .param(shippedVersion).query(Boolean.class).single()) {
                record(shipped, now);
            }
        }
    }

    @Override
    public DisputePolicy inForce() {
        return inForce.policy();
    }

    @Override
    public DisputePolicy of(String version) {
        DisputePolicy known = byVersion.get(version);
        if (known != null) {
            return known;
        }
        String text = jdbc.sql("select text from policy_version where version = ?").param(version)
                .query(String.class).optional()
                .orElseThrow(() -> new IllegalStateException("policy version " + version + " is not recorded"));
        byVersion.putIfAbsent(version, PolicyFile.parse("version " + version + " as recorded", text).policy());
        return byVersion.get(version);
    }

    /** The file in force, as read at start-up. */
    public PolicyFile inForceFile() {
        return inForce;
    }

    /** Every recorded version, the oldest first. */
    public List<RecordedVersion> recorded() {
        String current = inForce.policy().version();
        return jdbc.sql("select version, sha256, recorded_at from policy_version order by recorded_at, version")
                .query((rs, row) -> new RecordedVersion(rs.getString("version"), rs.getString("sha256"),
                        rs.getTimestamp("recorded_at").toInstant(), rs.getString("version").equals(current)))
                .list();
    }

    private void record(PolicyFile file, Instant now) {
        String version = file.policy().version();
        String recorded = recordedSha256(version);
        if (recorded == null) {
            try {
                jdbc.sql("insert into policy_version (version, sha256, text, recorded_at)"
                                + " values (:version, :sha256, :text, :recordedAt)")
                        .param("version", version).param("sha256", file.sha256()).param("text", file.text())
                        .param("recordedAt", SqlTime.of(now)).update();
                return;
            } catch (DuplicateKeyException anotherInstanceRecordedItFirst) {
                recorded = recordedSha256(version);
            }
        }
        if (!recorded.equals(file.sha256())) {
            throw new InvalidPolicyException(file.location(), List.of(new InvalidPolicyException.Problem(0,
                    "version " + version + " is already recorded with different content; give the changed policy a"
                            + " new version")),
                    "Give the changed policy a new version: change 'version' in " + file.location() + " and start"
                            + " Arbiter again. Disputes opened under " + version + " keep the rules recorded for it.");
        }
    }

    private String recordedSha256(String version) {
        return jdbc.sql("select sha256 from policy_version where version = ?").param(version).query(String.class)
                .optional().orElse(null);
    }
}
