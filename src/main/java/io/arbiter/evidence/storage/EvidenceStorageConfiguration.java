package io.arbiter.evidence.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import io.arbiter.common.RealTime;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class EvidenceStorageConfiguration {

    @Bean
    BlobStore evidenceBlobStore(EvidenceStorageProperties properties) throws IOException {
        return switch (properties.type()) {
            case EvidenceStorageProperties.FILESYSTEM -> new FileSystemBlobStore(properties.directory());
            case EvidenceStorageProperties.S3 -> S3BlobStore.connect(properties.s3());
            default -> throw new IllegalStateException("unknown arbiter.evidence.storage.type " + properties.type());
        };
    }

    @Bean
    Staging evidenceStaging(EvidenceStorageProperties properties, Clock clock) throws IOException {
        return new Staging(properties.directory(), clock);
    }

    @Bean
    EvidenceFiles evidenceFiles(BlobStore store, Clock clock, EvidenceStorageProperties properties) {
        return new EvidenceFiles(store, clock, properties.verifiedFor());
    }

    @Bean
    BlobReaper evidenceBlobReaper(BlobStore store, BlobReferences references, @RealTime Clock realTime,
                                  EvidenceStorageProperties properties) {
        return new BlobReaper(store, references, realTime, properties.orphansKeptFor());
    }

    /** A db-scheduler task, so that with several instances one of them at a time lists the store. */
    @Bean
    RecurringTask<Void> evidenceBlobReaping(BlobReaper reaper, EvidenceStorageProperties properties) {
        return Tasks.recurring("evidence-blob-reaper", FixedDelay.of(properties.reapInterval()))
                .execute((instance, context) -> {
                    try {
                        reaper.reap();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Bean
    StagingSweep evidenceStagingSweep(Staging staging, EvidenceStorageProperties properties) {
        return new StagingSweep(staging, properties);
    }

    /** Removes what crashed or abandoned uploads left in staging, at start and then every hour. */
    static class StagingSweep {

        private final Staging staging;
        private final EvidenceStorageProperties properties;

        StagingSweep(Staging staging, EvidenceStorageProperties properties) {
            this.staging = staging;
            this.properties = properties;
        }

        @Scheduled(fixedDelayString = "PT1H")
        void sweep() throws IOException {
            staging.sweep(properties.stagingExpiresAfter());
        }
    }
}
