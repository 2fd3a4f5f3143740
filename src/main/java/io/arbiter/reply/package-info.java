/**
 * Agents' saved replies: reusable texts an agent picks on a case page to start an information request, a
 * suggestion's reasons or a decision's reasons, then edits before sending. Each is in one of the pages' five
 * languages and is either an agent's own (nobody else sees it) or one of the desk's shared ones, which every agent
 * reads and only admins keep. Owns the {@code saved_reply} table; depends on nobody's data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Saved replies",
        allowedDependencies = {"common", "identity"})
package io.arbiter.reply;
