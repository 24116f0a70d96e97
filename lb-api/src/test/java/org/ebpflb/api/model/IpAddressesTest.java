package org.ebpflb.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {
    /** RFC 5952 section 4 (and its examples), each written in a non-canonical way the parser accepts. */
    @ParameterizedTest
    @CsvSource({
            "2001:db8:0:0:0:0:0:10,      2001:db8::10",          // 4.2.1: :: as far as possible
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1", // 4.1: no leading zeros
            "2001:db8:0:1:1:1:1:1,       2001:db8:0:1:1:1:1:1",  // 4.2.2: one zero group stays 0
            "2001:0:0:1:0:0:0:1,         2001:0:0:1::1",         // 4.2.3: the longest run
            "2001:db8:0:0:1:0:0:1,       2001:db8::1:0:0:1",     // 4.2.3: the first of equal runs
            "2001:DB8::ABCD,             2001:db8::abcd",        // 4.3: lowercase
            "0:0:0:0:0:0:0:0,            ::",
            "0:0:0:0:0:0:0:1,            ::1",
            "1:0:0:0:0:0:0:0,            1::",
            "1:2:3:4:5:6:7:8,            1:2:3:4:5:6:7:8",
            "fe80:0:0:0:0:0:0:0,         fe80::",
            "0:1:0:1:0:1:0:1,            0:1:0:1:0:1:0:1",
            "0:0:1:0:0:0:1:0,            0:0:1::1:0",
            "::ffff:198.18.0.1,          ::ffff:198.18.0.1",     // 5: IPv4-mapped keeps the dotted quad
            "0:0:0:0:0:ffff:c612:1,      ::ffff:198.18.0.1",
            "::c612:1,                   ::c612:1",              // IPv4-compatible (deprecated): plain hex
            "198.018.0.1,                198.18.0.1"})
    void printsTheCanonicalText(String written, String canonical) {
        InetAddress address = IpAddresses.parseLiteral(written);
        assertEquals(canonical, IpAddresses.format(address));
        assertEquals(address, IpAddresses.parseLiteral(canonical), "the canonical text parses back");
    }

    @Test
    void everyPatternOfZeroGroupsParsesBackAndCompressesItsLongestRun() throws Exception {
        // all 256 patterns of zero and non-zero groups: the text parses back to the same bytes and has a :: exactly
        // when a run of two or more zero groups exists
        for (int mask = 0; mask < 256; mask++) {
            byte[] raw = new byte[16];
            for (int g = 0; g < 8; g++) {
                if ((mask & 1 << g) != 0) {
                    raw[2 * g] = (byte) (g + 1);
                    raw[2 * g + 1] = (byte) 0xa0;
                }
            }
            InetAddress address = Inet6Address.getByAddress(null, raw, -1);
            String text = IpAddresses.format(address);
            assertEquals(address, InetAddress.getByName(text), text);
            assertEquals(longestZeroRun(mask) >= 2, text.contains("::"), text);
            assertEquals(text.toLowerCase(java.util.Locale.ROOT), text);
            assertFalse(text.contains(":::"), text);
        }
    }

    private static int longestZeroRun(int mask) {
        int best = 0;
        int run = 0;
        for (int g = 0; g < 8; g++) {
            run = (mask & 1 << g) == 0 ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    @Test
    void anIpv4MappedLiteralStaysIpv6AndIpv4StaysIpv4() {
        InetAddress mapped = IpAddresses.parseLiteral("::ffff:198.18.0.1");
        assertInstanceOf(Inet6Address.class, mapped);
        assertTrue(IpAddresses.isIpv4Mapped(mapped));
        assertEquals(AddressFamily.IPV6, AddressFamily.of(mapped));
        InetAddress v4 = IpAddresses.parseLiteral("198.18.0.1");
        assertInstanceOf(Inet4Address.class, v4);
        assertFalse(IpAddresses.isIpv4Mapped(v4));
        assertEquals(AddressFamily.IPV4, AddressFamily.of(v4));
        assertFalse(IpAddresses.isIpv4Mapped(IpAddresses.parseLiteral("::198.18.0.1")));
    }

    @Test
    void refusesScopesBracketsAndNames() {
        for (String text : new String[] {"fe80::1%eth0", "[2001:db8::1]", "2001:db8::1::2", "localhost", "", "1:2",
                "0:0:0:0:0:0:0:1:0"}) {
            assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseLiteral(text), text);
        }
    }

    @Test
    void endpointsBracketIpv6InTextAndRequireTheBracketsWhenParsed() {
        Endpoint v6 = Endpoint.parse("[2001:db8:0:0:0:0:0:10]:443");
        assertEquals("[2001:db8::10]:443", v6.toString());
        assertEquals(v6, Endpoint.parse(v6.toString()));
        assertEquals("198.18.0.1:80", Endpoint.parse("198.18.0.1:80").toString());
        assertEquals("[::ffff:198.18.0.1]:80", IpAddresses.withPort(IpAddresses.parseLiteral("::ffff:198.18.0.1"), 80));
        assertEquals("'2001:db8::10:443' needs brackets around its IPv6 address: [ip]:port",
                assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("2001:db8::10:443")).getMessage());
        assertEquals("'[2001:db8::10]' is not ip:port or [ipv6]:port",
                assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("[2001:db8::10]")).getMessage());
        assertEquals("'[2001:db8::10]:' has no numeric port",
                assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("[2001:db8::10]:")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("[2001:db8::10]:0"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("[198.18.0.1:80"));
    }

    @Test
    void ipv6PrefixesRunFromZeroTo128() {
        assertEquals("::/0", Cidr.parse("::/0").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:0db8::/32").toString());
        assertEquals("2001:db8::1/128", Cidr.parse("2001:db8::1/128").toString());
        assertEquals("prefix length /129 is outside 0..128",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::/129")).getMessage());
        assertEquals("2001:db8::1/64 has host bits set",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::1/64")).getMessage());
        Cidr net = Cidr.parse("2001:db8:12:8000::/49");
        assertTrue(net.contains(IpAddresses.parseLiteral("2001:db8:12:ffff::1")));
        assertFalse(net.contains(IpAddresses.parseLiteral("2001:db8:12:7fff::1")));
        assertFalse(Cidr.parse("::/0").contains(IpAddresses.parseLiteral("198.18.0.1")), "families never match");
        assertFalse(Cidr.parse("0.0.0.0/0").contains(IpAddresses.parseLiteral("::ffff:198.18.0.1")));
    }
}
