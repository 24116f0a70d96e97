/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * New-connection rate limits: token buckets per client prefix and per backend, configured per service in
 * lb_rl_services. Tokens are counted in thousandths (LB_RL_SCALE) so that slow rates refill smoothly between the
 * coarse clock's ticks. Only new flows pay: lb_new_flow runs this for a SYN or UDP packet that misses both conntrack
 * tables, before the insert; a re-derived miss (lb_rederive) was admitted when it opened and never pays again.
 *
 * Buckets are read, refilled and written without atomics. Two CPUs taking from one bucket at the same instant can
 * both succeed on its last token; the limit then admits one flow too many, which the rate math does not carry over.
 */
#ifndef LB_RATELIMIT_H
#define LB_RATELIMIT_H

#include "lb_maps.h"
#include "lb_parse.h"

/*
 * Idle this long (12.7 days), any bucket within LB_RL_MAX is full; below it, elapsed microseconds times a rate of at
 * most LB_RL_MAX stay under 2^60.
 */
#define LB_RL_FULL_US (1ull << 40)

/*
 * A bucket's tokens after refilling it at `rate` per second up to `burst`, as of `now`. A backend bucket never used
 * (all zero) counts as idle since boot, so it starts full.
 */
static __always_inline __u64 lb_rl_refill(const struct lb_rl_bucket *b, __u32 rate, __u32 burst, __u64 now)
{
	__u64 full = (__u64)burst * LB_RL_SCALE;
	__s64 elapsed = (__s64)(now - b->stamp_ns);
	if (elapsed <= 0)  /* also a burst lowered since the last refill: clamp, never reset */
		return b->tokens < full ? b->tokens : full;
	__u64 us = (__u64)elapsed / 1000;
	if (us >= LB_RL_FULL_US)
		return full;
	__u64 tokens = b->tokens + us * rate / (1000000 / LB_RL_SCALE);
	return tokens < full ? tokens : full;
}

/* Refills a bucket as of now, stamps it, and returns its tokens (the caller decides from this copy, not the map). */
static __always_inline __u64 lb_rl_refill_now(struct lb_rl_bucket *b, __u32 rate, __u32 burst, __u64 now)
{
	__u64 tokens = lb_rl_refill(b, rate, burst, now);
	b->tokens = tokens;
	b->stamp_ns = now;
	return tokens;
}

/* Keeps the first `prefix` bits of an address (network order), zeroes the rest. */
static __always_inline void lb_addr_mask(union lb_addr *a, __u32 prefix)
{
#pragma unroll
	for (int i = 0; i < 4; i++) {
		__u32 first = i * 32;
		if (prefix <= first)
			a->v6[i] = 0;
		else if (prefix < first + 32)
			a->v6[i] &= bpf_htonl(~0u << (first + 32 - prefix));
	}
}

/* Whether the client is on the service's allow list. */
static __always_inline int lb_rl_allowed(const struct lb_pkt *p, __u32 service_id)
{
	struct lb_source_key k = {};
	k.prefixlen = 64 + lb_addr_bits(p->family);
	k.service_id = service_id;
	k.family = p->family;
	k.addr = p->saddr;
	return bpf_map_lookup_elem(&lb_rl_allow, &k) != 0;
}

/* The client's bucket, created full when the client prefix has none (or the LRU evicted it). */
static __always_inline struct lb_rl_bucket *lb_rl_source_bucket(const struct lb_pkt *p, __u32 service_id,
								 const struct lb_rl_service *rl, __u64 now)
{
	struct lb_rl_source_key k = {};
	__u32 bits = lb_addr_bits(p->family);
	__u32 prefix = rl->source_prefix < bits ? rl->source_prefix : bits;
	k.service_id = service_id;
	k.prefixlen = prefix;
	k.family = p->family;
	k.addr = p->saddr;
	lb_addr_mask(&k.addr, prefix);
	struct lb_rl_bucket *b = bpf_map_lookup_elem(&lb_rl_sources, &k);
	if (b)
		return b;
	struct lb_rl_bucket fresh = {};
	fresh.tokens = (__u64)rl->source_burst * LB_RL_SCALE;
	fresh.stamp_ns = now;
	bpf_map_update_elem(&lb_rl_sources, &k, &fresh, BPF_NOEXIST);
	return bpf_map_lookup_elem(&lb_rl_sources, &k);
}

static __always_inline void lb_rl_count_drop(__u32 service_id, int backend_scope)
{
	struct lb_rl_stats *s = bpf_map_lookup_elem(&lb_rl_stats, &service_id);
	if (!s)
		return;
	if (backend_scope)
		s->dropped_backend++;
	else
		s->dropped_source++;
}

/*
 * Whether a new flow from p to backend_id of the service may open. Both buckets must hold a token; only then does
 * each give one, so a flow the backend's bucket refuses costs its client nothing. A refused flow is counted by the
 * scope that refused it. Allow-listed clients skip the per-source bucket, never the per-backend one.
 */
static __always_inline int lb_rl_admit(const struct lb_pkt *p, __u32 service_id, __u32 backend_id, __u64 now)
{
	const struct lb_rl_service *rl = bpf_map_lookup_elem(&lb_rl_services, &service_id);
	if (!rl || !(rl->source_rate | rl->backend_rate))
		return 1;

	struct lb_rl_bucket *src = 0;
	__u64 src_tokens = 0;
	if (rl->source_rate && !(rl->flags & LB_RL_F_ALLOW && lb_rl_allowed(p, service_id))) {
		src = lb_rl_source_bucket(p, service_id, rl, now);
		/* no bucket only if the insert failed: admit rather than drop the unlucky client */
		if (src && (src_tokens = lb_rl_refill_now(src, rl->source_rate, rl->source_burst, now)) < LB_RL_SCALE) {
			lb_rl_count_drop(service_id, 0);
			return 0;
		}
	}

	struct lb_rl_bucket *be = 0;
	__u64 be_tokens = 0;
	if (rl->backend_rate) {
		be = bpf_map_lookup_elem(&lb_rl_backends, &backend_id);
		if (be && (be_tokens = lb_rl_refill_now(be, rl->backend_rate, rl->backend_burst, now)) < LB_RL_SCALE) {
			lb_rl_count_drop(service_id, 1);
			return 0;
		}
	}

	/* From the copies: another CPU may have written the bucket since, and its value must not underflow. */
	if (src)
		src->tokens = src_tokens - LB_RL_SCALE;
	if (be)
		be->tokens = be_tokens - LB_RL_SCALE;
	return 1;
}

#endif
