/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Every map of the data plane. Both programs include this file; the loader shares one set of maps between the two
 * objects (pinned under <pin-root>/ebpf-lb/<instance>/ and reused). Sizes are overridable with -D and at load time.
 */
#ifndef LB_MAPS_H
#define LB_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lb_consts.h"
#include "lb_structs.h"

/* (service address or any, port, protocol) -> service id, flags, default group. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct lb_service_key);
	__type(value, struct lb_service);
	__uint(max_entries, LB_MAX_SERVICES);
} lb_services SEC(".maps");

/* destination port -> LB_PORT_* bits of the protocols some service listens on there: other traffic skips conntrack. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u8);
	__uint(max_entries, 65536);
} lb_service_ports SEC(".maps");

/* (service id, client prefix) -> group id: source routes, longest prefix wins. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lb_source_key);
	__type(value, __u32);
	__uint(max_entries, LB_MAX_SOURCE_ROUTES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} lb_source_routes SEC(".maps");

/* group id -> the live table descriptor; the one-word flip that makes a new table visible. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_group);
	__uint(max_entries, LB_MAX_GROUPS);
} lb_groups SEC(".maps");

/* table id (2 per group: live and aside) -> region of lb_maglev. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_table);
	__uint(max_entries, 2 * LB_MAX_GROUPS);
} lb_tables SEC(".maps");

/* Maglev slots of every table end to end -> backend id (LB_NO_BACKEND when the group has no weight). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, LB_MAGLEV_SLOTS);
} lb_maglev SEC(".maps");

/* backend id -> address and port to DNAT to. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_backend);
	__uint(max_entries, LB_MAX_BACKENDS);
} lb_backends SEC(".maps");

/*
 * (backend address, port, protocol) -> the service address whose flows to it keep no reverse entry: tc finds their
 * forward entry from the reply. One per backend, chosen by the control plane; flows of other service addresses
 * (a backend shared by several, a wildcard service) keep a reverse entry.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct lb_service_key);
	__type(value, struct lb_service_key);
	__uint(max_entries, LB_MAX_BACKENDS);
} lb_reverse SEC(".maps");

/* five-tuple -> NAT target of a confirmed flow (both sides spoke); forward entry (and reverse entry), LRU evicted. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct lb_ct_key);
	__type(value, struct lb_ct_value);
	__uint(max_entries, LB_CT_ENTRIES);
} lb_conntrack SEC(".maps");

/* five-tuple -> NAT target of a flow not confirmed yet (SYN, unanswered UDP, re-derived): floods churn only this. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct lb_ct_key);
	__type(value, struct lb_ct_value);
	__uint(max_entries, LB_CT_PENDING_ENTRIES);
} lb_ct_pending SEC(".maps");

/* service id -> counters, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_stats);
	__uint(max_entries, LB_MAX_SERVICES);
} lb_service_stats SEC(".maps");

/* backend id -> counters, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_stats);
	__uint(max_entries, LB_MAX_BACKENDS);
} lb_backend_stats SEC(".maps");

/* LB_R_* -> packets passed unhandled or dropped for that reason, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, LB_R_COUNT);
} lb_reasons SEC(".maps");

/* LB_CE_* -> conntrack events, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, LB_CE_COUNT);
} lb_ct_events SEC(".maps");

/* service id -> its rate limits (all zero: none). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_rl_service);
	__uint(max_entries, LB_MAX_SERVICES);
} lb_rl_services SEC(".maps");

/* (service id, client prefix) -> token bucket; least recently used evicted first, which bounds spoofed floods. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct lb_rl_source_key);
	__type(value, struct lb_rl_bucket);
	__uint(max_entries, LB_RL_SOURCE_BUCKETS);
} lb_rl_sources SEC(".maps");

/* backend id -> token bucket of new flows to that backend. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_rl_bucket);
	__uint(max_entries, LB_MAX_BACKENDS);
} lb_rl_backends SEC(".maps");

/* (service id, client prefix) -> 1: sources the per-source limit never applies to. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lb_source_key);
	__type(value, __u32);
	__uint(max_entries, LB_MAX_RL_ALLOW);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} lb_rl_allow SEC(".maps");

/* service id -> new flows dropped per scope, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_rl_stats);
	__uint(max_entries, LB_MAX_SERVICES);
} lb_rl_stats SEC(".maps");

/* Connection events (struct lb_conn_event) for the runtime's reader; full = the event is dropped and counted. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, LB_EVENT_RING_BYTES);
} lb_conn_events SEC(".maps");

/* service id -> connection events wanted: 0 none, 1 every flow, N one flow in N (by flow hash). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, LB_MAX_SERVICES);
} lb_svc_events SEC(".maps");

/* index 0 -> timeouts. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_config);
	__uint(max_entries, 1);
} lb_config SEC(".maps");

/* service id -> name, key and interfaces: control-plane state that survives a restart (programs never read it). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_service_meta);
	__uint(max_entries, LB_MAX_SERVICES);
} lb_service_meta SEC(".maps");

/* group id -> owning service and client prefix (control plane only). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_group_meta);
	__uint(max_entries, LB_MAX_GROUPS);
} lb_group_meta SEC(".maps");

/* (service name, backend) -> drain: drains outlive a control-plane restart beside the tables (programs never read it). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct lb_drain_key);
	__type(value, struct lb_drain);
	__uint(max_entries, LB_MAX_BACKENDS);
} lb_drains SEC(".maps");

#endif
