package io.arbiter.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.CanonicalJson;
import io.arbiter.common.NotFoundException;
import io.arbiter.dispute.RecordedChain;
import io.arbiter.dispute.RecordedEvent;
import io.arbiter.dispute.DisputeEvent.Visibility;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.DisputeView;
import io.arbiter.dispute.Party;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exports a dispute as a case file for the two parties, the agents who can see it, and admins (everyone else: 404).
 * A party's case file holds what its timeline shows: an entry the party may not read (the other side's private
 * limit) appears in {@code chain.json} with its sequence and hashes only, so the chain still links end to end.
 * Everything is read in one snapshot; the ZIP itself is written afterwards, straight to the caller.
 */
@Service
public class CaseFiles {

    private static final Pattern FOLDER = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Set<String> OWN_FILES = Set.of(CaseFile.README, CaseFile.HTML, CaseFile.PDF, CaseFile.CHAIN,
            CaseFile.MANIFEST);

    private final DisputeService disputes;
    private final AuditTrail trail;
    private final UserDirectory users;
    private final ObjectProvider<CaseFileContributor> contributors;
    private final Clock clock;

    CaseFiles(DisputeService disputes, AuditTrail trail, UserDirectory users,
              ObjectProvider<CaseFileContributor> contributors, Clock clock) {
        this.disputes = disputes;
        this.trail = trail;
        this.users = users;
        this.contributors = contributors;
        this.clock = clock;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public CaseFile prepare(Actor viewer, UUID disputeId) {
        if (!viewer.isOneOf(Role.BUYER, Role.SELLER, Role.AGENT, Role.ADMIN)) {
            throw new NotFoundException("dispute", disputeId);
        }
        DisputeView view = disputes.get(viewer, disputeId);
        RecordedChain recorded = trail.chain(disputeId);
        List<RecordedEvent> chain = recorded.events();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);

        CaseFileDocument document = CaseFileDocument.of(view, users::displayName, viewer, now, chain);
        List<CaseFile.Part> parts = new ArrayList<>();
        parts.add(part(CaseFile.README, readme(view).getBytes(StandardCharsets.UTF_8)));
        parts.add(part(CaseFile.HTML, CaseFileHtml.render(document)));
        parts.add(part(CaseFile.PDF, CaseFilePdf.render(document)));
        parts.add(part(CaseFile.CHAIN, chainJson(view, chain, view.yourRole())));
        parts.addAll(contributed(disputeId, viewer));

        ObjectNode manifest = CanonicalJson.MAPPER.createObjectNode();
        manifest.put("format", "arbiter-case-file/2");
        manifest.put("disputeId", view.id().toString());
        manifest.put("orderId", view.orderId());
        manifest.put("generatedAt", now.toString());
        manifest.putObject("generatedFor").put("id", viewer.id()).put("role", viewer.role().name());
        manifest.put("hashAlgorithm", "SHA-256");
        // The head the dispute itself names, not the last entry read: a chain cut short at its tail shows.
        manifest.putObject("chainHead").put("sequence", recorded.headSequence()).put("hash", recorded.headHash());
        return new CaseFile("case-file-" + view.id() + ".zip", now, parts, manifest);
    }

    private static CaseFile.Part part(String path, byte[] bytes) {
        return new CaseFile.Part(path, new ByteArrayResource(bytes));
    }

    private static byte[] chainJson(DisputeView view, List<RecordedEvent> chain, Party reader) {
        ObjectNode root = CanonicalJson.MAPPER.createObjectNode();
        root.put("format", "arbiter-audit-chain/2");
        root.put("disputeId", view.id().toString());
        root.put("hashAlgorithm", "SHA-256");
        root.put("hash", "lower-case hex SHA-256 of the UTF-8 bytes of previousHash + \"\\n\" + canonical;"
                + " the first entry's previousHash is " + CanonicalJson.GENESIS);
        root.put("canonicalForm", "JSON, members sorted by name (UTF-16 code units), no whitespace, null members"
                + " left out, strings escaping only \" \\ and control characters, integers in plain decimal,"
                + " instants ISO-8601 UTC");
        ArrayNode entries = root.putArray("entries");
        for (RecordedEvent entry : chain) {
            ObjectNode node = entries.addObject();
            node.put("sequence", entry.sequence());
            if (readable(entry.visibility(), reader)) {
                node.put("type", entry.type());
                node.put("at", entry.at().toString());
                node.put("actorId", entry.actorId());
                node.put("actorRole", entry.actorRole());
                node.put("summary", entry.summary());
                node.put("canonical", entry.canonical());
            } else {
                node.put("withheld", "visible only to the other party and the agents");
            }
            node.put("previousHash", entry.previousHash());
            node.put("hash", entry.hash());
        }
        return CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static boolean readable(Visibility visibility, Party reader) {
        if (reader != Party.BUYER && reader != Party.SELLER) {
            return true;
        }
        return visibility == Visibility.EVERYONE
                || visibility == Visibility.BUYER_AND_AGENTS && reader == Party.BUYER
                || visibility == Visibility.SELLER_AND_AGENTS && reader == Party.SELLER;
    }

    private List<CaseFile.Part> contributed(UUID disputeId, Actor viewer) {
        List<CaseFile.Part> parts = new ArrayList<>();
        Set<String> folders = new HashSet<>();
        contributors.orderedStream().forEach(contributor -> {
            String folder = contributor.folder();
            if (folder == null || !FOLDER.matcher(folder).matches() || OWN_FILES.contains(folder)
                    || !folders.add(folder)) {
                throw new IllegalStateException(contributor.getClass().getName() + " names folder '" + folder
                        + "': it must be one lower-case name that no other part of the case file uses");
            }
            Set<String> names = new HashSet<>();
            for (CaseFileContributor.File file : contributor.files(disputeId, viewer)) {
                String name = file.name();
                if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".")
                        || name.equals("..") || name.chars().anyMatch(c -> c < 0x20) || !names.add(name)) {
                    throw new IllegalStateException(contributor.getClass().getName() + " names a file '" + name
                            + "': it must be a plain file name, once per folder");
                }
                parts.add(new CaseFile.Part(folder + "/" + name, file.content()));
            }
        });
        return parts;
    }

    private static String readme(DisputeView view) {
        return """
                Case file of dispute %s (order %s), exported by Arbiter.

                timeline.html  the dispute as its reader saw it: claim, parties, order and listing, every timeline
                               entry with its time and actor, and the outcome
                timeline.pdf   the same content as a PDF
                chain.json     every entry of the dispute's SHA-256 hash chain with its canonical form and hashes
                               (entries the reader may not see keep only their sequence and hashes)
                manifest.json  the SHA-256 of every other file here, and the chain's last entry (sequence, hash)

                To check this case file without Arbiter:
                1. the SHA-256 of each file equals its entry in manifest.json ("sha256sum FILE");
                2. in chain.json, entry 1's previousHash is 64 zeros and each later entry's previousHash is the
                   hash of the entry before it;
                3. each entry's hash is the SHA-256 (lower-case hex) of the UTF-8 bytes of
                   previousHash + a line feed + canonical;
                4. the last entry's sequence and hash equal manifest.json's chainHead; an Arbiter administrator can
                   confirm that the dispute's chain still passes through that hash.
                """.formatted(view.id(), view.orderId());
    }
}
