// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Benchmark wrappers for BPF_PROG_TEST_RUN with repeat: test_run reruns a program on its own output, so each
 * wrapper first restores the pristine frame (and, for new-flow runs, makes the flow unique), then tail-calls the
 * program under test. The floor is the same wrapper tail-calling a program that only returns PASS / OK.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define BENCH_FRAME 96     /* an IPv6 TCP frame with an 8-byte extension header fits */

/* bench_frame.vary */
enum bench_vary {
	BENCH_VARY_NONE = 0,     /* the same frame every run */
	BENCH_VARY_PORT = 1,     /* a new client port every run, a new client address every 65536 runs */
	BENCH_VARY_CLIENT = 2,   /* a new client address (low 16 bits) every run: a new rate-limit bucket each */
};

struct bench_frame {
	__u8 bytes[BENCH_FRAME];
	__u32 vary;          /* BENCH_VARY_*: what changes from run to run */
	__u16 addr_off;      /* where the source address's last two bytes are (IPv4 28, IPv6 36) */
	__u16 port_off;      /* where the source port is (IPv4 34, IPv6 54) */
};

/* index 0 -> the pristine frame */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct bench_frame);
	__uint(max_entries, 1);
} bench_frames SEC(".maps");

/* index 0 -> runs so far (source of unique flows) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} bench_counter SEC(".maps");

/* index 0 -> XDP program under test */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 1);
} bench_xdp_target SEC(".maps");

/* index 0 -> tc program under test */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 1);
} bench_tc_target SEC(".maps");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int bench_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	struct bench_frame *f = bpf_map_lookup_elem(&bench_frames, &zero);
	if (!f || data + BENCH_FRAME > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(data, f->bytes, BENCH_FRAME);
	if (f->vary) {
		__u32 *n = bpf_map_lookup_elem(&bench_counter, &zero);
		if (n) {
			__u32 v = ++*n;
			__u32 addr = f->vary == BENCH_VARY_CLIENT ? v : v >> 16;
			__u32 port = f->vary == BENCH_VARY_CLIENT ? v >> 16 : v;
			/* low 16 bits of the source address and the source port */
			__u8 *a = (__u8 *)data + (f->addr_off & 0x3f);
			__u8 *p = (__u8 *)data + (f->port_off & 0x3f);
			if ((void *)(a + 2) > data_end || (void *)(p + 2) > data_end)
				return XDP_ABORTED;
			a[0] = addr >> 8;
			a[1] = addr;
			p[0] = port >> 8;
			p[1] = port;
		}
	}
	bpf_tail_call(ctx, &bench_xdp_target, 0);
	return XDP_ABORTED;
}

SEC("xdp")
int bench_xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tc")
int bench_tc(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct bench_frame *f = bpf_map_lookup_elem(&bench_frames, &zero);
	if (!f || bpf_skb_store_bytes(skb, 0, f->bytes, BENCH_FRAME, 0))
		return TC_ACT_SHOT;
	bpf_tail_call(skb, &bench_tc_target, 0);
	return TC_ACT_SHOT;
}

SEC("tc")
int bench_tc_ok(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}
