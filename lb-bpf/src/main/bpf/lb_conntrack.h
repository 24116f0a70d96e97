/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Conntrack keys, timeouts and the TCP state the load balancer tracks from both directions. */
#ifndef LB_CONNTRACK_H
#define LB_CONNTRACK_H

#include "lb_maps.h"
#include "lb_parse.h"

/* The key of the packet's own direction. */
static __always_inline void lb_ct_key_of(const struct lb_pkt *p, struct lb_ct_key *k)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->src.v4 = p->saddr;
	k->dst.v4 = p->daddr;
	k->sport = p->sport;
	k->dport = p->dport;
	k->proto = p->proto;
	k->family = LB_AF_INET;
}

static __always_inline const struct lb_config *lb_config_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&lb_config, &zero);
}

/* Whether an entry has been idle longer than its state allows. */
static __always_inline int lb_ct_expired(const struct lb_ct_value *v, __u8 proto, const struct lb_config *cfg,
					 __u64 now)
{
	__u64 limit = proto == IPPROTO_UDP ? cfg->udp_idle_ns
		    : v->state == LB_CT_CLOSING ? cfg->tcp_closing_ns : cfg->tcp_idle_ns;
	/* Signed: an entry stamped a little ahead of the coarse clock (by user space) is fresh, not ancient. */
	return (__s64)(now - v->last_seen_ns) > (__s64)limit;
}

/* Refreshes last_seen at most once per LB_CT_REFRESH_NS: a write per packet would bounce the entry between CPUs. */
static __always_inline void lb_ct_touch(struct lb_ct_value *v, __u64 now)
{
	if ((__s64)(now - v->last_seen_ns) > (__s64)LB_CT_REFRESH_NS)
		v->last_seen_ns = now;
}

/* Removes both entries of a flow, given the forward key. */
static __always_inline void lb_ct_delete_flow(const struct lb_ct_key *fwd, const struct lb_ct_value *v)
{
	struct lb_ct_key rev = {};
	rev.src = v->nat_addr;
	rev.dst = fwd->src;
	rev.sport = v->nat_port;
	rev.dport = fwd->sport;
	rev.proto = fwd->proto;
	rev.family = fwd->family;
	bpf_map_delete_elem(&lb_conntrack, &rev);
	bpf_map_delete_elem(&lb_conntrack, fwd);
}

#endif
