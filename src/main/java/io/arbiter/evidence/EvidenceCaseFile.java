package io.arbiter.evidence;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.arbiter.audit.CaseFileContributor;
import io.arbiter.common.Json;
import io.arbiter.dispute.DisputeService;
import io.arbiter.dispute.Party;
import io.arbiter.identity.Actor;

/**
 * Puts every original file of a dispute into its case file's {@code evidence/} folder, byte for byte (each read
 * verified against its SHA-256), with {@code evidence.json} describing every piece, links and withdrawals
 * included. Only the two parties and agents get this folder.
 */
@Component
class EvidenceCaseFile implements CaseFileContributor {

    private final EvidenceService evidence;
    private final EvidenceViews views;
    private final DisputeService disputes;

    EvidenceCaseFile(EvidenceService evidence, EvidenceViews views, DisputeService disputes) {
        this.evidence = evidence;
        this.views = views;
        this.disputes = disputes;
    }

    @Override
    public String folder() {
        return "evidence";
    }

    @Override
    public List<File> files(UUID disputeId, Actor viewer) {
        Party reader = disputes.get(viewer, disputeId).yourRole();
        if (reader != Party.BUYER && reader != Party.SELLER && reader != Party.AGENT) {
            return List.of();
        }
        List<StoredEvidence> pieces = evidence.forCaseFile(disputeId);
        if (pieces.isEmpty()) {
            return List.of();
        }
        List<File> files = new ArrayList<>();
        List<Map<String, Object>> index = new ArrayList<>();
        int number = 0;
        for (StoredEvidence piece : pieces) {
            number++;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("piece", views.view(piece, reader));
            if (piece.sha256() != null) {
                String name = String.format("%03d-%s", number, nameOf(piece));
                entry.put("file", name);
                files.add(new File(name, () -> evidence.open(piece.sha256(), 0, -1)));
            }
            index.add(entry);
        }
        byte[] json = Json.write(index).getBytes(StandardCharsets.UTF_8);
        files.add(0, new File("evidence.json", () -> new ByteArrayInputStream(json)));
        return files;
    }

    private static String nameOf(StoredEvidence piece) {
        String name = piece.fileName() == null ? piece.kind().code() : piece.fileName();
        return name.replaceAll("[^A-Za-z0-9._ -]", "_");
    }
}
