/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Ethernet / IPv4 / TCP / UDP parsing with strict bounds checks, shared by XDP and TC. Anything the parser does not
 * accept is passed to the kernel untouched: the kernel's own input checks are the authority on malformed packets,
 * and traffic that is not ours must never be altered.
 */
#ifndef LB_PARSE_H
#define LB_PARSE_H

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include "lb_consts.h"

/* lb_parse() result when the packet is a complete, unfragmented IPv4 TCP or UDP packet. */
#define LB_PARSED (-1)

/* TCP flags as lb_pkt.tcp_flags (byte 13 of the TCP header). */
#define LB_TCP_FIN 0x01
#define LB_TCP_SYN 0x02
#define LB_TCP_RST 0x04
#define LB_TCP_ACK 0x10

struct lb_pkt {
	struct iphdr *ip;
	void *l4;
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u16 l4_len;       /* from the IP total length, not the frame: Ethernet padding is not payload */
	__u16 payload_len;  /* TCP/UDP payload: l4_len without the TCP (options included) or UDP header */
	__u8 proto;
	__u8 tcp_flags;
};

/*
 * Returns LB_PARSED or the LB_R_* reason the packet is left alone. Headers are read within [data, data_end);
 * frame_len is the whole packet's length, which in tc can exceed the linear area (a forwarded skb often carries its
 * payload in page fragments), so the IP total length is checked against it rather than against data_end.
 */
static __always_inline int lb_parse(void *data, void *data_end, __u32 frame_len, struct lb_pkt *p)
{
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return LB_R_MALFORMED;
	if (eth->h_proto != bpf_htons(LB_ETH_P_IP))
		return LB_R_NOT_IPV4;

	struct iphdr *ip = (void *)(eth + 1);
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

	void *l4 = (void *)ip + ip_hlen;
	__u32 l4_len = tot_len - ip_hlen;
	p->ip = ip;
	p->l4 = l4;
	p->saddr = ip->saddr;
	p->daddr = ip->daddr;
	p->proto = ip->protocol;
	p->tcp_flags = 0;

	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *th = l4;
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
	if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *uh = l4;
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
	return LB_R_NO_SERVICE;
}

#endif
