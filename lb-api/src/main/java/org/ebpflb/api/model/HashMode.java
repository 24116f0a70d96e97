package org.ebpflb.api.model;

import org.ebpflb.api.Stable;

/** What the data plane hashes to pick a backend for a new flow. */
@Stable
public enum HashMode {
    /** source and destination address and port plus protocol */
    FIVE_TUPLE,
    /** the client address only, so one client keeps one backend while the table holds (session persistence) */
    SOURCE_IP
}
