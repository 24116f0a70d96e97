/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Flow hashing for backend choice: Bob Jenkins' lookup3 final mix over at most three words, for
 * either address family. */
#ifndef LB_HASH_H
#define LB_HASH_H

#include <linux/types.h>
#include "lb_structs.h"

#define LB_HASH_INIT 0x9e3779b9u

static __always_inline __u32 lb_rol32(__u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

static __always_inline __u32 lb_hash3(__u32 a, __u32 b, __u32 c)
{
	a += LB_HASH_INIT;
	b += LB_HASH_INIT;
	c += LB_HASH_INIT;
	c ^= b; c -= lb_rol32(b, 14);
	a ^= c; a -= lb_rol32(c, 11);
	b ^= a; b -= lb_rol32(a, 25);
	c ^= b; c -= lb_rol32(b, 16);
	a ^= c; a -= lb_rol32(c, 4);
	b ^= a; b -= lb_rol32(a, 14);
	c ^= b; c -= lb_rol32(b, 24);
	return c;
}

/*
 * An address as one hash word: the XOR of its four words. Family-blind: an IPv4 address (the other words zero) is its
 * own word, so IPv4 hashes are what they were before IPv6; an IPv6 address mixes all 128 bits.
 */
static __always_inline __u32 lb_addr_word(const union lb_addr *a)
{
	return a->v6[0] ^ a->v6[1] ^ a->v6[2] ^ a->v6[3];
}

/* hash = five-tuple: every field of the flow, so flows of one client spread over backends. */
static __always_inline __u32 lb_hash_flow(const union lb_addr *saddr, const union lb_addr *daddr, __be16 sport,
					  __be16 dport, __u8 proto)
{
	return lb_hash3(lb_addr_word(saddr), lb_addr_word(daddr), ((__u32)sport << 16 | dport) ^ proto);
}

/* hash = source-ip: one client, one backend while the table holds. */
static __always_inline __u32 lb_hash_source(const union lb_addr *saddr)
{
	return lb_hash3(lb_addr_word(saddr), 0, 0);
}

#endif
