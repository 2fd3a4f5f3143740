package io.arbiter.evidence.storage;

import java.io.IOException;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

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
