/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Connection events into the lb_conn_events ring buffer, read by the runtime. Emission never waits: a full buffer
 * drops the event and counts it (LB_CE_EVENT_DROPPED), and no verdict depends on it. Only confirmed flows (both sides
 * spoke) produce events, so a SYN flood cannot fill the buffer: opened when a flow is confirmed, closed at its first
 * FIN, at an RST, or when a new flow takes over its tuple. lb_svc_events picks per service every flow, one flow in N
 * or none; sampling goes by the flow hash, so a flow's opened and closed events are either both sent or both not.
 */
#ifndef LB_EVENTS_H
#define LB_EVENTS_H

#include "lb_maps.h"
#include "lb_hash.h"
#include "lb_stats.h"

/* Whether the service wants this flow's events. */
static __always_inline int lb_events_wanted(const struct lb_ct_key *fwd, __u32 service_id)
{
	__u32 *every = bpf_map_lookup_elem(&lb_svc_events, &service_id);
	if (!every || !*every)
		return 0;
	if (*every == 1)
		return 1;
	return lb_hash_flow(&fwd->src, &fwd->dst, fwd->sport, fwd->dport, fwd->proto) % *every == 0;
}

/* Sends one event of a flow: f is its forward entry, r its reverse entry or null (the reply direction's counters). */
static __always_inline void lb_emit_event(const struct lb_ct_key *fwd, const struct lb_ct_value *f,
					  const struct lb_ct_value *r, __u8 type, __u8 reason, __u64 now)
{
	struct lb_conn_event *e = bpf_ringbuf_reserve(&lb_conn_events, sizeof(*e), 0);
	if (!e) {
		lb_count_ct_event(LB_CE_EVENT_DROPPED);
		return;
	}
	e->flow = *fwd;
	e->backend_addr = f->nat_addr;
	e->backend_port = f->nat_port;
	e->type = type;
	e->reason = reason;
	e->service_id = f->service_id;
	e->backend_id = f->backend_id;
	e->packets_fwd = f->packets;
	e->packets_rev = f->packets_rev + (r ? r->packets : 0);
	e->pad = 0;
	e->time_ns = now;
	e->opened_ns = f->opened_ns;
	e->bytes_fwd = f->bytes;
	e->bytes_rev = f->bytes_rev + (r ? r->bytes : 0);
	/*
	 * Waking the reader costs more than writing the event (an irq_work and a wake-up per event when the reader keeps
	 * up), so the reader is woken only once a quarter of the ring is waiting; it also takes what is there every poll
	 * interval, so a quiet ring is read within that interval.
	 */
	__u64 waiting = bpf_ringbuf_query(&lb_conn_events, BPF_RB_AVAIL_DATA);
	__u64 size = bpf_ringbuf_query(&lb_conn_events, BPF_RB_RING_SIZE);
	bpf_ringbuf_submit(e, waiting * 4 >= size ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
	lb_count_ct_event(LB_CE_EVENT_SENT);
}

#endif
