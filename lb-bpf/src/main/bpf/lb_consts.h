/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Constants shared by the ebpf-lb programs. The enums are mirrored in org.ebpflb.bpf.maps (CtValue, Reason,
 * ServiceValue); LayoutBtfTest compares them with this header's BTF, so a value changed on one side only fails the
 * build.
 */
#ifndef LB_CONSTS_H
#define LB_CONSTS_H

#define LB_ETH_P_IP     0x0800
#define LB_ETH_P_IPV6   0x86DD
#define LB_ETH_HLEN     14

#define LB_AF_INET      2
#define LB_AF_INET6     10

#define LB_IP_MF        0x2000
#define LB_IP_OFFMASK   0x1FFF
#define LB_IP6_OFFMASK  0xFFF8     /* the IPv6 fragment header's offset bits */
#define LB_IP6_MF       0x0001

/* Map sizes. The loader sets every one at load time (bpf_map__set_max_entries) from LbPrograms.Sizes. */
#ifndef LB_MAX_SERVICES
#define LB_MAX_SERVICES 1024
#endif
#ifndef LB_MAX_GROUPS
#define LB_MAX_GROUPS 4096
#endif
#ifndef LB_MAX_BACKENDS
#define LB_MAX_BACKENDS 65536
#endif
#ifndef LB_MAX_SOURCE_ROUTES
#define LB_MAX_SOURCE_ROUTES 16384
#endif
#ifndef LB_CT_ENTRIES
#define LB_CT_ENTRIES 1000000          /* confirmed flows: an entry each, two with a reverse entry */
#endif
#ifndef LB_CT_PENDING_ENTRIES
#define LB_CT_PENDING_ENTRIES 65536    /* flows not confirmed yet (half-open), counted the same way */
#endif
#ifndef LB_MAGLEV_SLOTS
#define LB_MAGLEV_SLOTS 4194304        /* all groups' tables, both halves, end to end */
#endif

#ifndef LB_RL_SOURCE_BUCKETS
#define LB_RL_SOURCE_BUCKETS 65536     /* per-source token buckets of all services (LRU) */
#endif
#ifndef LB_MAX_RL_ALLOW
#define LB_MAX_RL_ALLOW 16384
#endif

/* A Maglev slot with no backend (every target of the group has weight 0). */
#define LB_NO_BACKEND   0xFFFFFFFFu

/* lb_service_ports value: a bit per protocol. */
enum lb_port_bits {
	LB_PORT_TCP = 1u << 0,
	LB_PORT_UDP = 1u << 1,
};

/* lb_service.flags: a bit set. */
enum lb_svc_flags {
	LB_SVC_F_HASH_SOURCE   = 1u << 0,   /* hash = source-ip */
	LB_SVC_F_SOURCE_ROUTES = 1u << 1,   /* the service has source routes: consult the LPM trie */
};

/* lb_ct_value.state: the TCP handshake as the load balancer sees it; UDP flows stay LB_CT_OPEN. */
enum lb_ct_state {
	LB_CT_SYN_SENT    = 1,   /* client SYN forwarded */
	LB_CT_SYN_RECV    = 2,   /* backend SYN-ACK seen */
	LB_CT_ESTABLISHED = 3,   /* client ACK after SYN-ACK */
	LB_CT_CLOSING     = 4,   /* FIN seen: short timeout */
	LB_CT_OPEN        = 5,   /* UDP */
};

/* lb_ct_value.dir */
enum lb_ct_dir {
	LB_CT_FORWARD = 0,
	LB_CT_REVERSE = 1,
};

/* Per-reason packet counters (lb_reasons), by index. Java names them in org.ebpflb.bpf.maps.Reason. */
enum lb_reason {
	LB_R_NOT_IP       = 0,  /* neither IPv4 nor IPv6 (ARP, VLAN-tagged, ...): passed untouched */
	LB_R_MALFORMED    = 1,  /* truncated or inconsistent headers: passed untouched, the kernel decides */
	LB_R_FRAGMENT     = 2,  /* IPv4 or IPv6 fragment: no ports to match, passed untouched */
	LB_R_NO_SERVICE   = 3,  /* IP but not addressed to a service (ICMP, ICMPv6, ...): passed untouched */
	LB_R_NO_CONNTRACK = 4,  /* TCP non-SYN with no entry and no backend to re-derive: passed untouched */
	LB_R_NO_BACKEND   = 5,  /* new flow but the group has no backend with weight: dropped */
	LB_R_CT_FULL      = 6,  /* conntrack insert of a new flow failed: dropped */
	LB_R_IPV6_EXT     = 7,  /* more IPv6 extension headers than LB_IPV6_EXT_MAX: passed untouched */
	LB_R_COUNT,             /* the size of lb_reasons */
};

/* Conntrack events (lb_ct_events), by index. Java names them in org.ebpflb.bpf.maps.CtEvent. */
enum lb_ct_event {
	LB_CE_INSERTED      = 0,  /* entries added to lb_conntrack (new keys, not overwrites) */
	LB_CE_DELETED       = 1,  /* entries removed from lb_conntrack by the programs (RST, a SYN over a closing flow,
	                               a new flow taking over an old one's backend-side tuple) */
	LB_CE_CONFIRMED     = 2,  /* flows moved from lb_ct_pending to lb_conntrack */
	LB_CE_REDERIVED     = 3,  /* packets of a TCP flow with no entry: backend taken from the Maglev table again */
	LB_CE_INSERT_FAILED = 4,  /* inserts the kernel refused, into either table */
	LB_CE_CP_DELETED    = 5,  /* entries the control plane removed from lb_conntrack (written by user space only) */
	LB_CE_EVENT_SENT    = 6,  /* connection events written to lb_conn_events */
	LB_CE_EVENT_DROPPED = 7,  /* connection events lost because lb_conn_events was full */
	LB_CE_COUNT,              /* the size of lb_ct_events */
};

/* lb_conn_event.type */
enum lb_conn_type {
	LB_CONN_OPENED = 1,
	LB_CONN_CLOSED = 2,
};

/* lb_conn_event.reason: why a connection closed. */
enum lb_close_reason {
	LB_CLOSE_FIN      = 1,  /* the first FIN of either side */
	LB_CLOSE_RST      = 2,  /* an RST of either side */
	LB_CLOSE_IDLE     = 3,  /* idle past its timeout (found by a new flow on its tuple, or by user space's sweep) */
	LB_CLOSE_REPLACED = 4,  /* a new flow took over its backend-side tuple while it was still live */
};

/* lb_conn_events size in bytes (a power of two, at least a page); the loader may set another. */
#ifndef LB_EVENT_RING_BYTES
#define LB_EVENT_RING_BYTES (1u << 20)
#endif

#define LB_EEXIST 17

/* lb_rl_service.flags: a bit set. */
enum lb_rl_flags {
	LB_RL_F_ALLOW = 1u << 0,   /* the service has allow-list entries in lb_rl_allow */
};

/* Token-bucket units and bounds (lb_ratelimit.h). */
enum lb_rl_units {
	LB_RL_SCALE = 1000,        /* bucket units per token (one new flow): thousandths refill slow rates smoothly */
	LB_RL_MAX   = 1000000,     /* the largest rate (per second) and burst a service may set */
};

/* Flip hysteresis: refresh last_seen only when it is this stale, so busy flows do not write their entry per packet. */
#define LB_CT_REFRESH_NS 1000000000ull

/* tc attach identity: one filter per interface, replaced in place. */
#define LB_TC_HANDLE   0xeb1b
#define LB_TC_PRIORITY 1

#endif
