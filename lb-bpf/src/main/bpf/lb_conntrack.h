/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Conntrack keys, timeouts and the two tables. A flow starts in lb_ct_pending (the client's SYN, a UDP datagram, or
 * a packet of a flow whose entry is gone) and moves to lb_conntrack once both sides have spoken: the client's ACK
 * after the backend's SYN-ACK, or the backend's answer to a UDP or re-derived flow. Floods of SYNs or spoofed
 * packets therefore only churn lb_ct_pending; what they evict there is not established.
 *
 * A flow is one forward entry when lb_reverse gives its service address for its backend: tc builds the forward key
 * from the reply and that address. Otherwise (a backend several service addresses share, a wildcard service) it also
 * has a reverse entry keyed by the reply's five-tuple, written and removed with the forward one.
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
 * Sends an event of a flow whose forward key and entry are given, if its service wants it; a reverse entry's reply
 * counters come from `table` (lb_conntrack or lb_ct_pending).
 */
static __always_inline void lb_ct_emit(void *table, const struct lb_ct_key *fwd, const struct lb_ct_value *f,
				       __u8 type, __u8 reason, __u64 now)
{
	if (!lb_events_wanted(fwd, f->service_id))
		return;
	const struct lb_ct_value *r = 0;
	if (f->reverse_entry) {
		struct lb_ct_key rk;
		lb_ct_reverse_key(fwd, f, &rk);
		r = bpf_map_lookup_elem(table, &rk);
	}
	lb_emit_event(fwd, f, r, type, reason, now);
}

/* Counts one reply packet of `payload` bytes on the flow's forward entry. */
static __always_inline void lb_ct_count_reply(struct lb_ct_value *f, __u32 payload)
{
	__sync_fetch_and_add(&f->packets_rev, 1);
	__sync_fetch_and_add(&f->bytes_rev, payload);
}

/* The lb_reverse key of a flow's backend. */
static __always_inline void lb_ct_backend_key(const struct lb_ct_key *fwd, const struct lb_ct_value *v,
					      struct lb_service_key *k)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->addr = v->nat_addr;
	k->port = v->nat_port;
	k->proto = fwd->proto;
	k->family = fwd->family;
}

/* Whether two addresses of one family are equal. */
static __always_inline int lb_addr_eq(const union lb_addr *a, const union lb_addr *b)
{
	return !((a->v6[0] ^ b->v6[0]) | (a->v6[1] ^ b->v6[1]) | (a->v6[2] ^ b->v6[2]) | (a->v6[3] ^ b->v6[3]));
}

