package org.ebpflb.lab.app;

/**
 * Outcome of one long-lived streaming connection ({@code GET /stream?seconds=N}).
 *
 * @param target the ip:port asked
 * @param index which stream of the run, from 0
 * @param backend the backend that answered ({@code X-Backend}), or "" when none did
 * @param bytes body bytes received
 * @param expectedBytes body length the pattern promises
 * @param byteExact whether every byte matched the pattern and the length was exact
 * @param error what went wrong, or "" when nothing did
 */
public record StreamReport(String target, int index, String backend, long bytes, long expectedBytes,
                           boolean byteExact, String error) implements ClientReport {
}
