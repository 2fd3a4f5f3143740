/**
 * The evidence vault: files and links that buyers and sellers bring to a dispute. Files are checked by content
 * (type, archives, images), fingerprinted (SHA-256, perceptual hash), stored once per content on disk or in S3,
 * never changed (a file is deleted only while no evidence names it), verified on every read, and served only to
 * the two parties and agents. Tells the dispute module which required evidence is satisfied.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "common", "dispute", "identity", "outbound"})
package io.arbiter.evidence;
