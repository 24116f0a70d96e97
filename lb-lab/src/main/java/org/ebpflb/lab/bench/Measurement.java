package org.ebpflb.lab.bench;

import java.util.Arrays;

/**
 * One system's figures in one round.
 *
 * @param system the system
 * @param round the round, from 1
 * @param keepAlive wrk over keep-alive connections
 * @param newConnections wrk with {@code Connection: close}, a new connection per request
 * @param uploadMBps median upload (client to backend) in MB/s
 * @param downloadMBps median download in MB/s
 * @param keepAliveCpu CPU spent on the machine during the keep-alive run
 * @param newConnectionsCpu CPU spent during the new-connection run
 * @param bulkCpu CPU spent during all transfers
 * @param bulkBytes bytes the receivers got over all transfers
 */
record Measurement(BenchSystem system, int round, WrkResult keepAlive, WrkResult newConnections, double uploadMBps,
                   double downloadMBps, CpuTimes.Spent keepAliveCpu, CpuTimes.Spent newConnectionsCpu,
                   CpuTimes.Spent bulkCpu, long bulkBytes) {
    /** @return softirq CPU, in percent of one core, per 1,000 new connections per second */
    double softirqPer1kConnections() {
        return newConnectionsCpu.softirqSeconds() * 100 / (newConnections.requests() / 1000.0);
    }

    /** @return all CPU, in percent of one core, per 1,000 new connections per second */
    double busyPer1kConnections() {
        return newConnectionsCpu.busySeconds() * 100 / (newConnections.requests() / 1000.0);
    }

    /** @return softirq CPU, in percent of one core, per Gbit/s of transfer */
    double softirqPerGbit() {
        return bulkCpu.softirqSeconds() * 100 / (bulkBytes * 8 / 1e9);
    }

    /** @return all CPU, in percent of one core, per Gbit/s of transfer */
    double busyPerGbit() {
        return bulkCpu.busySeconds() * 100 / (bulkBytes * 8 / 1e9);
    }

    /**
     * @param values at least one value
     * @return their median (the mean of the middle two for an even count)
     */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
