/**
 * The end-to-end benchmark: the same client, backend and workloads through each system an operator could put in
 * front of the backend (a direct connection, nftables DNAT, HAProxy in TCP mode, ebpf-lb in each XDP mode), every
 * system in a fresh sandbox, rounds interleaved, reported as medians of per-round ratios to the direct connection.
 * Run by {@code tools/bench-e2e}; its smoke run is a namespace test of the distribution. Nothing else depends on it.
 */
package org.ebpflb.lab.bench;
