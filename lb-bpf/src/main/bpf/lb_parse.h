/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Ethernet / IPv4 / IPv6 / TCP / UDP parsing with strict bounds checks, shared by XDP and TC. Anything the parser
 * does not accept is passed to the kernel untouched: the kernel's own input checks are the authority on malformed
 * packets, and traffic that is not ours must never be altered.
 */
#ifndef LB_PARSE_H
#define LB_PARSE_H

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include "lb_consts.h"
#include "lb_structs.h"

/* lb_parse() result when the packet is a complete, unfragmented IPv4 or IPv6 TCP or UDP packet. */
#define LB_PARSED (-1)

/* TCP flags as lb_pkt.tcp_flags (byte 13 of the TCP header). */
#define LB_TCP_FIN 0x01
#define LB_TCP_SYN 0x02
#define LB_TCP_RST 0x04
#define LB_TCP_ACK 0x10

/*
 * IPv6 extension headers walked before the transport header (hop-by-hop, routing, destination options, an atomic
 * fragment header). A longer chain is passed untouched (LB_R_IPV6_EXT): the bound keeps the loop unrolled and
 * verifiable, and real traffic carries one or two.
 */
#define LB_IPV6_EXT_MAX 4

/* The IPv6 fragment header (RFC 8200 4.5); linux/ipv6.h does not export it. */
struct lb_frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;     /* offset in 8-byte units << 3 | 2 reserved bits | M */
	__be32 identification;
};

struct lb_pkt {
	void *l3;           /* struct iphdr or struct ipv6hdr */
	void *l4;
	void *data_end;     /* for writers: the verifier cannot tie a bounds check to proto once both sit on the stack */
	union lb_addr saddr; /* IPv4: v4, the other words zero */
	union lb_addr daddr;
	__be16 sport;
	__be16 dport;
	__u16 l4_len;       /* from the IP length fields, not the frame: Ethernet padding is not payload */
	__u16 payload_len;  /* TCP/UDP payload: l4_len without the TCP (options included) or UDP header */
	__u16 l4_off;       /* the transport header's offset in the frame */
	__u8 proto;
	__u8 tcp_flags;
	__u8 family;        /* LB_AF_INET or LB_AF_INET6 */
};

/* An address's width in bits: what an LPM key's address part and a client prefix are bounded by. */
static __always_inline __u32 lb_addr_bits(__u8 family)
{
	return family == LB_AF_INET6 ? 128 : 32;
}

/* IPv4 header: sets l3, l4, l4_off, addresses and proto; *l4_len is what the total length leaves for TCP/UDP. */
static __always_inline int lb_parse_ipv4(struct iphdr *ip, void *data_end, __u32 frame_len, struct lb_pkt *p,
					 __u32 *l4_len)
{
	if ((void *)(ip + 1) > data_end)
		return LB_R_MALFORMED;
	if (ip->version != 4 || ip->ihl < 5)
		return LB_R_MALFORMED;
	__u32 ip_hlen = ip->ihl * 4;
	__u32 tot_len = bpf_ntohs(ip->tot_len);
	/* A total length past the frame is a truncated packet; shorter is Ethernet padding. */
	if (tot_len < ip_hlen || LB_ETH_HLEN + tot_len > frame_len)
		return LB_R_MALFORMED;
	if (ip->frag_off & bpf_htons(LB_IP_MF | LB_IP_OFFMASK))
		return LB_R_FRAGMENT;
	p->l3 = ip;
	p->l4 = (void *)ip + ip_hlen;
	p->l4_off = LB_ETH_HLEN + ip_hlen;
	p->saddr.v4 = ip->saddr;
	p->daddr.v4 = ip->daddr;
	p->proto = ip->protocol;
	p->family = LB_AF_INET;
	*l4_len = tot_len - ip_hlen;
	return LB_PARSED;
}

/*
 * IPv6 header and its extension headers, at most LB_IPV6_EXT_MAX of them. A fragment header is treated like IPv4's
 * fragment bits: a real fragment (offset or M set) is passed untouched (LB_R_FRAGMENT), an atomic one (RFC 6946:
 * offset 0, M clear) is walked past like the others.
 */
