/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Map keys and values shared with Java (org.ebpflb.bpf.maps encoders). Every struct is laid out by hand with explicit
 * padding so the byte image is the same for clang and for the Java encoders; LayoutBtfTest checks the Java offsets
 * against this object's BTF. Addresses are 16-byte unions with a family field so IPv6 needs no layout change.
 * Ports and addresses are in network byte order.
 */
#ifndef LB_STRUCTS_H
#define LB_STRUCTS_H

#include <linux/types.h>

/* An IPv4 address lives in v4 (the first word) with the other 12 bytes zero. */
union lb_addr {
	__be32 v4;
	__be32 v6[4];
};

/*
 * lb_services key: what a packet is addressed to. addr all-zero = any address on the listen interfaces. Also the key
 * (a backend's address, port and protocol) and the value (a service address) of lb_reverse.
 */
struct lb_service_key {
	union lb_addr addr;
	__be16 port;
	__u8 proto;
	__u8 family;
};

/* lb_services value. */
struct lb_service {
	__u32 id;            /* index into lb_service_stats and lb_service_meta */
	__u32 flags;         /* LB_SVC_F_* */
	__u32 default_group; /* index into lb_groups */
};

/* lb_source_routes key (LPM): prefixlen counts the 64 bits of service_id+family, then the client prefix. */
struct lb_source_key {
	__u32 prefixlen;
	__u32 service_id;
	__u32 family;
	union lb_addr addr;
};

/* lb_groups value: which of the group's two table descriptors is live (2*group or 2*group+1). */
struct lb_group {
	__u32 table;
};

/* lb_tables value: where a Maglev table lies in lb_maglev. */
struct lb_table {
	__u32 base;
	__u32 size;          /* 0 = no table yet */
};

/* lb_backends value. */
struct lb_backend {
	union lb_addr addr;
	__be16 port;
	__u8 family;
	__u8 in_use;
	__u32 service_id;    /* owner, for the control plane's bookkeeping */
};

/* lb_conntrack key: the packet's own five-tuple (forward: client -> service, reverse: backend -> client). */
struct lb_ct_key {
	union lb_addr src;
	union lb_addr dst;
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 family;
	__u8 pad[2];
};

/*
 * lb_conntrack and lb_ct_pending value. Forward entries NAT to the backend, reverse entries back to the service address.
 * Most flows have only a forward entry: tc finds it from the reply through lb_reverse (the backend's one service
 * address) and counts the reply direction on it; a flow whose backend lb_reverse does not give its service address
 * also has a reverse entry (reverse_entry = 1), keyed by the reply's five-tuple, which counts that direction itself.
 * The counter adds are atomic (__sync_fetch_and_add): one direction of a flow normally stays on one CPU, so they are
 * uncontended and cost a few nanoseconds, and a flow that does cross CPUs loses no count; each direction has its own
 * fields. A per-CPU table would multiply the largest map by the CPU count. A 32-bit packet count wraps after 4 Gi
 * packets of one direction of one flow, bytes (TCP/UDP payload) are 64-bit.
 */
struct lb_ct_value {
	union lb_addr nat_addr;
	__be16 nat_port;
	__u8 state;          /* LB_CT_*; kept on the forward entry */
	__u8 dir;            /* LB_CT_FORWARD / LB_CT_REVERSE */
	__u32 service_id;
	__u32 backend_id;
	__u32 packets;       /* packets of this entry's direction */
	__u64 last_seen_ns;  /* bpf_ktime_get_coarse_ns */
	__u64 bytes;         /* TCP/UDP payload bytes of this entry's direction */
	__u64 opened_ns;     /* when the flow entered the tables (bpf_ktime_get_coarse_ns) */
	__u32 packets_rev;   /* forward entry: reply packets tc counted here (those of a reverse entry are on it) */
	__u8 reverse_entry;  /* forward entry: 1 when the flow also has a reverse entry */
	__u8 pad[3];
	__u64 bytes_rev;     /* forward entry: reply payload bytes tc counted here */
};

/*
 * lb_conn_events record: a connection opened (confirmed: both sides spoke) or closed. Counters are the flow's at that
 * moment, the closing packet included.
 */
