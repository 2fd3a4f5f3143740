package io.arbiter.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where Arbiter may POST, decided without a network: host names resolve through a fixed table. */
class OutboundUrlPolicyTests {

    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.215.14"),
            "intranet.example.com", List.of("10.20.30.40"),
            "half-internal.example.com", List.of("93.184.215.14", "192.168.1.20"),
            "metadata.example.com", List.of("169.254.169.254"),
            "v6-internal.example.com", List.of("fd12:3456::1"));

    private static final HostResolver FIXED = host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByName(addresses.get(i));
        }
        return resolved;
    };

    private final AddressPolicy policy = new AddressPolicy(List.of(), FIXED);

    @ParameterizedTest
    @ValueSource(strings = {"https://0177.0.0.1/hooks", "https://0x7f.0.0.1/hooks", "https://0x7f000001/hooks",
            "https://010.0.0.1/hooks", "https://127.000.000.001/hooks"})
    void refusesAnIpv4AddressThatClientsReadDifferently(String url) {
        // 0x7f.0.0.1 is not even a host to java.net.URI; the others are named for what they are.
        assertThat(policy.refusal(url, true)).isPresent();
        assertThat(policy.refusal("https://0177.0.0.1/hooks", true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("four decimal numbers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://2130706433/hooks", "https://0/hooks", "https://4294967295/hooks",
            "https://[::ffff:7f00:1]/hooks", "https://[0:0:0:0:0:ffff:7f00:1]/hooks", "https://[::127.0.0.1]/hooks",
            "https://[::ffff:a9fe:a9fe]/hooks"})
    void refusesLoopbackAndPrivateAddressesInTheirDecimalShortAndIpv6Forms(String url) {
        assertThat(policy.refusal(url, true)).hasValueSatisfying(
                reason -> assertThat(reason).contains("private or reserved address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://017700000001/hooks", "https://0177.1/hooks", "https://0x7F.0.0.1/hooks",
            "https://0177.0.0.01/hooks", "https://%31%32%37.0.0.1/hooks", "https://127.1/hooks", "https://10.1/hooks",
            "https://127.0.0.1./hooks"})
    void refusesOctalHexadecimalShortAndEncodedHostsHoweverTheyWouldBeRead(String url) {
        // java.net.URI, which the HTTP client parses with too, finds no host in the short and dotted forms.
        assertThat(policy.refusal(url, true)).isPresent();
        assertThat(policy.formRefusal(url)).as("refused before any address is looked at").isPresent();
    }

    @Test
    void aConnectionGetsExactlyTheAddressesThatWereCheckedAndANameIsAskedOnce() throws Exception {
        // A DNS server that answers a public address first and the loopback address after (DNS rebinding).
        List<String> answers = new java.util.ArrayList<>(List.of("93.184.215.14", "127.0.0.1"));
        int[] asked = {0};
        AddressPolicy rebound = new AddressPolicy(List.of(), host -> {
            asked[0]++;
            return new InetAddress[] {InetAddress.getByName(answers.size() > 1 ? answers.remove(0) : answers.get(0))};
        });
        PinnedDns dns = new PinnedDns(rebound);

        assertThat(dns.resolve("rebind.example.com")).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14");
        assertThat(asked[0]).isEqualTo(1);

        assertThatThrownBy(() -> dns.resolve("rebind.example.com")).as("the next connection asks again, and is refused")
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("127.0.0.1");
        assertThat(asked[0]).isEqualTo(2);
    }

    @Test
    void anAllowListedNameConnectsWhereverItResolves() throws Exception {
        AddressPolicy allowing = new AddressPolicy(List.of("intranet.example.com"), FIXED);

        assertThat(new PinnedDns(allowing).resolve("intranet.example.com")).extracting(InetAddress::getHostAddress)
                .containsExactly("10.20.30.40");
        assertThatThrownBy(() -> new PinnedDns(policy).resolve("intranet.example.com"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("10.20.30.40");
    }

    @Test
    void acceptsHttpsToAPublicHost() {
        assertThat(policy.refusal("https://hooks.example.com/arbiter", true)).isEmpty();
        assertThat(policy.refusal("https://93.184.215.14:8443/arbiter?x=1", true)).isEmpty();
        assertThat(policy.refusal("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/arbiter", true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/arbiter", "http://93.184.215.14/arbiter"})
    void refusesPlainHttpToAPublicHost(String url) {
        assertThat(policy.refusal(url, true)).hasValueSatisfying(reason -> assertThat(reason).contains("https"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/hooks", "https://127.8.9.10/hooks", "https://10.0.0.1/hooks", "https://172.16.5.4/hooks",
            "https://172.31.255.255/hooks", "https://192.168.1.1/hooks", "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/hooks", "https://100.127.255.254/hooks", "https://0.0.0.0/hooks", "https://224.0.0.1/hooks",
            "https://255.255.255.255/hooks", "https://[::1]/hooks", "https://[::]/hooks", "https://[fd00::1]/hooks",
            "https://[fc00::2]/hooks", "https://[fe80::1]/hooks", "https://[ff02::1]/hooks",
            "https://[::ffff:10.0.0.1]/hooks", "https://[::ffff:127.0.0.1]/hooks", "https://[64:ff9b::a9fe:a9fe]/hooks",
            "https://[2002:c0a8:101::1]/hooks", "https://[::ffff:0:7f00:1]/hooks", "https://[::ffff:0:127.0.0.1]/hooks",
            "https://[64:ff9b:1::7f00:1]/hooks"})
    void refusesHttpsToLoopbackPrivateLinkLocalUniqueLocalAndReservedAddresses(String url) {
        assertThat(policy.refusal(url, true)).hasValueSatisfying(
                reason -> assertThat(reason).contains("private or reserved address"));
    }

    @Test
    void refusesAHostNameWhenAnyOfItsAddressesIsInternal() {
        assertThat(policy.refusal("https://intranet.example.com/hooks", true)).hasValueSatisfying(
                reason -> assertThat(reason).contains("10.20.30.40"));
        assertThat(policy.refusal("https://half-internal.example.com/hooks", true)).hasValueSatisfying(
                reason -> assertThat(reason).contains("192.168.1.20"));
        assertThat(policy.refusal("https://metadata.example.com/", true)).isPresent();
        assertThat(policy.refusal("https://v6-internal.example.com/", true)).isPresent();
    }

    @Test
    void acceptsAllowListedHostsOverHttpAndOnPrivateAddresses() {
        AddressPolicy allowing = new AddressPolicy(List.of("127.0.0.1", "LocalHost", "[::1]", "10.1.2.3",
                "intranet.example.com"), FIXED);
        assertThat(allowing.refusal("http://127.0.0.1:8080/hooks", true)).isEmpty();
        assertThat(allowing.refusal("https://localhost/hooks", true)).isEmpty();
        assertThat(allowing.refusal("http://[::1]:9000/hooks", true)).isEmpty();
        assertThat(allowing.refusal("http://10.1.2.3/hooks", true)).isEmpty();
        assertThat(allowing.refusal("http://intranet.example.com/hooks", true)).isEmpty();
        assertThat(allowing.refusal("https://10.1.2.4/hooks", true)).isPresent();
        assertThat(allowing.refusal("https://127.0.0.2/hooks", true)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not a url", "hooks.example.com/arbiter", "ftp://hooks.example.com/x",
            "file:///etc/passwd", "https:///no-host", "https://under_score.example.com/"})
    void refusesWhatIsNotAnHttpsUrlWithAHost(String url) {
        assertThat(policy.refusal(url, true)).isPresent();
    }

    @Test
    void refusesAnUnresolvableHostOnlyWhenAskedTo() {
        assertThat(policy.refusal("https://nowhere.example.com/hooks", true)).hasValueSatisfying(
                reason -> assertThat(reason).contains("does not resolve"));
        assertThat(policy.refusal("https://nowhere.example.com/hooks", false)).isEmpty();
    }
}