static __always_inline int lb_parse_ipv6(struct ipv6hdr *ip6, void *data_end, __u32 frame_len, struct lb_pkt *p,
					 __u32 *l4_len)
{
	if ((void *)(ip6 + 1) > data_end)
		return LB_R_MALFORMED;
	if (ip6->version != 6)
		return LB_R_MALFORMED;
	__u32 plen = bpf_ntohs(ip6->payload_len);
	/* A payload length past the frame is a truncated packet; shorter is Ethernet padding. */
	if (LB_ETH_HLEN + sizeof(*ip6) + plen > frame_len)
		return LB_R_MALFORMED;
	__u8 next = ip6->nexthdr;
	__u32 off = sizeof(*ip6);
#pragma unroll
	for (int i = 0; i < LB_IPV6_EXT_MAX; i++) {
		if (next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS) {
			struct ipv6_opt_hdr *h = (void *)ip6 + off;
			if ((void *)(h + 1) > data_end)
				return LB_R_MALFORMED;
			next = h->nexthdr;
			off += (h->hdrlen + 1) * 8;
		} else if (next == IPPROTO_FRAGMENT) {
			struct lb_frag_hdr *f = (void *)ip6 + off;
			if ((void *)(f + 1) > data_end)
				return LB_R_MALFORMED;
			if (f->frag_off & bpf_htons(LB_IP6_OFFMASK | LB_IP6_MF))
				return LB_R_FRAGMENT;
			next = f->nexthdr;
			off += sizeof(*f);
		}
	}
	if (next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS ||
	    next == IPPROTO_FRAGMENT)
		return LB_R_IPV6_EXT;
	if (off > sizeof(*ip6) + plen)
		return LB_R_MALFORMED;
	p->l3 = ip6;
	p->l4 = (void *)ip6 + off;
	p->l4_off = LB_ETH_HLEN + off;
	__builtin_memcpy(p->saddr.v6, &ip6->saddr, sizeof(p->saddr));
	__builtin_memcpy(p->daddr.v6, &ip6->daddr, sizeof(p->daddr));
	p->proto = next;
	p->family = LB_AF_INET6;
	*l4_len = sizeof(*ip6) + plen - off;
	return LB_PARSED;
}

/* TCP or UDP header at p->l4, l4_len bytes long by the IP header. */
static __always_inline int lb_parse_l4(void *data_end, __u32 l4_len, struct lb_pkt *p)
{
	if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = p->l4;
		if ((void *)(th + 1) > data_end || l4_len < sizeof(*th))
			return LB_R_MALFORMED;
		if (th->doff < 5 || th->doff * 4 > l4_len)
			return LB_R_MALFORMED;
		p->sport = th->source;
		p->dport = th->dest;
		p->tcp_flags = ((__u8 *)th)[13];
		p->l4_len = l4_len;
		p->payload_len = l4_len - th->doff * 4;
		return LB_PARSED;
	}
	if (p->proto == IPPROTO_UDP) {
		struct udphdr *uh = p->l4;
		if ((void *)(uh + 1) > data_end || l4_len < sizeof(*uh))
			return LB_R_MALFORMED;
		__u32 udp_len = bpf_ntohs(uh->len);
		if (udp_len < sizeof(*uh) || udp_len > l4_len)
			return LB_R_MALFORMED;
		p->sport = uh->source;
		p->dport = uh->dest;
		p->l4_len = udp_len;  /* the UDP pseudo-header uses the UDP length */
		p->payload_len = udp_len - sizeof(*uh);
		return LB_PARSED;
	}
	return LB_R_NO_SERVICE;  /* ICMP, ICMPv6 (neighbour discovery included) and every other protocol */
}

/*
 * Returns LB_PARSED or the LB_R_* reason the packet is left alone. Headers are read within [data, data_end);
 * frame_len is the whole packet's length, which in tc can exceed the linear area (a forwarded skb often carries its
 * payload in page fragments), so the IP length fields are checked against it rather than against data_end.
 */
static __always_inline int lb_parse(void *data, void *data_end, __u32 frame_len, struct lb_pkt *p)
{
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return LB_R_MALFORMED;
	p->data_end = data_end;
	__builtin_memset(&p->saddr, 0, sizeof(p->saddr));
	__builtin_memset(&p->daddr, 0, sizeof(p->daddr));
	p->tcp_flags = 0;
	__u32 l4_len = 0;
	int r;
	if (eth->h_proto == bpf_htons(LB_ETH_P_IP))
		r = lb_parse_ipv4((void *)(eth + 1), data_end, frame_len, p, &l4_len);
	else if (eth->h_proto == bpf_htons(LB_ETH_P_IPV6))
		r = lb_parse_ipv6((void *)(eth + 1), data_end, frame_len, p, &l4_len);
	else
		return LB_R_NOT_IP;
	if (r != LB_PARSED)
		return r;
	return lb_parse_l4(data_end, l4_len, p);
}

#endif
