/**
 * Network-namespace sandboxes: {@link org.ebpflb.lab.sandbox.Sandbox} builds "clients, load balancer,
 * backends" from a {@link org.ebpflb.lab.sandbox.SandboxSpec} (name prefix, address block, counts, checksum
 * offload), with addresses from {@link org.ebpflb.lab.sandbox.AddressPlan} (198.18.0.0/15, one /21 block per
 * sandbox). {@link org.ebpflb.lab.sandbox.Netns} runs commands inside one namespace, polls TCP connects from
 * inside it and reads its checksum-error counters; {@link org.ebpflb.lab.sandbox.NsProcess} is a
 * long-running process there, stopped by process group. Every external command goes through
 * {@link org.ebpflb.lab.sandbox.Command}, whose failures name the command and quote its stderr.
 *
 * <p>Usage in a test: sweep the class's prefix at start ({@code Sandbox.sweepStale("lbxyz-")}), create with a unique
 * prefix under it and a block no other test class uses, close in finally. Nothing here sends traffic from the root
 * namespace. Requires root, iproute2 ({@code ip}), {@code ethtool}, {@code nstat}, {@code setsid}, {@code kill},
 * {@code bash} and {@code timeout}.
 */
package org.ebpflb.lab.sandbox;
