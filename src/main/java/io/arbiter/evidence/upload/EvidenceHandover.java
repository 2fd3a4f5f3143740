package io.arbiter.evidence.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.arbiter.evidence.EvidenceIntake;
import io.arbiter.identity.Actor;
import jakarta.servlet.http.HttpServletRequest;
import me.desair.tus.server.HttpMethod;
import me.desair.tus.server.TusExtension;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadStorageService;
import me.desair.tus.server.util.TusServletRequest;
import me.desair.tus.server.util.TusServletResponse;

/**
 * Hands a completed upload to the {@link EvidenceIntake} the moment its last byte is stored. Runs as the last
 * tus-java-server extension of a PATCH, after the checksum was verified, and while the library still holds the
 * upload's lock: nothing else can write, read or terminate the file while the intake takes it. Afterwards the
 * bytes are gone, whether the intake took it or refused it; a refused upload is forgotten, a taken one is remembered
 * with its piece of evidence for as long as an unfinished upload would be kept, so that a client that lost the
 * answer learns from HEAD that it is complete.
 */
class EvidenceHandover implements TusExtension {

    /** The request attribute that names the caller and the upload being patched. */
    static final String ATTRIBUTE = EvidenceHandover.class.getName();
    static final String EVIDENCE_LOCATION = "Evidence-Location";

    record Patch(Actor actor, PendingUpload upload, UploadBody body) {
    }

    private final EvidenceIntake intake;
    private final TusStorage storage;
    private final PendingUploads pending;
    private final Clock clock;
    private final Duration keepFor;

    EvidenceHandover(EvidenceIntake intake, TusStorage storage, PendingUploads pending, Clock clock,
                     Duration keepFor) {
        this.intake = intake;
        this.storage = storage;
        this.pending = pending;
        this.clock = clock;
        this.keepFor = keepFor;
    }

    @Override
    public String getName() {
        return "arbiter-evidence-handover";
    }

    @Override
    public Collection<HttpMethod> getMinimalSupportedHttpMethods() {
        return List.of(HttpMethod.PATCH);
    }

    @Override
    public void validate(HttpMethod method, HttpServletRequest request, UploadStorageService storageService,
                         String ownerKey) {
        // Everything about the request was checked before the library saw it.
    }

    @Override
    public void process(HttpMethod method, TusServletRequest request, TusServletResponse response,
                        UploadStorageService storageService, String ownerKey) throws IOException, TusException {
        if (method != HttpMethod.PATCH || !(request.getAttribute(ATTRIBUTE) instanceof Patch patch)) {
            return;
        }
        UploadInfo info = storage.getUploadInfo(request.getRequestURI(), ownerKey);
        if (info == null || info.isUploadInProgress() || !patch.body().intact()) {
            return;
        }
        PendingUpload upload = patch.upload();
        UUID evidenceId = null;
        try {
            Path bytes = storage.bytesOf(info);
            evidenceId = intake.accept(upload.disputeId(), patch.actor(), upload.metadata().asMap(), bytes);
            response.setHeader(EVIDENCE_LOCATION, evidenceLocation(request.getContextPath(), upload.disputeId(),
                    evidenceId));
        } finally {
            storage.terminateUpload(info);
            if (evidenceId == null) {
                pending.remove(upload.id());
            } else {
                pending.finish(upload.id(), evidenceId, clock.instant().plus(keepFor));
            }
        }
    }

    static String evidenceLocation(String contextPath, UUID disputeId, UUID evidenceId) {
        return contextPath + "/api/v1/disputes/" + disputeId + "/evidence/" + evidenceId;
    }

    @Override
    public void handleError(HttpMethod method, TusServletRequest request, TusServletResponse response,
                            UploadStorageService storageService, String ownerKey) {
        // A failed PATCH leaves the upload to be resumed; there is nothing to hand over.
    }
}
