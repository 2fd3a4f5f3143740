package io.arbiter.evidence.upload;

import static io.arbiter.evidence.upload.TusHeaders.TUS_VERSION;
import static io.arbiter.evidence.upload.TusHeaders.notAllowed;
import static io.arbiter.evidence.upload.TusHeaders.requireSupportedChecksum;
import static io.arbiter.evidence.upload.TusHeaders.requireTusResumable;
import static io.arbiter.evidence.upload.TusHeaders.requireUploadBytes;
import static io.arbiter.evidence.upload.TusHeaders.uploadLength;
import static io.arbiter.evidence.upload.TusHeaders.uploadOffset;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.evidence.EvidenceIntake;
import io.arbiter.identity.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import me.desair.tus.server.HttpMethod;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.exception.UploadAlreadyLockedException;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadLock;
import me.desair.tus.server.upload.UploadLockingService;

/**
 * Resumable evidence uploads with the tus 1.0 protocol (creation, termination, expiration and checksum
 * extensions), so that a phone on a flaky connection resumes where it stopped. tus-java-server stores the bytes;
 * Arbiter checks everything before the library sees a request: who may upload to the dispute, that the caller
 * owns the upload (anyone else gets 404), the metadata and the size limit of the kind, the headers
 * ({@link TusHeaders}), and expiry by its own clock. The last PATCH hands the file to the {@link EvidenceIntake}
 * ({@link EvidenceHandover}); the completed upload then answers HEAD with all its bytes and the piece it became for
 * as long as an unfinished one is kept. After a crash the offset is recovered from the bytes on disk. Every error is
 * a problem document.
 */
@Service
public class ResumableUploads {

    private static final Logger log = LoggerFactory.getLogger(ResumableUploads.class);
    private static final int CLEANUP_BATCH = 500;

    private final TusFileUploadService tus;
    private final TusStorage storage;
    private final UploadLockingService locks;
    private final PendingUploads pending;
    private final EvidenceIntake intake;
    private final Clock clock;
    private final UploadProperties properties;
    private final String contextPath;

    ResumableUploads(TusFileUploadService tus, TusStorage storage, UploadLockingService locks, PendingUploads pending,
                     EvidenceIntake intake, Clock clock, UploadProperties properties,
                     @Value("${server.servlet.context-path:}") String contextPath) {
        this.tus = tus;
        this.storage = storage;
        this.locks = locks;
        this.pending = pending;
        this.intake = intake;
        this.clock = clock;
        this.properties = properties;
        this.contextPath = contextPath;
    }

    /** A request to the uploads of a dispute: creation (POST) or discovery (OPTIONS). */
    public void handleUploads(Actor actor, UUID disputeId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        HttpMethod method = methodOf(request);
        response.setHeader("Tus-Resumable", TUS_VERSION);
        if (method == HttpMethod.OPTIONS) {
            options(actor, disputeId, request, response);
        } else if (method == HttpMethod.POST) {
            create(actor, disputeId, request, response);
        } else {
            throw notAllowed(request, "POST, OPTIONS");
        }
    }

    /** A request to one upload: its offset (HEAD), more bytes (PATCH), termination (DELETE), or OPTIONS. */
    public void handleUpload(Actor actor, UUID disputeId, UUID uploadId, HttpServletRequest request,
                             HttpServletResponse response) throws IOException {
        HttpMethod method = methodOf(request);
        response.setHeader("Tus-Resumable", TUS_VERSION);
        if (method == HttpMethod.OPTIONS) {
            options(actor, disputeId, request, response);
        } else if (method == HttpMethod.HEAD) {
            offset(actor, disputeId, uploadId, request, response);
        } else if (method == HttpMethod.PATCH) {
            append(actor, disputeId, uploadId, request, response);
        } else if (method == HttpMethod.DELETE) {
            terminate(actor, disputeId, uploadId, request, response);
        } else {
            throw notAllowed(request, "HEAD, PATCH, DELETE, OPTIONS");
        }
    }

    /**
     * Removes uploads not completed in time, with their bytes, and forgets completed ones whose time is up. One still
     * being written waits for the next run.
     */
    @Scheduled(fixedDelayString = "${arbiter.evidence.upload.cleanup-interval:10m}",
            initialDelayString = "${arbiter.evidence.upload.cleanup-interval:10m}")
    public void removeExpired() {
        for (PendingUpload upload : pending.expired(clock.instant(), CLEANUP_BATCH)) {
            try {
                tus.deleteUpload(uriOf(upload.disputeId(), upload.id()), upload.owner());
                pending.remove(upload.id());
            } catch (UploadAlreadyLockedException e) {
                log.debug("Expired upload {} is still being written; removing it on the next run", upload.id());
            } catch (IOException | TusException e) {
                log.warn("Could not remove expired upload {}: {}", upload.id(), e.getMessage());
            }
        }
    }

