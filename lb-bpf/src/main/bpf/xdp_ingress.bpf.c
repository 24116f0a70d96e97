// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * ebpf-lb ingress (XDP on each listen interface): client -> service packets get their destination rewritten to the
 * chosen backend (DNAT) and go on to the kernel's routing with XDP_PASS. The load balancer is the backends' gateway,
 * so replies come back through it and tc_egress rewrites their source.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lb_consts.h"
#include "lb_structs.h"
#include "lb_maps.h"
#include "lb_parse.h"
#include "lb_csum.h"
#include "lb_hash.h"
#include "lb_stats.h"
#include "lb_conntrack.h"
#include "lb_ratelimit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/*
 * DNAT with incremental checksums. XDP cannot see the skb's checksum state, so a partial checksum (veth and other
 * virtual devices: the field holds the pseudo-header sum) is recognised by value and gets only the address change.
 * IPv6 has no header checksum; its hop limit, like IPv4's TTL, is left to the kernel's forwarding.
 */
static __always_inline void lb_dnat(struct lb_pkt *p, const union lb_addr *addr, __be16 port)
{
	union lb_addr old = p->daddr;
	__u16 pseudo = lb_pseudo_sum(&p->saddr, &old, p->proto, p->l4_len);

	if (p->family == LB_AF_INET) {
		struct iphdr *ip = p->l3;
		ip->check = lb_csum_replace4(ip->check, old.v4, addr->v4);
		ip->daddr = addr->v4;
	} else {
		struct ipv6hdr *ip6 = p->l3;
		__builtin_memcpy(&ip6->daddr, addr->v6, sizeof(ip6->daddr));
	}
	if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = p->l4;
		if ((void *)(th + 1) > p->data_end)
			return;  /* cannot happen: lb_parse checked it */
		if (th->check == pseudo)
			th->check = lb_partial_replace(th->check, &old, addr);
		else
			th->check = lb_csum_replace_addr_port(th->check, &old, addr, th->dest, port);
		th->dest = port;
	} else {
		struct udphdr *uh = p->l4;
		if ((void *)(uh + 1) > p->data_end)
			return;
		/* Zero means "no checksum" in UDP over IPv4 (and is invalid over IPv6, which the receiver judges): leave it. */
		if (uh->check == pseudo) {
			uh->check = lb_partial_replace(uh->check, &old, addr);
		} else if (uh->check) {
			__u16 c = lb_csum_replace_addr_port(uh->check, &old, addr, uh->dest, port);
			uh->check = c ? c : 0xffff;
		}
		uh->dest = port;
	}
}

/* Whether some service listens on the packet's destination port and protocol: one array read, no hashing. */
static __always_inline int lb_port_served(const struct lb_pkt *p)
{
	__u32 port = bpf_ntohs(p->dport);
	const __u8 *bits = bpf_map_lookup_elem(&lb_service_ports, &port);
	return bits && *bits & (p->proto == IPPROTO_TCP ? LB_PORT_TCP : LB_PORT_UDP);
}

static __always_inline const struct lb_service *lb_service_lookup(const struct lb_pkt *p)
{
	struct lb_service_key k = {};
	k.addr = p->daddr;
	k.port = p->dport;
	k.proto = p->proto;
	k.family = p->family;
	const struct lb_service *s = bpf_map_lookup_elem(&lb_services, &k);
	if (s)
		return s;
	__builtin_memset(&k.addr, 0, sizeof(k.addr));  /* a service listening on any address of the interface */
	return bpf_map_lookup_elem(&lb_services, &k);
}

/* The backend for a new flow: source route (longest client prefix) or default group, then its live Maglev table. */
static __always_inline const struct lb_backend *lb_pick(const struct lb_pkt *p, const struct lb_service *svc,
							 __u32 *backend_id)
{
	__u32 group = svc->default_group;
	if (svc->flags & LB_SVC_F_SOURCE_ROUTES) {
		struct lb_source_key sk = {};
		sk.prefixlen = 64 + lb_addr_bits(p->family);
		sk.service_id = svc->id;
		sk.family = p->family;
		sk.addr = p->saddr;
		__u32 *g = bpf_map_lookup_elem(&lb_source_routes, &sk);
		if (g)
			group = *g;
	}
	struct lb_group *grp = bpf_map_lookup_elem(&lb_groups, &group);
	if (!grp)
		return 0;
	struct lb_table *t = bpf_map_lookup_elem(&lb_tables, &grp->table);
	if (!t || t->size == 0)
		return 0;
	__u32 hash = svc->flags & LB_SVC_F_HASH_SOURCE
		? lb_hash_source(&p->saddr)
		: lb_hash_flow(&p->saddr, &p->daddr, p->sport, p->dport, p->proto);
	__u32 slot = t->base + hash % t->size;
	__u32 *id = bpf_map_lookup_elem(&lb_maglev, &slot);
	if (!id)
		return 0;
	*backend_id = *id;
	const struct lb_backend *b = bpf_map_lookup_elem(&lb_backends, id);
	return b && b->in_use ? b : 0;
}

