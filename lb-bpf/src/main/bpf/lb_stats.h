/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Per-CPU counters: no atomics needed, userspace sums the CPUs. */
#ifndef LB_STATS_H
#define LB_STATS_H

#include "lb_maps.h"

static __always_inline void lb_count_reason(__u32 reason)
{
	__u64 *n = bpf_map_lookup_elem(&lb_reasons, &reason);
	if (n)
		*n += 1;
}

static __always_inline void lb_count_ct_event(__u32 event)
{
	__u64 *n = bpf_map_lookup_elem(&lb_ct_events, &event);
	if (n)
		*n += 1;
}

static __always_inline struct lb_stats *lb_service_stats_of(__u32 service_id)
{
	return bpf_map_lookup_elem(&lb_service_stats, &service_id);
}

static __always_inline struct lb_stats *lb_backend_stats_of(__u32 backend_id)
{
	return bpf_map_lookup_elem(&lb_backend_stats, &backend_id);
}

/* Adds one packet of `bytes` in direction `dir` to a service's and a backend's counters. */
static __always_inline void lb_count_packet(__u32 service_id, __u32 backend_id, __u8 dir, __u64 bytes)
{
	struct lb_stats *s = lb_service_stats_of(service_id);
	struct lb_stats *b = lb_backend_stats_of(backend_id);
	if (dir == LB_CT_FORWARD) {
		if (s) { s->packets_fwd++; s->bytes_fwd += bytes; }
		if (b) { b->packets_fwd++; b->bytes_fwd += bytes; }
	} else {
		if (s) { s->packets_rev++; s->bytes_rev += bytes; }
		if (b) { b->packets_rev++; b->bytes_rev += bytes; }
	}
}

/* Connection events: what = 0 new, 1 closed, 2 connect failure (also closed). */
#define LB_EV_NEW 0
#define LB_EV_CLOSED 1
#define LB_EV_CONNECT_FAILED 2
static __always_inline void lb_count_connection(__u32 service_id, __u32 backend_id, int what)
{
	struct lb_stats *s = lb_service_stats_of(service_id);
	struct lb_stats *b = lb_backend_stats_of(backend_id);
	if (what == LB_EV_NEW) {
		if (s) s->conn_new++;
		if (b) b->conn_new++;
		return;
	}
	if (s) s->conn_closed++;
	if (b) b->conn_closed++;
	if (what == LB_EV_CONNECT_FAILED) {
		if (s) s->connect_failures++;
		if (b) b->connect_failures++;
	}
}

#endif