    private void options(Actor actor, UUID disputeId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        intake.checkMayUpload(disputeId, actor);
        process(request, response, ownerKey(actor));
        long largest = UploadMetadata.FILE_KINDS.stream().mapToLong(intake::limitFor).max().orElseThrow();
        response.setHeader("Tus-Max-Size", Long.toString(largest));
        // Without it the servlet would add its own, naming methods these addresses do not take.
        response.setHeader("Allow", "POST, HEAD, PATCH, DELETE, OPTIONS");
    }

    private void create(Actor actor, UUID disputeId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        requireTusResumable(request);
        intake.checkMayUpload(disputeId, actor);
        if (request.getHeader("Upload-Defer-Length") != null) {
            throw new InvalidInputException("Upload-Defer-Length",
                    "a deferred length is not supported: send Upload-Length with the size of the file");
        }
        long length = uploadLength(request.getHeader("Upload-Length"));
        UploadMetadata metadata = UploadMetadata.parse(request.getHeader(UploadMetadata.HEADER));
        intake.checkSubmission(disputeId, actor, metadata.asMap());
        long limit = intake.limitFor(metadata.kind());
        if (length > limit) {
            throw new PayloadTooLargeException("Upload-Length", "a " + metadata.kind().code() + " may have at most "
                    + limit + " bytes; this one has " + length);
        }

        String owner = ownerKey(actor);
        process(request, response, owner);
        String location = response.getHeader("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Instant now = clock.instant();
        PendingUpload upload = new PendingUpload(id, disputeId, owner, metadata, length, now,
                now.plus(properties.expireAfter()), null);
        try {
            pending.add(upload);
        } catch (RuntimeException e) {
            discard(upload);
            throw e;
        }
        response.setDateHeader("Upload-Expires", upload.expiresAt().toEpochMilli());
    }

    private void offset(Actor actor, UUID disputeId, UUID uploadId, HttpServletRequest request,
                        HttpServletResponse response) throws IOException {
        requireTusResumable(request);
        PendingUpload upload = ownUpload(actor, disputeId, uploadId);
        requireNotExpired(upload);
        if (upload.finished()) {
            answerFinished(upload, response);
            return;
        }
        recoverOffset(upload);
        process(request, response, upload.owner());
        response.setDateHeader("Upload-Expires", upload.expiresAt().toEpochMilli());
    }

    /**
     * A completed upload answers as tus has it, with all its bytes, and names the piece it became: a client whose
     * answer to the last PATCH was lost asks HEAD before anything else, and must not send the file again.
     */
    private void answerFinished(PendingUpload upload, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Upload-Offset", Long.toString(upload.length()));
        response.setHeader("Upload-Length", Long.toString(upload.length()));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader(EvidenceHandover.EVIDENCE_LOCATION, evidenceLocationOf(upload));
        response.setDateHeader("Upload-Expires", upload.expiresAt().toEpochMilli());
    }

    /** Brings the library's record of the offset in line with the bytes on disk (after a crash they differ). */
    private void recoverOffset(PendingUpload upload) throws IOException {
        withLockedInfo(upload, info -> {
            storage.recoverOffset(info);
            return info;
        });
    }

    private void append(Actor actor, UUID disputeId, UUID uploadId, HttpServletRequest request,
                        HttpServletResponse response) throws IOException {
        requireTusResumable(request);
        PendingUpload upload = ownUpload(actor, disputeId, uploadId);
        requireNotExpired(upload);
        requireUploadBytes(request.getContentType());
        String checksum = request.getHeader("Upload-Checksum");
        requireSupportedChecksum(checksum);
        long declaredOffset = uploadOffset(request.getHeader("Upload-Offset"));
        if (upload.finished()) {
            if (declaredOffset != upload.length() || request.getContentLengthLong() > 0) {
                throw new TusProblem(409, "Conflict", "Upload-Offset", "This upload is complete: all its "
                        + upload.length() + " bytes became the evidence at " + evidenceLocationOf(upload),
                        Map.of("Upload-Offset", Long.toString(upload.length()),
                                EvidenceHandover.EVIDENCE_LOCATION, evidenceLocationOf(upload)));
            }
            answerFinished(upload, response);
            return;
        }
        recoverOffset(upload);

        UploadBody body = new UploadBody(request, upload.length() - declaredOffset);
        body.setAttribute(EvidenceHandover.ATTRIBUTE, new EvidenceHandover.Patch(actor, upload, body));
        TusResponse tusResponse = new TusResponse(response);
        IOException failure = null;
        try {
            tus.process(body, tusResponse, upload.owner());
        } catch (IOException e) {
            failure = e;
        }
        if (body.overflowed()) {
            discard(upload);
            throw new PayloadTooLargeException("body", "the body goes on past the " + upload.length()
                    + " bytes of Upload-Length; the upload was removed, start it again");
        }
        if (body.broken()) {
            throw brokenOff(upload, declaredOffset, checksum != null);
        }
        if (failure != null) {
            throw failure;
        }
        tusResponse.failIfUnanswered();
        if (response.getHeader(EvidenceHandover.EVIDENCE_LOCATION) == null) {
            response.setDateHeader("Upload-Expires", upload.expiresAt().toEpochMilli());
        }
    }

    private void terminate(Actor actor, UUID disputeId, UUID uploadId, HttpServletRequest request,
                           HttpServletResponse response) throws IOException {
        requireTusResumable(request);
        PendingUpload upload = ownUpload(actor, disputeId, uploadId);
        if (upload.finished()) {
            throw new TusProblem(409, "Conflict", "uploadId", "This upload is complete: it became the evidence at "
                    + evidenceLocationOf(upload) + ", which is never deleted; its supplier may withdraw it",
                    Map.of(EvidenceHandover.EVIDENCE_LOCATION, evidenceLocationOf(upload)));
        }
        try {
            process(request, response, upload.owner());
        } catch (TusProblem problem) {
            if (problem.status() == 404) {
                pending.remove(upload.id());
            }
            throw problem;
        }
        pending.remove(upload.id());
    }

    private void process(HttpServletRequest request, HttpServletResponse response, String owner) throws IOException {
        TusResponse tusResponse = new TusResponse(response);
        tus.process(request, tusResponse, owner);
        tusResponse.failIfUnanswered();
    }

    /**
     * The connection broke off in the middle of a PATCH. The bytes that arrived stay, so the client resumes from
     * there, unless they came with a checksum: that covers the whole body, so a part cannot be trusted.
     */
    private RuntimeException brokenOff(PendingUpload upload, long declaredOffset, boolean checksummed)
            throws IOException {
        Optional<Long> offset = withLockedInfo(upload, info -> {
            if (checksummed && info.getOffset() > declaredOffset) {
                storage.removeLastNumberOfBytes(info, info.getOffset() - declaredOffset);
            }
            return info.getOffset();
        });
        if (offset.isEmpty()) {
            return new NotFoundException("upload", upload.id());
        }
        long stored = offset.get();
        log.info("PATCH of upload {} broke off; {} bytes are stored", upload.id(), stored);
        // The servlet container has answered 400 already; this says the same to a client still listening.
        return new TusProblem(400, "Incomplete body", "body", "The request body ended before its Content-Length;"
                + " " + stored + " bytes of the upload are stored: resume from that offset",
                Map.of("Upload-Offset", Long.toString(stored)));
    }

    private interface LockedWork<T> {
        T apply(UploadInfo info) throws IOException, TusException;
    }

    /** Works on the library's record of the upload under its lock; empty when the library has no such upload. */
    private <T> Optional<T> withLockedInfo(PendingUpload upload, LockedWork<T> work) throws IOException {
        String uri = uriOf(upload.disputeId(), upload.id());
        try (UploadLock lock = locks.lockUploadByUri(uri)) {
            UploadInfo info = storage.getUploadInfo(uri, upload.owner());
            return info == null ? Optional.empty() : Optional.of(work.apply(info));
        } catch (UploadAlreadyLockedException e) {
            throw TusProblem.locked();
        } catch (TusException e) {
            // Terminated while we waited for it.
            return Optional.empty();
        }
    }

    private String evidenceLocationOf(PendingUpload upload) {
        return EvidenceHandover.evidenceLocation(contextPath, upload.disputeId(), upload.evidenceId());
    }

    private PendingUpload ownUpload(Actor actor, UUID disputeId, UUID uploadId) {
        intake.checkMayUpload(disputeId, actor);
        return pending.find(uploadId, disputeId, ownerKey(actor))
                .orElseThrow(() -> new NotFoundException("upload", uploadId));
    }

    private void requireNotExpired(PendingUpload upload) {
        if (upload.expiredAt(clock.instant())) {
            throw new TusProblem(410, "Gone", "uploadId", upload.finished()
                    ? "This upload was completed and is remembered no longer (since " + upload.expiresAt() + ")"
                    : "This upload expired at " + upload.expiresAt() + " before it was completed; start a new one");
        }
    }

    private void discard(PendingUpload upload) {
        try {
            tus.deleteUpload(uriOf(upload.disputeId(), upload.id()), upload.owner());
        } catch (IOException | TusException e) {
            log.warn("Could not remove upload {}; the cleanup removes it when it expires: {}", upload.id(),
                    e.getMessage());
            return;
        }
        pending.remove(upload.id());
    }

    private String uriOf(UUID disputeId, UUID uploadId) {
        return contextPath + "/api/v1/disputes/" + disputeId + "/uploads/" + uploadId;
    }

    /** The method as tus clients mean it: behind a proxy that only passes POST they say it in a header. */
    private HttpMethod methodOf(HttpServletRequest request) {
        return HttpMethod.getMethodIfSupported(request, tus.getSupportedHttpMethods());
    }
    private static String ownerKey(Actor actor) {
        return actor.role() + ":" + actor.id();
    }
}
