package org.ebpflb.bpf.maps;

/**
 * enum lb_reason: why the XDP program passed a packet unhandled or dropped it, in lb_reasons index order (checked
 * against the BTF of lb_consts.h by LayoutBtfTest), with the name {@code DataPlaneStats.drops()} reports.
 */
public enum Reason {
    /** neither IPv4 nor IPv6 (ARP, VLAN-tagged, ...): passed untouched */
    NOT_IP("not-ip"),
    /** truncated or inconsistent headers: passed untouched */
    MALFORMED("malformed"),
    /** IPv4 or IPv6 fragment: passed untouched */
    FRAGMENT("fragment"),
    /** not addressed to a service: passed untouched */
    NO_SERVICE("no-service"),
    /** TCP non-SYN of no known flow, and no backend with weight to re-derive it from: passed untouched */
    NO_CONNTRACK("no-conntrack"),
    /** new flow, but no backend of the group has weight: dropped */
    NO_BACKEND("no-backend"),
    /** the kernel refused a new flow's conntrack entries: dropped */
    CT_FULL("conntrack-full"),
    /** more IPv6 extension headers than the program walks: passed untouched */
    IPV6_EXT("ipv6-extensions");

    private final String label;

    Reason(String label) {
        this.label = label;
    }

    /** @return the name counters are reported under */
    public String label() {
        return label;
    }
}
