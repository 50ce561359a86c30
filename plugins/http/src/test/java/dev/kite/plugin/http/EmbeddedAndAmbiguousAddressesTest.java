package dev.kite.plugin.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * IPv6 addresses that carry an IPv4 address (6to4, Teredo, NAT64) are judged by the IPv4 address
 * they lead to, and IPv4 literals that programs read differently are refused. Before: 6to4 and
 * Teredo addresses embedding 127.0.0.1 or 169.254.169.254 passed as public, and 0177.0.0.1 was
 * read by Java as 177.0.0.1 (public) while curl and browsers read 127.0.0.1.
 */
class EmbeddedAndAmbiguousAddressesTest {

    private static final AddressPolicy DEFAULT = PrivateAddressesAreRefusedTest.DEFAULT;

    private static List<InetAddress> at(String literal) {
        return PrivateAddressesAreRefusedTest.at(literal);
    }

    @Test
    void sixToFourAddressesAreJudgedByTheirIpv4() {
        // 2002:AABB:CCDD::/48 is the 6to4 network of AA.BB.CC.DD
        String loopback = DEFAULT.refusal("h", at("2002:7f00:1::1"));
        assertTrue(loopback != null && loopback.contains("loopback") && loopback.contains("6to4"), loopback);
        assertNotNull(DEFAULT.refusal("h", at("2002:a9fe:a9fe::")), "169.254.169.254 (metadata) through 6to4");
        assertNotNull(DEFAULT.refusal("h", at("2002:0a00:0001::1")), "10.0.0.1 through 6to4");
        assertNull(DEFAULT.refusal("h", at("2002:0808:0808::1")), "8.8.8.8 through 6to4 is public");
    }

    @Test
    void teredoAddressesAreJudgedByServerAndClient() {
        // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, the client address stored inverted
        String client = DEFAULT.refusal("h", at("2001:0:0808:0808:0:0:80ff:fffe"));
        assertTrue(client != null && client.contains("loopback") && client.contains("Teredo client"), client);
        String server = DEFAULT.refusal("h", at("2001:0:7f00:1:0:0:f7f7:f7f7"));
        assertTrue(server != null && server.contains("Teredo server"), server);
        assertNull(DEFAULT.refusal("h", at("2001:0:0808:0808:0:0:f7f7:f7f7")), "8.8.8.8 both ways is public");
    }

    @Test
    void nat64AddressesAreJudgedByTheirIpv4() {
        assertNotNull(DEFAULT.refusal("h", at("64:ff9b::7f00:1")));
        assertNotNull(DEFAULT.refusal("h", at("64:ff9b:1::a00:1")), "local-use NAT64 prefix");
        assertNull(DEFAULT.refusal("h", at("64:ff9b::808:808")));
    }

    @Test
    void ambiguousIpv4LiteralsAreRefused() {
        for (String host : List.of("0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "127.1", "127.0.1", "017700000001",
                "127.000.000.001", "1.2.3.4.5", "256.0.0.1", "127.0.0.1.", "example.0x10", "a.123")) {
            assertNotNull(AddressPolicy.ambiguousIpv4(host), host);
        }
    }

    @Test
    void canonicalLiteralsAndNamesPass() {
        for (String host : List.of("127.0.0.1", "8.8.8.8", "0.0.0.0", "192.0.2.10", "example.com", "api.v2.example.com",
                "1.example", "0x.example.com", "::1", "")) {
            assertNull(AddressPolicy.ambiguousIpv4(host), host);
        }
    }
}
