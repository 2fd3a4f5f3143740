package io.arbiter.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's name resolution: each connection resolves its host once through the address policy and
 * connects to the very addresses the policy checked, so no later DNS answer reaches a socket unchecked.
 */
final class PinnedDns implements DnsResolver {

    private final AddressPolicy policy;

    PinnedDns(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.connectableAddresses(host);
    }

    /** Only used for Kerberos-style authentication, which Arbiter never does; asks no DNS. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
