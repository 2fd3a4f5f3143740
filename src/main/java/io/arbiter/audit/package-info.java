/**
 * The tamper-evident record of every dispute: each {@link io.arbiter.dispute.DisputeEvent} is appended, in the
 * transaction of the change, to its dispute's SHA-256 hash chain ({@link io.arbiter.audit.CanonicalJson} says
 * exactly what is hashed, so that anyone can recompute it); {@link io.arbiter.audit.AuditTrail} verifies the chains
 * (admin endpoints, and the command {@code audit verify}); {@link
 * io.arbiter.audit.CaseFiles} exports a dispute as a self-checking ZIP case file (readable timeline as HTML and
 * PDF, the chain, a manifest of SHA-256 sums), to which other modules add files through {@link
 * io.arbiter.audit.CaseFileContributor} (the evidence module adds the originals). It listens to the dispute
 * module; only contributors depend on it.
 */
package io.arbiter.audit;
