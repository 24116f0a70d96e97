/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Incremental Internet checksum updates for XDP (RFC 1624). TC uses the kernel's csum helpers instead: only there
 * does the kernel know whether a checksum is partial.
 */
#ifndef LB_CSUM_H
#define LB_CSUM_H

#include <linux/types.h>
#include "lb_structs.h"

/* Folds a 32/64-bit one's-complement sum to 16 bits with end-around carry. */
static __always_inline __u16 lb_fold(__u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* Sum of a 32-bit word as two 16-bit words, in memory order like every other term here. */
static __always_inline __u64 lb_word_sum(__be32 w)
{
	return (__u64)(w & 0xffff) + (w >> 16);
}

/* Sum of an address's four words: an IPv4 address (v4, the rest zero) sums as its one word. */
static __always_inline __u64 lb_addr_sum(const union lb_addr *a)
{
	return lb_word_sum(a->v6[0]) + lb_word_sum(a->v6[1]) + lb_word_sum(a->v6[2]) + lb_word_sum(a->v6[3]);
}

/* Same for the complement of an address: what subtracts it from a sum. */
static __always_inline __u64 lb_addr_sum_neg(const union lb_addr *a)
{
	return lb_word_sum(~a->v6[0]) + lb_word_sum(~a->v6[1]) + lb_word_sum(~a->v6[2]) + lb_word_sum(~a->v6[3]);
}

/* A finished checksum (complemented) after a 32-bit field changed from `from` to `to`. */
static __always_inline __u16 lb_csum_replace4(__u16 check, __be32 from, __be32 to)
{
	__u64 sum = (__u16)~check;
	sum += lb_word_sum(~from) + lb_word_sum(to);
	return ~lb_fold(sum);
}

/*
 * Same for an address and a 16-bit port changed at once, in a checksum that covers the address through the
 * pseudo-header (TCP and UDP over IPv4 or IPv6). For IPv4 the three zero words add ~0 + 0, which folds away.
 */
static __always_inline __u16 lb_csum_replace_addr_port(__u16 check, const union lb_addr *from,
						      const union lb_addr *to, __be16 pfrom, __be16 pto)
{
	__u64 sum = (__u16)~check;
	sum += lb_addr_sum_neg(from) + lb_addr_sum(to) + (__u16)~pfrom + pto;
	return ~lb_fold(sum);
}

/*
 * A partial checksum (CHECKSUM_PARTIAL on veth) holds the uncomplemented pseudo-header sum; the device adds the
 * segment later. So only the address (pseudo-header) change goes in, added directly; the port is part of the
 * segment the device still sums.
 */
static __always_inline __u16 lb_partial_replace(__u16 check, const union lb_addr *from, const union lb_addr *to)
{
	__u64 sum = check;
	sum += lb_addr_sum_neg(from) + lb_addr_sum(to);
	return lb_fold(sum);
}

/*
 * The uncomplemented pseudo-header sum, as the stack stores it in a partial checksum field: IPv4's (RFC 793) and
 * IPv6's (RFC 8200 8.1) differ only in the address width, and the 16-bit length and protocol sum the same.
 */
static __always_inline __u16 lb_pseudo_sum(const union lb_addr *saddr, const union lb_addr *daddr, __u8 proto,
					   __u16 l4_len)
{
	__u64 sum = lb_addr_sum(saddr) + lb_addr_sum(daddr);
	sum += bpf_htons((__u16)proto) + bpf_htons(l4_len);
	return lb_fold(sum);
}

#endif
