// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * ebpf-lb egress (tc clsact egress on each listen interface): backend -> client replies get their source rewritten
 * back to the service address and port (SNAT) using the reverse conntrack entry the ingress program inserted.
 * Checksums go through the kernel's helpers, which know whether the skb's checksum is partial.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lb_consts.h"
#include "lb_structs.h"
#include "lb_maps.h"
#include "lb_parse.h"
#include "lb_stats.h"
#include "lb_conntrack.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define LB_IP_CHECK_OFF (LB_ETH_HLEN + offsetof(struct iphdr, check))
#define LB_IP_SADDR_OFF (LB_ETH_HLEN + offsetof(struct iphdr, saddr))

/* Moves the handshake and teardown state of the flow's forward entry from what the backend sends. */
static __always_inline void lb_reverse_tcp_state(const struct lb_pkt *p, const struct lb_ct_value *rv)
{
	__u8 flags = p->tcp_flags;
	if (!(flags & (LB_TCP_SYN | LB_TCP_FIN | LB_TCP_RST)))
		return;
	struct lb_ct_key fwd = {};
	fwd.src.v4 = p->daddr;
	fwd.dst = rv->nat_addr;
	fwd.sport = p->dport;
	fwd.dport = rv->nat_port;
	fwd.proto = p->proto;
	fwd.family = LB_AF_INET;
	struct lb_ct_value *ct = bpf_map_lookup_elem(&lb_conntrack, &fwd);
	if (!ct)
		return;
	__u32 service_id = ct->service_id;
	__u32 backend_id = ct->backend_id;
	if (flags & LB_TCP_RST) {
		if (ct->state == LB_CT_SYN_SENT || ct->state == LB_CT_SYN_RECV)
			lb_count_connection(service_id, backend_id, LB_EV_CONNECT_FAILED);
		else if (ct->state != LB_CT_CLOSING)
			lb_count_connection(service_id, backend_id, LB_EV_CLOSED);
		lb_ct_delete_flow(&fwd, ct);
	} else if (flags & LB_TCP_FIN) {
		if (ct->state != LB_CT_CLOSING) {
			ct->state = LB_CT_CLOSING;
			ct->last_seen_ns = bpf_ktime_get_coarse_ns();
			lb_count_connection(service_id, backend_id, LB_EV_CLOSED);
		}
	} else if ((flags & LB_TCP_ACK) && ct->state == LB_CT_SYN_SENT) {
		ct->state = LB_CT_SYN_RECV;
	}
}

SEC("tc")
int lb_tc_egress(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct lb_pkt p;

	/* Headers of a forwarded packet may sit outside the linear area: pull them in once. */
	if (data + LB_ETH_HLEN + 60 + sizeof(struct tcphdr) > data_end && skb->len > data_end - data) {
		bpf_skb_pull_data(skb, skb->len < 94 ? skb->len : 94);
		data = (void *)(long)skb->data;
		data_end = (void *)(long)skb->data_end;
	}
	if (lb_parse(data, data_end, skb->len, &p) != LB_PARSED)
		return TC_ACT_OK;

	struct lb_ct_key key;
	lb_ct_key_of(&p, &key);
	struct lb_ct_value *rv = bpf_map_lookup_elem(&lb_conntrack, &key);
	if (!rv || rv->dir != LB_CT_REVERSE)
		return TC_ACT_OK;

	__be32 new_addr = rv->nat_addr.v4;
	__be16 new_port = rv->nat_port;
	__u32 service_id = rv->service_id;
	__u32 backend_id = rv->backend_id;
	lb_ct_touch(rv, bpf_ktime_get_coarse_ns());
	if (p.proto == IPPROTO_TCP)
		lb_reverse_tcp_state(&p, rv);  /* may delete rv: nothing below reads it */
	lb_count_packet(service_id, backend_id, LB_CT_REVERSE, skb->len - LB_ETH_HLEN);

	__u32 l4_off = LB_ETH_HLEN + p.ip->ihl * 4;
	__u32 check_off = l4_off + (p.proto == IPPROTO_TCP ? offsetof(struct tcphdr, check)
							     : offsetof(struct udphdr, check));
	/* UDP: a zero checksum stays zero, a computed zero becomes 0xffff. */
	__u64 mangled = p.proto == IPPROTO_UDP ? BPF_F_MARK_MANGLED_0 : 0;
	__be32 old_addr = p.saddr;
	__be16 old_port = p.sport;

	bpf_l4_csum_replace(skb, check_off, old_addr, new_addr, BPF_F_PSEUDO_HDR | mangled | sizeof(new_addr));
	bpf_l4_csum_replace(skb, check_off, old_port, new_port, mangled | sizeof(new_port));
	bpf_l3_csum_replace(skb, LB_IP_CHECK_OFF, old_addr, new_addr, sizeof(new_addr));
	bpf_skb_store_bytes(skb, LB_IP_SADDR_OFF, &new_addr, sizeof(new_addr), 0);
	bpf_skb_store_bytes(skb, l4_off + offsetof(struct tcphdr, source), &new_port, sizeof(new_port), 0);
	return TC_ACT_OK;
}
