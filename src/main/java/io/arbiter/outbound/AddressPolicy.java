package io.arbiter.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where Arbiter may POST: https only, and never to an address inside our own network (loopback, private,
 * link-local including cloud metadata at 169.254.169.254, IPv6 unique-local, any-local, multicast,
 * carrier-grade NAT, reserved), including IPv4 addresses embedded in IPv6 ones. Otherwise anyone who can
 * register an endpoint could make Arbiter call its internal services. Hosts on the allow-list, compared
 * with the URL's host as written, are exempt from both rules.
 *
 * <p>DNS answers change, so a URL accepted once is no promise: every connection asks
 * {@link #connectableAddresses} for the addresses to connect to, which resolves the name once, checks every
 * address and hands over exactly the ones it checked (see {@link PinnedDns}). A name that answers with a public
 * address to the check and with an internal one to the connection (DNS rebinding) gets no second question.
 */
final class AddressPolicy {

    private static final int MAX_URL_LENGTH = 2000;

    private final Set<String> allowedHosts;
    private final HostResolver resolver;

    AddressPolicy(Collection<String> allowedHosts, HostResolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(AddressPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /**
     * Why the URL may not be used, or empty when it may: its form, then the addresses its host has now.
     *
     * @param refuseUnresolvable whether a host that does not resolve now is refused; when not, it is left
     *                           to the connection (a DNS hiccup must not fail the caller's transaction)
     */
    Optional<String> refusal(String url, boolean refuseUnresolvable) {
        Optional<String> form = formRefusal(url);
        if (form.isPresent()) {
            return form;
        }
        String host = normalize(URI.create(url).getHost());
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        try {
            connectableAddresses(host);
            return Optional.empty();
        } catch (AddressRefused refused) {
            return Optional.of(refused.getMessage());
        } catch (UnknownHostException e) {
            return refuseUnresolvable ? Optional.of("the host " + host + " does not resolve") : Optional.empty();
        }
    }

    /**
     * Why the URL may not be used whatever its host resolves to (not https, no host, an ambiguous IPv4 form), or
     * empty when its form is fine. A send checks only this: its addresses are checked as it connects.
     */
    Optional<String> formRefusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("a URL is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("the URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("'" + url + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("the URL must start with https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("the URL has no valid host");
        }
        String host = normalize(uri.getHost());
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("the URL must use https");
        }
        if (isAmbiguousIpv4(host)) {
            return Optional.of("the host " + host + " reads as an IPv4 address in octal or hexadecimal to some"
                    + " clients and in decimal to others; write it as four decimal numbers without leading zeros");
        }
        return Optional.empty();
    }

    /**
     * The addresses a connection to {@code host} may use: resolved once, and refused with {@link AddressRefused}
     * when any of them is internal, unless the host is on the allow-list. The caller connects to exactly these.
     */
    InetAddress[] connectableAddresses(String host) throws UnknownHostException {
        String name = normalize(host);
        InetAddress[] addresses = isIpLiteral(name) ? new InetAddress[] {InetAddress.getByName(name)}
                : resolver.resolve(name);
        if (!allowedHosts.contains(name)) {
            for (InetAddress address : addresses) {
                if (isInternal(address)) {
                    throw new AddressRefused("the host " + name + " resolves to " + address.getHostAddress()
                            + ", a private or reserved address");
                }
            }
        }
        return addresses;
    }

    /** A host whose addresses the policy refuses; an {@link UnknownHostException} so HTTP clients stop at it. */
    static final class AddressRefused extends UnknownHostException {

        AddressRefused(String reason) {
            super(reason);
        }
    }

    /** Loopback, private, link-local, unique-local, any-local, multicast, CGNAT, or otherwise not public. */
    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && (second & 0xc0) == 64)  // 100.64.0.0/10 carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 IETF protocol
                    || (first == 198 && (second & 0xfe) == 18)  // 198.18.0.0/15 benchmarking
                    || first >= 240;                            // reserved and broadcast
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return true;                                        // fc00::/7 unique local
        }
        if (allZero(b, 0, 10) && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || allZero(b, 10, 12))) {
            return isInternal(v4(b, 12));                       // IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d
        }
        if (allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && allZero(b, 10, 12)) {
            return isInternal(v4(b, 12));                       // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765)
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && (b[4] & 0xff) == 0x00 && (b[5] & 0xff) == 0x01) {
            return true;                                        // 64:ff9b:1::/48 local-use NAT64 (RFC 8215)
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12)) {
            return isInternal(v4(b, 12));                       // 64:ff9b::/96 NAT64
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return isInternal(v4(b, 2));                        // 2002::/16 6to4
        }
        return false;
    }

    /**
     * An IP address as written, which {@link InetAddress#getByName} parses without asking DNS: IPv6, and one to four
     * decimal numbers ({@code 2130706433} and {@code 127.1} are 127.0.0.1 to Java, browsers and the C library alike).
     */
    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d+(\\.\\d+){0,3}");
    }

    /**
     * Dotted numbers with a leading zero or a hexadecimal part ({@code 0177.0.0.1}, {@code 0x7f.1}): Java reads the
     * first as 177.0.0.1, the C library and curl as 127.0.0.1, so what is checked need not be what is reached.
     */
    private static boolean isAmbiguousIpv4(String host) {
        String[] parts = host.split("\\.");
        return Arrays.stream(parts).allMatch(part -> part.matches("0x[0-9a-f]*|\\d+"))
                && Arrays.stream(parts).anyMatch(part -> part.startsWith("0x") || part.matches("0\\d+"));
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] bytes, int from) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** Lower case, without IPv6 brackets or a trailing dot, so that allow-list entries match however written. */
    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
