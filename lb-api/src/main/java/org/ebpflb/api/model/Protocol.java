package org.ebpflb.api.model;

import org.ebpflb.api.Stable;

/** Layer-4 protocol of a service. */
@Stable
public enum Protocol {
    /** TCP */
    TCP,
    /** UDP */
    UDP
}
