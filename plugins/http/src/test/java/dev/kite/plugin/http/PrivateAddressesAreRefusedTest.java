package dev.kite.plugin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Private, loopback, link-local and reserved addresses are refused unless allowed. */
class PrivateAddressesAreRefusedTest {

    /** The addresses of literals (no name is looked up). */
    static List<InetAddress> at(String... literals) {
        return java.util.Arrays.stream(literals).map(l -> {
            try {
                return InetAddress.getByName(l);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }

    static final AddressPolicy DEFAULT = new AddressPolicy(List.of(), List.of(), false);

    @Test
    void specialAddressesAreRefusedByDefault() {
        for (String a : List.of("127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "fe80::1", "fd00::1", "0.0.0.0", "::", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::ffff:127.0.0.1",
                "64:ff9b::a9fe:a9fe", "::127.0.0.1", "198.18.0.1", "240.0.0.1")) {
            String refusal = DEFAULT.refusal("h", at(a));
            assertTrue(refusal != null && refusal.contains("kite.http.allowed-networks"), a + ": " + refusal);
        }
        assertTrue(DEFAULT.refusal("metadata", at("169.254.169.254")).contains("a link-local address"));
        assertTrue(DEFAULT.refusal("localhost", at("127.0.0.1")).contains("a loopback address"));
        assertTrue(DEFAULT.refusal("db", at("10.0.0.5")).contains("a private address"));
    }

    @Test
    void publicAddressesPass() {
        for (String a : List.of("93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1", "100.128.0.1")) {
            assertNull(DEFAULT.refusal("h", at(a)), a);
        }
    }

    @Test
    void everyAddressOfANameIsChecked() {
        assertTrue(DEFAULT.refusal("two-faced", at("8.8.8.8", "10.0.0.1")) != null);
    }

    @Test
    void allowedNetworksAndHostsOpenTheWay() {
        AddressPolicy p = new AddressPolicy(List.of("*.svc.cluster.local", "billing.internal"),
                List.of("127.0.0.1/32", "10.0.0.0/8", "fd00::/8"), false);
        assertNull(p.refusal("h", at("127.0.0.1")));
        assertTrue(p.refusal("h", at("127.0.0.2")) != null, "only the listed network");
        assertNull(p.refusal("h", at("10.200.1.1")));
        assertNull(p.refusal("h", at("fd12::1")));
        assertNull(p.refusal("api.ns.svc.cluster.local", at("192.168.0.1")));
        assertNull(p.refusal("BILLING.internal", at("192.168.0.1")));
        assertTrue(p.refusal("billing.internal.evil.com", at("192.168.0.1")) != null);
    }

    @Test
    void allowListOnlyRefusesPublicAddressesToo() {
        AddressPolicy p = new AddressPolicy(List.of("api.example.com"), List.of("8.8.8.0/24"), true);
        assertNull(p.refusal("api.example.com", at("93.184.216.34")));
        assertNull(p.refusal("dns", at("8.8.8.8")));
        assertTrue(p.refusal("other.example.com", at("93.184.216.34")).contains("kite.http.allow-list-only"));
    }

    @Test
    void badNetworksAreReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AddressPolicy(List.of(), List.of("10.0.0.0/33"), false));
        assertEquals("'10.0.0.0/33' has a prefix length outside 0..32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of(), List.of("example.com/8"), false));
    }
}
