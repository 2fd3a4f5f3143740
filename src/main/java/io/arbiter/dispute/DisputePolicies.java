package io.arbiter.dispute;

/**
 * Every version of the policy file this Arbiter knows: the one in force, which new disputes are opened under, and
 * each one recorded before, which the disputes opened under it keep until they close.
 */
public interface DisputePolicies {

    /** The policy new disputes are opened under. */
    DisputePolicy inForce();

    /** The policy of a recorded version, such as the one a dispute was opened under. */
    DisputePolicy of(String version);
}
