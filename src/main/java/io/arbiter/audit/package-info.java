/**
 * The tamper-evident record of every dispute, seen from outside: {@link io.arbiter.audit.AuditTrail} verifies the
 * hash chains the dispute module seals its events onto ({@link io.arbiter.dispute.EventChain}; {@link
 * io.arbiter.common.CanonicalJson} says exactly what is hashed, so that anyone can recompute it), and that each
 * dispute's row says what its events say (admin endpoints, and the command {@code audit verify}); {@link
 * io.arbiter.audit.CaseFiles} exports a dispute as a self-checking ZIP case file (readable timeline as HTML and
 * PDF, the chain, a manifest of SHA-256 sums), to which other modules add files through {@link
 * io.arbiter.audit.CaseFileContributor} (the evidence module adds the originals). It reads the dispute
 * module; only contributors depend on it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "dispute", "identity", "messaging", "order"})
package io.arbiter.audit;
