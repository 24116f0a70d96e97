package org.ebpflb.bpf.maps;

/**
 * enum lb_reason: why the XDP program passed a packet unhandled or dropped it, in lb_reasons index order (checked
 * against the BTF of lb_consts.h by LayoutBtfTest), with the name {@code DataPlaneStats.drops()} reports.
 */
public enum Reason {
    /** ARP, IPv6, VLAN-tagged, ...: passed untouched */
    NOT_IPV4("not-ipv4"),
    /** truncated or inconsistent headers: passed untouched */
    MALFORMED("malformed"),
    /** IPv4 fragment: passed untouched */
    FRAGMENT("fragment"),
    /** not addressed to a service: passed untouched */
    NO_SERVICE("no-service"),
    /** TCP non-SYN of no known flow: passed untouched */
    NO_CONNTRACK("no-conntrack"),
    /** new flow, but no backend of the group has weight: dropped */
    NO_BACKEND("no-backend"),
    /** the conntrack map is full: dropped */
    CT_FULL("conntrack-full");

    private final String label;

    Reason(String label) {
        this.label = label;
    }

    /** @return the name counters are reported under */
    public String label() {
        return label;
    }
}