/*
 * A flow's forward entry with the picked backend, stamped now, counting its first packet; with a reverse entry unless
 * lb_reverse leads tc from the backend to this flow's service address.
 */
static __always_inline void lb_ct_entry(struct lb_ct_value *v, const struct lb_ct_key *fwd,
					const struct lb_backend *b, __u32 backend_id, __u32 service_id, __u8 state,
					__u64 now, __u32 payload)
{
	__builtin_memset(v, 0, sizeof(*v));
	v->nat_addr = b->addr;
	v->nat_port = b->port;
	v->state = state;
	v->dir = LB_CT_FORWARD;
	v->service_id = service_id;
	v->backend_id = backend_id;
	v->last_seen_ns = now;
	v->opened_ns = now;
	v->packets = 1;
	v->bytes = payload;
	v->reverse_entry = !lb_ct_reverse_found(fwd, v);
}

/*
 * A new flow (TCP SYN, or UDP): pick a backend, apply the rate limits, insert it into lb_ct_pending, DNAT. The
 * limits apply here only: lb_rederive takes flows that were already admitted, so a lost entry never costs a token.
 */
static __always_inline int lb_new_flow(struct lb_pkt *p, const struct lb_ct_key *fwd, const struct lb_service *svc,
				       __u64 now, __u64 bytes)
{
	__u32 backend_id = LB_NO_BACKEND;
	const struct lb_backend *b = lb_pick(p, svc, &backend_id);
	if (!b) {
		lb_count_reason(LB_R_NO_BACKEND);
		return XDP_DROP;
	}
	if (!lb_rl_admit(p, svc->id, backend_id, now))
		return XDP_DROP;
	struct lb_ct_value v;
	lb_ct_entry(&v, fwd, b, backend_id, svc->id, p->proto == IPPROTO_TCP ? LB_CT_SYN_SENT : LB_CT_OPEN, now,
		    p->payload_len);
	if (lb_ct_put_flow(fwd, &v, 0, 0, now)) {
		/* Without an entry the reply could not be translated back: let the client retry. */
		lb_count_reason(LB_R_CT_FULL);
		return XDP_DROP;
	}
	lb_count_connection(svc->id, backend_id, LB_EV_NEW);
	lb_count_packet(svc->id, backend_id, LB_CT_FORWARD, bytes);
	lb_dnat(p, &v.nat_addr, v.nat_port);
	return XDP_PASS;
}

/*
 * A TCP packet other than a SYN whose flow has no entry (evicted, expired, or from before a restart with a new
 * table): the backend comes from the Maglev table again, which gives the same answer while the table is unchanged.
 * The flow goes back to lb_ct_pending until the backend answers; the packet is forwarded even if that insert fails.
 */
static __always_inline int lb_rederive(struct lb_pkt *p, const struct lb_ct_key *fwd, const struct lb_service *svc,
				       __u64 now, __u64 bytes)
{
	__u32 backend_id = LB_NO_BACKEND;
	const struct lb_backend *b = lb_pick(p, svc, &backend_id);
	if (!b) {
		lb_count_reason(LB_R_NO_CONNTRACK);
		return XDP_PASS;
	}
	lb_count_ct_event(LB_CE_REDERIVED);
	struct lb_ct_value v;
	lb_ct_entry(&v, fwd, b, backend_id, svc->id, p->tcp_flags & LB_TCP_FIN ? LB_CT_CLOSING : LB_CT_ESTABLISHED, now,
		    p->payload_len);
	if (!(p->tcp_flags & LB_TCP_RST))
		lb_ct_put_flow(fwd, &v, 0, 0, now);
	lb_count_packet(svc->id, backend_id, LB_CT_FORWARD, bytes);
	lb_dnat(p, &v.nat_addr, v.nat_port);
	return XDP_PASS;
}

/* A packet of a confirmed flow: advance the TCP state, count, DNAT. */
static __always_inline int lb_known_flow(struct lb_pkt *p, const struct lb_ct_key *fwd, struct lb_ct_value *ct,
					 __u64 now, __u64 bytes)
{
	union lb_addr addr = ct->nat_addr;
	__be16 port = ct->nat_port;
	__u32 service_id = ct->service_id;
	__u32 backend_id = ct->backend_id;
	__u8 flags = p->tcp_flags;

	lb_ct_count(ct, p->payload_len);
	if (p->proto == IPPROTO_TCP && flags & (LB_TCP_FIN | LB_TCP_RST)) {
		if (flags & LB_TCP_RST) {
			/* The flow ends here: the RST itself is still forwarded. */
			if (ct->state != LB_CT_CLOSING)
				lb_count_connection(service_id, backend_id, LB_EV_CLOSED);
			lb_ct_close_flow(fwd, ct, LB_CLOSE_RST, now);
			goto out;
		}
		if (ct->state != LB_CT_CLOSING) {
			ct->state = LB_CT_CLOSING;
			ct->last_seen_ns = now;  /* the short closing timeout starts now */
			lb_count_connection(service_id, backend_id, LB_EV_CLOSED);
			lb_ct_emit(&lb_conntrack, fwd, ct, LB_CONN_CLOSED, LB_CLOSE_FIN, now);
		}
	}
	lb_ct_touch(ct, now);
out:
	lb_count_packet(service_id, backend_id, LB_CT_FORWARD, bytes);
	lb_dnat(p, &addr, port);
	return XDP_PASS;
}

