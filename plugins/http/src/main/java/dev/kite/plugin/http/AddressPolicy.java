package dev.kite.plugin.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses Kite may call (against server-side request forgery). Public addresses may be
 * called unless {@code allowListOnly}; private, loopback, link-local and other special addresses
 * only when their network is allowed. A host name on the allow-list may be called whatever it
 * resolves to. Every address a name resolves to is checked, and the request then goes to a checked
 * address, so that a second lookup cannot swap in another one.
 */
final class AddressPolicy {

    /** A network in CIDR notation. */
    record Cidr(byte[] network, int prefix, String text) {

        static Cidr parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
            }
            byte[] addr;
            try {
                addr = InetAddress.getByName(host).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
            }
            int bits = addr.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
            }
            return new Cidr(addr, prefix, t);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Cidr> SPECIAL_V4 = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"), Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"),
            Cidr.parse("203.0.113.0/24"), Cidr.parse("240.0.0.0/4"));
    private static final Cidr UNIQUE_LOCAL_V6 = Cidr.parse("fc00::/7");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr NAT64_LOCAL = Cidr.parse("64:ff9b:1::/48");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");

    private final List<String> hosts;
    private final List<Cidr> networks;
    private final boolean allowListOnly;

    AddressPolicy(List<String> hosts, List<String> networks, boolean allowListOnly) {
        this.hosts = hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        List<Cidr> parsed = new ArrayList<>();
        for (String n : networks) {
            parsed.add(Cidr.parse(n));
        }
        this.networks = List.copyOf(parsed);
        this.allowListOnly = allowListOnly;
    }

    /** Whether the host name itself is allowed (then its addresses are not checked). */
    boolean hostAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String pattern : hosts) {
            if (pattern.startsWith("*.") ? h.endsWith(pattern.substring(1)) : h.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code host}, resolved to {@code addresses}, may not be called; null when it may. */
    String refusal(String host, List<InetAddress> addresses) {
        if (hostAllowed(host)) {
            return null;
        }
        for (InetAddress a : addresses) {
            if (networks.stream().anyMatch(n -> n.contains(a))) {
                continue;
            }
            String kind = special(a);
            if (kind != null) {
                return "host " + host + " resolves to " + a.getHostAddress() + ", a " + kind
                        + " address; Kite calls such addresses only when kite.http.allowed-networks or"
                        + " kite.http.allowed-hosts allows them";
            }
            if (allowListOnly) {
                return "host " + host + " (" + a.getHostAddress() + ") is not in kite.http.allowed-hosts or"
                        + " kite.http.allowed-networks, and kite.http.allow-list-only is set";
            }
        }
        return null;
    }

    /** What makes an address special (not a public unicast address), or null. */
    static String special(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isAnyLocalAddress()) {
            return "wildcard";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if (a instanceof Inet4Address) {
            if (a.getAddress()[0] == (byte) 255 || SPECIAL_V4.stream().anyMatch(n -> n.contains(a))) {
                return "reserved";
            }
            return null;
        }
        if (a instanceof Inet6Address) {
            if (UNIQUE_LOCAL_V6.contains(a)) {
                return "private (unique local)";
            }
            byte[] b = a.getAddress();
            if (NAT64_LOCAL.contains(a)) {
                return "reserved (local-use NAT64)";
            }
            if (NAT64.contains(a) || isV4Compatible(b)) {
                return embedded(b[12], b[13], b[14], b[15], "NAT64 or IPv4-compatible");
            }
            if (SIX_TO_FOUR.contains(a)) {
                return embedded(b[2], b[3], b[4], b[5], "6to4");
            }
            if (TEREDO.contains(a)) {
                // the Teredo server, and the client's address stored inverted in the last four bytes
                String server = embedded(b[4], b[5], b[6], b[7], "Teredo server");
                return server != null ? server : embedded((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15], "Teredo client");
            }
        }
        return null;
    }

    /** What makes the IPv4 address an IPv6 address embeds special ("loopback (in a 6to4 address)"), or null. */
    private static String embedded(byte b0, byte b1, byte b2, byte b3, String scheme) {
        try {
            String inner = special(InetAddress.getByAddress(new byte[] {b0, b1, b2, b3}));
            return inner == null ? null : inner + " (embedded in a " + scheme + " IPv6 address)";
        } catch (UnknownHostException e) {
            return "reserved";
        }
    }

    /**
     * Why {@code host} is an IPv4 literal that programs read differently, or null when it is not
     * one. Browsers and curl read {@code 0177.0.0.1} as octal (127.0.0.1), {@code 0x7f.1} as hex
     * and {@code 2130706433} as one number, while Java reads {@code 0177.0.0.1} as 177.0.0.1: a
     * host whose last label is a number (WHATWG's rule for "this is an IPv4 address") must be
     * written as four decimal numbers 0-255 without leading zeros.
     */
    static String ambiguousIpv4(String host) {
        if (host == null || host.isEmpty() || host.indexOf(':') >= 0) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        String trimmed = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        String last = trimmed.substring(trimmed.lastIndexOf('.') + 1);
        boolean numeric = !last.isEmpty() && (last.chars().allMatch(Character::isDigit)
                || last.startsWith("0x") && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0));
        if (!numeric) {
            return null;
        }
        String[] parts = h.split("\\.", -1);
        boolean canonical = parts.length == 4;
        for (String p : parts) {
            canonical &= !p.isEmpty() && p.length() <= 3 && p.chars().allMatch(Character::isDigit)
                    && (p.length() == 1 || p.charAt(0) != '0') && Integer.parseInt(p) <= 255;
        }
        return canonical ? null : "'" + host + "' is an ambiguous IPv4 address (leading zeros, octal or hex parts, or fewer"
                + " than four parts are read differently by different programs); write four decimal numbers, e.g. 192.0.2.10";
    }

    private static boolean isV4Compatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
