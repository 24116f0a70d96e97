// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * ebpf-lb egress (tc clsact egress on each listen interface): backend -> client replies get their source rewritten
 * back to the service address and port (SNAT). The flow is found by its forward entry, keyed with the service address
 * lb_reverse gives for the backend, or else by the reverse entry the ingress program inserted.
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
#define LB_IP6_SADDR_OFF (LB_ETH_HLEN + offsetof(struct ipv6hdr, saddr))

/*
 * Headers pulled into the linear area when they are not all there: a 60-byte IPv4 header or a 40-byte IPv6 header
 * with up to 54 bytes of extension headers, then a TCP header. A reply whose headers reach further is not translated.
 */
#define LB_PULL_LEN (LB_ETH_HLEN + 40 + 54 + 20)

/* The forward key of the flow a reply belongs to, given the service address the client used. */
static __always_inline void lb_forward_key(const struct lb_pkt *p, const union lb_addr *addr, __be16 port,
					   struct lb_ct_key *fwd)
{
	__builtin_memset(fwd, 0, sizeof(*fwd));
	fwd->src = p->daddr;
	fwd->dst = *addr;
	fwd->sport = p->dport;
	fwd->dport = port;
	fwd->proto = p->proto;
	fwd->family = p->family;
}

/* Whether f is the forward entry of a flow whose backend sent p. */
static __always_inline int lb_sent_by_backend(const struct lb_ct_value *f, const struct lb_pkt *p)
{
	return f && f->dir == LB_CT_FORWARD && f->nat_port == p->sport && lb_addr_eq(&f->nat_addr, &p->saddr);
}

/* A confirmed flow's teardown as the backend sends it: FIN starts the closing timeout, RST removes the flow. */
static __always_inline void lb_confirmed_reply(const struct lb_pkt *p, const struct lb_ct_key *fwd,
					       struct lb_ct_value *ct, __u64 now)
{
	__u8 flags = p->tcp_flags;
	if (flags & LB_TCP_RST) {
		if (ct->state != LB_CT_CLOSING)
			lb_count_connection(ct->service_id, ct->backend_id, LB_EV_CLOSED);
		lb_ct_close_flow(fwd, ct, LB_CLOSE_RST, now);
	} else if (ct->state != LB_CT_CLOSING) {
		ct->state = LB_CT_CLOSING;
		ct->last_seen_ns = now;
		lb_count_connection(ct->service_id, ct->backend_id, LB_EV_CLOSED);
		lb_ct_emit(&lb_conntrack, fwd, ct, LB_CONN_CLOSED, LB_CLOSE_FIN, now);
	}
}

/*
 * A pending flow's reply: the SYN-ACK moves the handshake on (the client's ACK confirms it), any other answer to a
 * UDP or re-derived flow confirms it, an RST ends it (a connect failure while the handshake is open).
 */
static __always_inline void lb_pending_reply(const struct lb_pkt *p, const struct lb_ct_key *fwd,
					     struct lb_ct_value *pv, __u64 now)
{
	__u8 flags = p->tcp_flags;
	__u8 state = pv->state;
	if (p->proto == IPPROTO_UDP) {
		lb_ct_confirm(fwd, pv, LB_CT_OPEN, now);
		return;
	}
	if (flags & LB_TCP_RST) {
		if (state == LB_CT_SYN_SENT || state == LB_CT_SYN_RECV)
			lb_count_connection(pv->service_id, pv->backend_id, LB_EV_CONNECT_FAILED);
		else if (state != LB_CT_CLOSING)
			lb_count_connection(pv->service_id, pv->backend_id, LB_EV_CLOSED);
		lb_ct_delete_pending(fwd, pv);
	} else if (flags & LB_TCP_SYN) {
		if (flags & LB_TCP_ACK && state == LB_CT_SYN_SENT)
			pv->state = LB_CT_SYN_RECV;
	} else if (state == LB_CT_ESTABLISHED) {
		if (flags & LB_TCP_FIN)
			lb_count_connection(pv->service_id, pv->backend_id, LB_EV_CLOSED);
		lb_ct_confirm(fwd, pv, flags & LB_TCP_FIN ? LB_CT_CLOSING : LB_CT_ESTABLISHED, now);
	} else if (flags & LB_TCP_FIN && state != LB_CT_CLOSING) {
		lb_count_connection(pv->service_id, pv->backend_id, LB_EV_CLOSED);
		pv->state = LB_CT_CLOSING;
		pv->last_seen_ns = now;
	}
}

/* What a reply belongs to: the flow's forward key and entry (null if only its reverse entry was looked up). */
struct lb_reply_flow {
	struct lb_ct_key fwd;
	struct lb_ct_value *f;
	union lb_addr addr;  /* the service address and port the reply leaves from */
	__be16 port;
	int confirmed;
};

