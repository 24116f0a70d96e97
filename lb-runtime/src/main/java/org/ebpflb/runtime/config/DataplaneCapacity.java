package org.ebpflb.runtime.config;

/**
 * What the kernel data plane's maps hold ({@code lb.dataplane.max-*}), fixed when they are created.
 *
 * @param services services installed at once
 * @param targetGroups target groups: each service's default targets and each of its source routes
 * @param targets targets, counted once per service that lists them
 * @param sourceRoutes source routes of all services
 * @param tableSlots Maglev slots of all tables; a group takes twice its table size
 * @param connections confirmed connections in conntrack
 * @param halfOpen connections not confirmed yet
 * @param rateLimitBuckets per-source rate-limit buckets of all services ({@code rate-limit-buckets}, an LRU map)
 */
public record DataplaneCapacity(int services, int targetGroups, int targets, int sourceRoutes, int tableSlots,
                                int connections, int halfOpen, int rateLimitBuckets) {
}
