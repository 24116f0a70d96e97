/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Flow hashing for backend choice: Bob Jenkins' lookup3 final mix over at most three words. */
#ifndef LB_HASH_H
#define LB_HASH_H

#include <linux/types.h>

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

/* hash = five-tuple: every field of the flow, so flows of one client spread over backends. */
static __always_inline __u32 lb_hash_flow4(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport, __u8 proto)
{
	return lb_hash3(saddr, daddr, ((__u32)sport << 16 | dport) ^ proto);
}

/* hash = source-ip: one client, one backend while the table holds. */
static __always_inline __u32 lb_hash_source4(__be32 saddr)
{
	return lb_hash3(saddr, 0, 0);
}

#endif
