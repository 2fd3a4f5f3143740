package io.arbiter.evidence.storage;

import java.util.Collection;
import java.util.Set;

/** Which blobs recorded evidence names (as its file or its thumbnail): those are never deleted. */
@FunctionalInterface
public interface BlobReferences {

    /** The ones among {@code sha256s} that some committed row names. */
    Set<String> referenced(Collection<String> sha256s);
}