struct lb_conn_event {
	struct lb_ct_key flow;        /* forward five-tuple: client -> service address */
	union lb_addr backend_addr;
	__be16 backend_port;
	__u8 type;                    /* LB_CONN_OPENED / LB_CONN_CLOSED */
	__u8 reason;                  /* LB_CLOSE_*; 0 for opened */
	__u32 service_id;
	__u32 backend_id;
	__u32 packets_fwd;
	__u32 packets_rev;            /* counted on the forward entry and, if the flow has one, its reverse entry */
	__u32 pad;
	__u64 time_ns;                /* bpf_ktime_get_coarse_ns (CLOCK_MONOTONIC, one tick resolution) */
	__u64 opened_ns;
	__u64 bytes_fwd;
	__u64 bytes_rev;
};

/* lb_service_stats and lb_backend_stats value (per CPU). */
struct lb_stats {
	__u64 packets_fwd;
	__u64 packets_rev;
	__u64 bytes_fwd;     /* IP bytes: frame length minus the Ethernet header */
	__u64 bytes_rev;
	__u64 conn_new;
	__u64 conn_closed;
	__u64 connect_failures; /* backend RST before the handshake completed */
};

/* lb_config value (index 0): timeouts the control plane sets. */
struct lb_config {
	__u64 tcp_idle_ns;
	__u64 udp_idle_ns;
	__u64 tcp_closing_ns;
	__u64 half_open_ns;  /* lb_ct_pending entries: forgotten after this long without a packet */
};

/* lb_rl_services value (by service id): the service's new-connection limits. A zero rate turns its scope off. */
struct lb_rl_service {
	__u32 source_rate;   /* new flows per second per client prefix */
	__u32 source_burst;  /* bucket size, in flows */
	__u32 backend_rate;  /* new flows per second per backend */
	__u32 backend_burst;
	__u32 source_prefix; /* the client address is masked to this many bits (at most its width) to key a bucket */
	__u32 flags;         /* LB_RL_F_* */
};

/* lb_rl_sources key: a service and a client prefix (the address already masked to prefixlen bits). */
struct lb_rl_source_key {
	__u32 service_id;
	__u8 prefixlen;
	__u8 family;
	__u8 pad[2];
	union lb_addr addr;
};

/* lb_rl_sources and lb_rl_backends value: a token bucket in thousandths of a token (LB_RL_SCALE). */
struct lb_rl_bucket {
	__u64 tokens;        /* 1000 = one new flow */
	__u64 stamp_ns;      /* when tokens was last refilled (bpf_ktime_get_coarse_ns) */
};

/* lb_rl_stats value (per CPU, by service id): new flows dropped by each scope. */
struct lb_rl_stats {
	__u64 dropped_source;
	__u64 dropped_backend;
};

/* lb_service_meta value: control-plane bookkeeping that survives restarts; the programs never read it. */
#define LB_SVC_NAME_LEN 64
#define LB_SVC_IFACES 8
#define LB_IFNAME_LEN 16
struct lb_service_meta {
	char name[LB_SVC_NAME_LEN];          /* empty = slot free */
	struct lb_service_key key;
	__u32 ifaces;                          /* entries used in ifnames */
	char ifnames[LB_SVC_IFACES][LB_IFNAME_LEN];
};

/* lb_group_meta value: which service and client prefix a group belongs to. */
struct lb_group_meta {
	__u32 service_id;
	__u32 in_use;
	__u32 prefixlen;     /* client prefix length; 0 with is_default = the default group */
	__u32 is_default;
	__u32 family;
	union lb_addr source;
};

/* lb_drains key: a drained backend of a service (control plane only). */
struct lb_drain_key {
	char service[LB_SVC_NAME_LEN];
	union lb_addr addr;
	__be16 port;
	__u8 family;
	__u8 pad;
};

/* lb_drains value: when the drain began and what it does at its timeout. */
struct lb_drain {
	__u64 started_ms;    /* Unix epoch milliseconds */
	__u64 timeout_ms;
	__u32 reset;         /* 1: forget the remaining flows at the timeout */
	__u32 pad;
};

#endif
