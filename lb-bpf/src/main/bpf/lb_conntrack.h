/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Conntrack keys, timeouts and the two tables. A flow starts in lb_ct_pending (the client's SYN, a UDP datagram, or
 * a packet of a flow whose entry is gone) and moves to lb_conntrack once both sides have spoken: the client's ACK
 * after the backend's SYN-ACK, or the backend's answer to a UDP or re-derived flow. Floods of SYNs or spoofed
 * packets therefore only churn lb_ct_pending; what they evict there is not established.
 */
#ifndef LB_CONNTRACK_H
#define LB_CONNTRACK_H

#include "lb_maps.h"
#include "lb_parse.h"
#include "lb_stats.h"
#include "lb_events.h"

/* The key of the packet's own direction. */
static __always_inline void lb_ct_key_of(const struct lb_pkt *p, struct lb_ct_key *k)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->src = p->saddr;
	k->dst = p->daddr;
	k->sport = p->sport;
	k->dport = p->dport;
	k->proto = p->proto;
	k->family = p->family;
}

/* The reverse key (backend -> client) of a flow, given its forward key and entry. */
static __always_inline void lb_ct_reverse_key(const struct lb_ct_key *fwd, const struct lb_ct_value *v,
					      struct lb_ct_key *rev)
{
	__builtin_memset(rev, 0, sizeof(*rev));
	rev->src = v->nat_addr;
	rev->dst = fwd->src;
	rev->sport = v->nat_port;
	rev->dport = fwd->sport;
	rev->proto = fwd->proto;
	rev->family = fwd->family;
}

static __always_inline const struct lb_config *lb_config_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&lb_config, &zero);
}

/* Whether a lb_conntrack entry has been idle longer than its state allows. */
static __always_inline int lb_ct_expired(const struct lb_ct_value *v, __u8 proto, const struct lb_config *cfg,
					 __u64 now)
{
	__u64 limit = proto == IPPROTO_UDP ? cfg->udp_idle_ns
		    : v->state == LB_CT_CLOSING ? cfg->tcp_closing_ns : cfg->tcp_idle_ns;
	/* Signed: an entry stamped a little ahead of the coarse clock (by user space) is fresh, not ancient. */
	return (__s64)(now - v->last_seen_ns) > (__s64)limit;
}

/* Whether a lb_ct_pending entry has been idle longer than the half-open timeout. */
static __always_inline int lb_ct_pending_expired(const struct lb_ct_value *v, const struct lb_config *cfg, __u64 now)
{
	return (__s64)(now - v->last_seen_ns) > (__s64)cfg->half_open_ns;
}

/* Refreshes last_seen at most once per LB_CT_REFRESH_NS: a write per packet would bounce the entry between CPUs. */
static __always_inline void lb_ct_touch(struct lb_ct_value *v, __u64 now)
{
	if ((__s64)(now - v->last_seen_ns) > (__s64)LB_CT_REFRESH_NS)
		v->last_seen_ns = now;
}

/* Counts one packet of `payload` bytes on the entry of its direction (see struct lb_ct_value for why atomic). */
static __always_inline void lb_ct_count(struct lb_ct_value *v, __u32 payload)
{
	__sync_fetch_and_add(&v->packets, 1);
	__sync_fetch_and_add(&v->bytes, payload);
}

/*
 * Sends an event of a flow whose forward key and entry are given, if its service wants it; the reply direction's
 * counters come from its reverse entry in `table` (lb_conntrack or lb_ct_pending).
 */
static __always_inline void lb_ct_emit(void *table, const struct lb_ct_key *fwd, const struct lb_ct_value *f,
				       __u8 type, __u8 reason, __u64 now)
{
	if (!lb_events_wanted(fwd, f->service_id))
		return;
	struct lb_ct_key rk;
	lb_ct_reverse_key(fwd, f, &rk);
	lb_emit_event(fwd, f, bpf_map_lookup_elem(table, &rk), type, reason, now);
}

/* Adds an entry to lb_conntrack, counting it only when the key is new (an overwrite does not grow the table). */
static __always_inline int lb_ct_insert_confirmed(const struct lb_ct_key *k, const struct lb_ct_value *v)
{
	int err = bpf_map_update_elem(&lb_conntrack, k, v, BPF_NOEXIST);
	if (!err) {
		lb_count_ct_event(LB_CE_INSERTED);
		return 0;
	}
	return err == -LB_EEXIST ? bpf_map_update_elem(&lb_conntrack, k, v, BPF_ANY) : err;
}

/*
 * Clears the way in lb_conntrack for a flow about to enter lb_ct_pending. A confirmed reverse entry with the same key
 * belongs to an older flow on the same client port and backend (through another service, or expired): tc_egress looks
 * in lb_conntrack first, so it would shadow the new flow's reverse entry and the replies would leave with the old
 * flow's service address. The backend cannot tell the two flows apart either: the old one is over.
 */