/* The forward key of the flow between the client of `fwd` and `addr`:`port` (another service address). */
static __always_inline void lb_ct_key_to(const struct lb_ct_key *fwd, const union lb_addr *addr, __be16 port,
					 struct lb_ct_key *k)
{
	*k = *fwd;
	k->dst = *addr;
	k->dport = port;
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
 * Ends an older confirmed flow (forward key old_fwd) that reaches the same backend tuple as the new flow v from the
 * same client port; old_rev is its reverse entry, if it has one.
 */
static __always_inline void lb_ct_end_older(const struct lb_ct_key *old_fwd, const struct lb_ct_value *v,
					    const struct lb_ct_value *old_rev, __u64 now)
{
	struct lb_ct_value *of = bpf_map_lookup_elem(&lb_conntrack, old_fwd);
	if (!of || of->dir != LB_CT_FORWARD || !lb_addr_eq(&of->nat_addr, &v->nat_addr) || of->nat_port != v->nat_port)
		return;
	if (of->state != LB_CT_CLOSING) {
		lb_count_connection(of->service_id, of->backend_id, LB_EV_CLOSED);
		if (lb_events_wanted(old_fwd, of->service_id)) {
			const struct lb_config *cfg = lb_config_get();
			__u8 why = cfg && lb_ct_expired(of, old_fwd->proto, cfg, now) ? LB_CLOSE_IDLE : LB_CLOSE_REPLACED;
			lb_emit_event(old_fwd, of, old_rev, LB_CONN_CLOSED, why, now);
		}
	}
	if (!bpf_map_delete_elem(&lb_conntrack, old_fwd))
		lb_count_ct_event(LB_CE_DELETED);
}

/*
 * Clears the way in lb_conntrack for a flow with a reverse entry about to enter lb_ct_pending. An older confirmed flow
 * on the same client port and backend (through another service address, or expired) would shadow it in tc: its
 * reverse entry with the same key, or its forward entry found through lb_reverse, is looked up first, and the replies
 * would leave with the old flow's service address. The backend cannot tell the two flows apart either: the old one is
 * over.
 */
static __always_inline void lb_ct_take_over_reverse(const struct lb_ct_key *fwd, const struct lb_ct_value *v,
						   const struct lb_ct_key *rev, __u64 now)
{
	struct lb_ct_key old_fwd;
	struct lb_ct_value *old = bpf_map_lookup_elem(&lb_conntrack, rev);
	if (old && old->dir == LB_CT_REVERSE) {
		lb_ct_key_to(fwd, &old->nat_addr, old->nat_port, &old_fwd);
		lb_ct_end_older(&old_fwd, v, old, now);
		if (!bpf_map_delete_elem(&lb_conntrack, rev))
			lb_count_ct_event(LB_CE_DELETED);
	}
	struct lb_service_key bk;
	lb_ct_backend_key(fwd, v, &bk);
	const struct lb_service_key *owner = bpf_map_lookup_elem(&lb_reverse, &bk);
	if (owner) {
		lb_ct_key_to(fwd, &owner->addr, owner->port, &old_fwd);
		lb_ct_end_older(&old_fwd, v, 0, now);
	}
}

/* Whether lb_reverse gives the flow's own service address for its backend: then it needs no reverse entry. */
static __always_inline int lb_ct_reverse_found(const struct lb_ct_key *fwd, const struct lb_ct_value *v)
{
	struct lb_service_key bk;
	lb_ct_backend_key(fwd, v, &bk);
	const struct lb_service_key *owner = bpf_map_lookup_elem(&lb_reverse, &bk);
	return owner && owner->port == fwd->dport && lb_addr_eq(&owner->addr, &fwd->dst);
}

/*
 * Writes a flow's entries into lb_conntrack when confirmed, else lb_ct_pending: the forward entry, and first (a reply
 * must never find a forward entry without its reverse) the reverse one if v->reverse_entry says it has one. That
 * reverse entry's counters come from `counted` (the flow's reverse entry so far), zero when null. Returns 0, or
 * nonzero after counting the failed insert.
 */
static __always_inline int lb_ct_put_flow(const struct lb_ct_key *fwd, const struct lb_ct_value *v,
					  const struct lb_ct_value *counted, int confirmed, __u64 now)
{
	int err;
	if (!v->reverse_entry) {
		err = confirmed ? lb_ct_insert_confirmed(fwd, v) : bpf_map_update_elem(&lb_ct_pending, fwd, v, BPF_ANY);
		goto out;
	}
	struct lb_ct_key rev;
	lb_ct_reverse_key(fwd, v, &rev);
	if (!confirmed)
		lb_ct_take_over_reverse(fwd, v, &rev, now);
	struct lb_ct_value rv = *v;
	rv.nat_addr = fwd->dst;  /* the address the client used: right for wildcard services too */
	rv.nat_port = fwd->dport;
	rv.dir = LB_CT_REVERSE;
	rv.reverse_entry = 0;
	rv.packets = counted ? counted->packets : 0;
	rv.bytes = counted ? counted->bytes : 0;
	rv.packets_rev = 0;
	rv.bytes_rev = 0;
	err = confirmed
		? lb_ct_insert_confirmed(&rev, &rv) || lb_ct_insert_confirmed(fwd, v)
		: bpf_map_update_elem(&lb_ct_pending, &rev, &rv, BPF_ANY) ||
		  bpf_map_update_elem(&lb_ct_pending, fwd, v, BPF_ANY);
out:
	if (err)
		lb_count_ct_event(LB_CE_INSERT_FAILED);
	return err;
}

/* Removes a confirmed flow's entries, given the forward key and a copy of its entry. */
static __always_inline void lb_ct_delete_flow(const struct lb_ct_key *fwd, const struct lb_ct_value *v)
{
	if (v->reverse_entry) {
		struct lb_ct_key rev;
		lb_ct_reverse_key(fwd, v, &rev);
		if (!bpf_map_delete_elem(&lb_conntrack, &rev))
			lb_count_ct_event(LB_CE_DELETED);
	}
	if (!bpf_map_delete_elem(&lb_conntrack, fwd))
		lb_count_ct_event(LB_CE_DELETED);
}

/* Removes a pending flow's entries. */
static __always_inline void lb_ct_delete_pending(const struct lb_ct_key *fwd, const struct lb_ct_value *v)
{
	if (v->reverse_entry) {
		struct lb_ct_key rev;
		lb_ct_reverse_key(fwd, v, &rev);
		bpf_map_delete_elem(&lb_ct_pending, &rev);
	}
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
	struct lb_ct_value *counted = 0;
	if (v.reverse_entry) {
		struct lb_ct_key rk;
		lb_ct_reverse_key(fwd, &v, &rk);
		counted = bpf_map_lookup_elem(&lb_ct_pending, &rk);
	}
	if (lb_ct_put_flow(fwd, &v, counted, 1, now))
		return;
	lb_ct_delete_pending(fwd, &v);
	lb_count_ct_event(LB_CE_CONFIRMED);
	lb_ct_emit(&lb_conntrack, fwd, &v, LB_CONN_OPENED, 0, now);
	if (state == LB_CT_CLOSING)
		lb_ct_emit(&lb_conntrack, fwd, &v, LB_CONN_CLOSED, LB_CLOSE_FIN, now);
}

/* Sends the closed event of a confirmed flow (forward entry f) and removes its entries. */
static __always_inline void lb_ct_close_flow(const struct lb_ct_key *fwd, const struct lb_ct_value *f, __u8 reason,
					     __u64 now)
{
	if (f->state != LB_CT_CLOSING)
		lb_ct_emit(&lb_conntrack, fwd, f, LB_CONN_CLOSED, reason, now);
	lb_ct_delete_flow(fwd, f);  /* reads f before its first delete */
}

#endif