/*
 * A packet of a pending flow. The client's first non-SYN after the backend's SYN-ACK confirms a TCP flow; an RST
 * ends it; anything else follows the entry.
 */
static __always_inline int lb_pending_flow(struct lb_pkt *p, const struct lb_ct_key *fwd, struct lb_ct_value *pv,
					   __u64 now, __u64 bytes)
{
	lb_ct_count(pv, p->payload_len);
	union lb_addr addr = pv->nat_addr;
	__be16 port = pv->nat_port;
	__u32 service_id = pv->service_id;
	__u32 backend_id = pv->backend_id;
	__u8 state = pv->state;
	__u8 flags = p->tcp_flags;

	if (p->proto == IPPROTO_TCP && !(flags & LB_TCP_SYN)) {
		if (flags & LB_TCP_RST) {
			if (state != LB_CT_CLOSING)
				lb_count_connection(service_id, backend_id, LB_EV_CLOSED);
			lb_ct_delete_pending(fwd, pv);
		} else if (state == LB_CT_SYN_RECV) {
			if (flags & LB_TCP_FIN)
				lb_count_connection(service_id, backend_id, LB_EV_CLOSED);
			lb_ct_confirm(fwd, pv, flags & LB_TCP_FIN ? LB_CT_CLOSING : LB_CT_ESTABLISHED, now);
		} else if (flags & LB_TCP_FIN && state != LB_CT_CLOSING) {
			lb_count_connection(service_id, backend_id, LB_EV_CLOSED);
			pv->state = LB_CT_CLOSING;
			pv->last_seen_ns = now;
		} else {
			lb_ct_touch(pv, now);
		}
	} else {
		lb_ct_touch(pv, now);
	}
	lb_count_packet(service_id, backend_id, LB_CT_FORWARD, bytes);
	lb_dnat(p, &addr, port);
	return XDP_PASS;
}

SEC("xdp")
int lb_xdp_ingress(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct lb_pkt p;

	int r = lb_parse(data, data_end, data_end - data, &p);  /* no frags: the frame is linear */
	if (r != LB_PARSED) {
		lb_count_reason(r);
		return XDP_PASS;
	}
	if (!lb_port_served(&p)) {
		lb_count_reason(LB_R_NO_SERVICE);
		return XDP_PASS;
	}
	const struct lb_config *cfg = lb_config_get();
	if (!cfg)
		return XDP_PASS;
	__u64 now = bpf_ktime_get_coarse_ns();
	__u64 bytes = data_end - data - LB_ETH_HLEN;
	int syn = (p.tcp_flags & (LB_TCP_SYN | LB_TCP_ACK)) == LB_TCP_SYN;

	/* Conntrack first: an established flow costs one lookup and keeps its backend whatever the tables say. */
	struct lb_ct_key key;
	lb_ct_key_of(&p, &key);
	struct lb_ct_value *ct = bpf_map_lookup_elem(&lb_conntrack, &key);
	if (ct && ct->dir == LB_CT_FORWARD) {
		int expired = lb_ct_expired(ct, p.proto, cfg, now);
		if (!expired && !(syn && ct->state == LB_CT_CLOSING))
			return lb_known_flow(&p, &key, ct, now, bytes);
		/* A new flow on an expired flow's tuple, or a SYN on a closing one's: the old entries must not shadow it. */
		if (ct->state != LB_CT_CLOSING)
			lb_count_connection(ct->service_id, ct->backend_id, LB_EV_CLOSED);
		lb_ct_close_flow(&key, ct, LB_CLOSE_IDLE, now);
	}

	const struct lb_service *svc = lb_service_lookup(&p);
	if (!svc) {
		lb_count_reason(LB_R_NO_SERVICE);
		return XDP_PASS;
	}
	struct lb_ct_value *pv = bpf_map_lookup_elem(&lb_ct_pending, &key);
	if (pv && pv->dir == LB_CT_FORWARD) {
		if (!lb_ct_pending_expired(pv, cfg, now) && !(syn && pv->state == LB_CT_CLOSING))
			return lb_pending_flow(&p, &key, pv, now, bytes);
		/* Stale: its reverse entry must not outlive it if the flow now gets another backend. */
		lb_ct_delete_pending(&key, pv);
	}
	if (p.proto == IPPROTO_TCP && !syn)
		return lb_rederive(&p, &key, svc, now, bytes);
	return lb_new_flow(&p, &key, svc, now, bytes);
}