static __always_inline void lb_ct_take_over_reverse(const struct lb_ct_key *fwd, const struct lb_ct_key *rev,
						   __u64 now)
{
	struct lb_ct_value *old = bpf_map_lookup_elem(&lb_conntrack, rev);
	if (!old || old->dir != LB_CT_REVERSE)
		return;
	struct lb_ct_key old_fwd = *fwd;
	old_fwd.dst = old->nat_addr;
	old_fwd.dport = old->nat_port;
	struct lb_ct_value *of = bpf_map_lookup_elem(&lb_conntrack, &old_fwd);
	if (of && of->dir == LB_CT_FORWARD) {
		if (of->state != LB_CT_CLOSING) {
			lb_count_connection(of->service_id, of->backend_id, LB_EV_CLOSED);
			if (lb_events_wanted(&old_fwd, of->service_id)) {
				const struct lb_config *cfg = lb_config_get();
				__u8 why = cfg && lb_ct_expired(of, fwd->proto, cfg, now) ? LB_CLOSE_IDLE
										: LB_CLOSE_REPLACED;
				lb_emit_event(&old_fwd, of, old, LB_CONN_CLOSED, why, now);
			}
		}
		if (!bpf_map_delete_elem(&lb_conntrack, &old_fwd))
			lb_count_ct_event(LB_CE_DELETED);
	}
	if (!bpf_map_delete_elem(&lb_conntrack, rev))
		lb_count_ct_event(LB_CE_DELETED);
}

/*
 * Writes both entries of a flow, the reverse one first (a reply must never find a forward entry without its reverse),
 * into lb_conntrack when confirmed, else lb_ct_pending. The reverse entry's counters come from `counted` (the flow's
 * reverse entry so far), zero when null. Returns 0, or nonzero after counting the failed insert.
 */
static __always_inline int lb_ct_put_flow(const struct lb_ct_key *fwd, const struct lb_ct_value *v,
					  const struct lb_ct_value *counted, int confirmed, __u64 now)
{
	struct lb_ct_key rev;
	lb_ct_reverse_key(fwd, v, &rev);
	if (!confirmed)
		lb_ct_take_over_reverse(fwd, &rev, now);
	struct lb_ct_value rv = *v;
	rv.nat_addr = fwd->dst;  /* the address the client used: right for wildcard services too */
	rv.nat_port = fwd->dport;
	rv.dir = LB_CT_REVERSE;
	rv.packets = counted ? counted->packets : 0;
	rv.bytes = counted ? counted->bytes : 0;
	int err = confirmed
		? lb_ct_insert_confirmed(&rev, &rv) || lb_ct_insert_confirmed(fwd, v)
		: bpf_map_update_elem(&lb_ct_pending, &rev, &rv, BPF_ANY) ||
		  bpf_map_update_elem(&lb_ct_pending, fwd, v, BPF_ANY);
	if (err)
		lb_count_ct_event(LB_CE_INSERT_FAILED);
	return err;
}

/* Removes both entries of a confirmed flow, given the forward key and a copy of its entry. */
static __always_inline void lb_ct_delete_flow(const struct lb_ct_key *fwd, const struct lb_ct_value *v)
{
	struct lb_ct_key rev;
	lb_ct_reverse_key(fwd, v, &rev);
	if (!bpf_map_delete_elem(&lb_conntrack, &rev))
		lb_count_ct_event(LB_CE_DELETED);
	if (!bpf_map_delete_elem(&lb_conntrack, fwd))
		lb_count_ct_event(LB_CE_DELETED);
}

/* Removes both entries of a pending flow. */
static __always_inline void lb_ct_delete_pending(const struct lb_ct_key *fwd, const struct lb_ct_value *v)
{
	struct lb_ct_key rev;
	lb_ct_reverse_key(fwd, v, &rev);
	bpf_map_delete_elem(&lb_ct_pending, &rev);
	bpf_map_delete_elem(&lb_ct_pending, fwd);
}

/*
 * Moves a pending flow to lb_conntrack in `state`, counters and all; the pending entries go only once the confirmed
 * ones are written, so a failed insert leaves the flow working from lb_ct_pending. A confirmed flow is opened; one
 * confirmed by a FIN is closed at once.
 */
static __always_inline void lb_ct_confirm(const struct lb_ct_key *fwd, const struct lb_ct_value *pending, __u8 state,
					  __u64 now)
{
	struct lb_ct_value v = *pending;
	v.state = state;
	v.last_seen_ns = now;
	struct lb_ct_key rk;
	lb_ct_reverse_key(fwd, &v, &rk);
	struct lb_ct_value *counted = bpf_map_lookup_elem(&lb_ct_pending, &rk);
	if (lb_ct_put_flow(fwd, &v, counted, 1, now))
		return;
	lb_ct_delete_pending(fwd, &v);
	lb_count_ct_event(LB_CE_CONFIRMED);
	lb_ct_emit(&lb_conntrack, fwd, &v, LB_CONN_OPENED, 0, now);
	if (state == LB_CT_CLOSING)
		lb_ct_emit(&lb_conntrack, fwd, &v, LB_CONN_CLOSED, LB_CLOSE_FIN, now);
}

/* Sends the closed event of a confirmed flow (forward entry f) and removes both its entries. */
static __always_inline void lb_ct_close_flow(const struct lb_ct_key *fwd, const struct lb_ct_value *f, __u8 reason,
					     __u64 now)
{
	struct lb_ct_value copy = *f;
	if (copy.state != LB_CT_CLOSING)
		lb_ct_emit(&lb_conntrack, fwd, &copy, LB_CONN_CLOSED, reason, now);
	lb_ct_delete_flow(fwd, &copy);
}

#endif
