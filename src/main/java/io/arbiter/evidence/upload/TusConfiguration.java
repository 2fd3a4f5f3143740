package io.arbiter.evidence.upload;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.upload.UploadLockingService;
import me.desair.tus.server.upload.disk.DiskLockingService;

import io.arbiter.evidence.EvidenceIntake;

/**
 * tus-java-server as Arbiter uses it: bytes and locks under {@code <evidence directory>/tus}, uploads addressed
 * under {@code /api/v1/disputes/{disputeId}/uploads}. Concatenation is off (every upload is one whole file with
 * a declared length) and so is the library's expiry, which reads the system clock: {@link ResumableUploads}
 * expires uploads by Arbiter's clock. No global size limit is set, as each kind has its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TusConfiguration {

    @Bean
    TusStorage tusStorage(@Value("${arbiter.evidence.storage.directory:./data/evidence}") Path evidenceDirectory) {
        return new TusStorage(evidenceDirectory.resolve("tus"));
    }

    @Bean
    UploadLockingService tusLocks(TusStorage storage) {
        return new DiskLockingService(storage.directory().toString());
    }

    @Bean
    EvidenceHandover evidenceHandover(EvidenceIntake intake, TusStorage storage, PendingUploads pending, Clock clock,
                                      UploadProperties properties) {
        return new EvidenceHandover(intake, storage, pending, clock, properties.expireAfter());
    }

    @Bean
    TusFileUploadService tusFileUploadService(TusStorage storage, UploadLockingService tusLocks,
                                              EvidenceHandover handover,
                                              @Value("${server.servlet.context-path:}") String contextPath) {
        return new TusFileUploadService()
                .withUploadUri(contextPath + "/api/v1/disputes/[0-9a-fA-F-]{36}/uploads")
                .withUploadStorageService(storage)
                .withUploadLockingService(tusLocks)
                .disableTusExtension("concatenation")
                .addTusExtension(handover);
    }
}
