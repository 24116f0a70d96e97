package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;
import org.junit.jupiter.api.Test;

class CidrsTest {
    private static String reason(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Cidrs.parse(text)).getMessage();
    }

    @Test
    void parsesIpv4AndIpv6Prefixes() {
        assertEquals(new Cidr(IpAddresses.parseLiteral("10.0.0.0"), 8), Cidrs.parse("10.0.0.0/8"));
        assertEquals(new Cidr(IpAddresses.parseLiteral("0.0.0.0"), 0), Cidrs.parse("0.0.0.0/0"));
        assertEquals(new Cidr(IpAddresses.parseLiteral("198.18.0.7"), 32), Cidrs.parse("198.18.0.7/32"));
        assertEquals(new Cidr(IpAddresses.parseLiteral("2001:db8::"), 32), Cidrs.parse("2001:db8::/32"));
    }

    @Test
    void explainsWhatIsWrong() {
        assertEquals("prefix length /33 is outside 0..32", reason("10.0.0.0/33"));
        assertEquals("prefix length /129 is outside 0..128", reason("2001:db8::/129"));
        assertEquals("host bits are set (the network is 192.168.0.0/16)", reason("192.168.1.0/16"));
        assertEquals("host bits are set (the network is 2001:db8::/32)", reason("2001:db8::1/32"));
        assertEquals("missing /prefix-length", reason("10.0.0.0"));
        assertEquals("prefix length '/x' is not a number", reason("10.0.0.0/x"));
        assertEquals("prefix length '/-1' is not a number", reason("10.0.0.0/-1"));
        assertEquals("'10.0.0' is not an IP address", reason("10.0.0/8"));
    }
}