/* Through lb_reverse: the forward entry, confirmed or pending, of a flow whose reverse entry is not needed. */
static __always_inline int lb_find_by_owner(const struct lb_pkt *p, struct lb_reply_flow *r)
{
	struct lb_service_key bk = {};
	bk.addr = p->saddr;
	bk.port = p->sport;
	bk.proto = p->proto;
	bk.family = p->family;
	const struct lb_service_key *owner = bpf_map_lookup_elem(&lb_reverse, &bk);
	if (!owner)
		return 0;
	r->addr = owner->addr;
	r->port = owner->port;
	lb_forward_key(p, &r->addr, r->port, &r->fwd);
	r->confirmed = 1;
	r->f = bpf_map_lookup_elem(&lb_conntrack, &r->fwd);
	if (lb_sent_by_backend(r->f, p))
		return 1;
	r->confirmed = 0;
	r->f = bpf_map_lookup_elem(&lb_ct_pending, &r->fwd);
	return lb_sent_by_backend(r->f, p);
}

SEC("tc")
int lb_tc_egress(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct lb_pkt p;

	/* Headers of a forwarded packet may sit outside the linear area: pull them in once. */
	if (data + LB_PULL_LEN > data_end && skb->len > data_end - data) {
		bpf_skb_pull_data(skb, skb->len < LB_PULL_LEN ? skb->len : LB_PULL_LEN);
		data = (void *)(long)skb->data;
		data_end = (void *)(long)skb->data_end;
	}
	if (lb_parse(data, data_end, skb->len, &p) != LB_PARSED)
		return TC_ACT_OK;

	struct lb_reply_flow r;
	__u64 now = bpf_ktime_get_coarse_ns();
	__u32 service_id, backend_id;
	if (lb_find_by_owner(&p, &r)) {
		service_id = r.f->service_id;
		backend_id = r.f->backend_id;
		if (r.confirmed)
			lb_ct_touch(r.f, now);  /* the flow lives while either side speaks */
		lb_ct_count_reply(r.f, p.payload_len);
	} else {
		struct lb_ct_key key;
		lb_ct_key_of(&p, &key);
		r.confirmed = 1;
		struct lb_ct_value *rv = bpf_map_lookup_elem(&lb_conntrack, &key);
		if (!rv || rv->dir != LB_CT_REVERSE) {
			r.confirmed = 0;
			rv = bpf_map_lookup_elem(&lb_ct_pending, &key);
			if (!rv || rv->dir != LB_CT_REVERSE)
				return TC_ACT_OK;
		}
		r.addr = rv->nat_addr;
		r.port = rv->nat_port;
		service_id = rv->service_id;
		backend_id = rv->backend_id;
		lb_forward_key(&p, &r.addr, r.port, &r.fwd);
		r.f = 0;  /* looked up below only when the reply changes the flow */
		lb_ct_touch(rv, now);
		lb_ct_count(rv, p.payload_len);
	}
	union lb_addr new_addr = r.addr;
	__be16 new_port = r.port;
	/* Both may delete or move the entries: nothing below reads them. */
	if (!r.confirmed) {
		if (!r.f)
			r.f = bpf_map_lookup_elem(&lb_ct_pending, &r.fwd);
		if (r.f)
			lb_pending_reply(&p, &r.fwd, r.f, now);
	} else if (p.proto == IPPROTO_TCP && p.tcp_flags & (LB_TCP_FIN | LB_TCP_RST)) {
		if (!r.f)
			r.f = bpf_map_lookup_elem(&lb_conntrack, &r.fwd);
		if (r.f)
			lb_confirmed_reply(&p, &r.fwd, r.f, now);
	}
	lb_count_packet(service_id, backend_id, LB_CT_REVERSE, skb->len - LB_ETH_HLEN);

	__u32 l4_off = p.l4_off;
	__u32 check_off = l4_off + (p.proto == IPPROTO_TCP ? offsetof(struct tcphdr, check)
							     : offsetof(struct udphdr, check));
	/* UDP: a zero checksum stays zero, a computed zero becomes 0xffff. */
	__u64 mangled = p.proto == IPPROTO_UDP ? BPF_F_MARK_MANGLED_0 : 0;
	__be16 old_port = p.sport;

	if (p.family == LB_AF_INET) {
		bpf_l4_csum_replace(skb, check_off, p.saddr.v4, new_addr.v4, BPF_F_PSEUDO_HDR | mangled | 4);
		bpf_l3_csum_replace(skb, LB_IP_CHECK_OFF, p.saddr.v4, new_addr.v4, 4);
		bpf_skb_store_bytes(skb, LB_IP_SADDR_OFF, &new_addr.v4, 4, 0);
	} else {
		/* No IPv6 header checksum: the address enters the L4 checksum through the pseudo-header, word by word. */
#pragma unroll
		for (int i = 0; i < 4; i++)
			bpf_l4_csum_replace(skb, check_off, p.saddr.v6[i], new_addr.v6[i], BPF_F_PSEUDO_HDR | mangled | 4);
		bpf_skb_store_bytes(skb, LB_IP6_SADDR_OFF, new_addr.v6, sizeof(new_addr), 0);
	}
	bpf_l4_csum_replace(skb, check_off, old_port, new_port, mangled | sizeof(new_port));
	bpf_skb_store_bytes(skb, l4_off + offsetof(struct tcphdr, source), &new_port, sizeof(new_port), 0);
	return TC_ACT_OK;
}
