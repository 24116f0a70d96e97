package org.ebpflb.api.event;

import java.time.Instant;
import org.ebpflb.api.Stable;

/**
 * Everything plugins and the runtime tell each other. Events in this package are the contract between plugins; a
 * minor API version may add event types, so a subscriber to {@code LbEvent} handles the types it knows and ignores
 * the rest (this interface is deliberately not sealed: a plugin compiled against an older lb-api keeps working when
 * new event types appear). A plugin may publish event types of its own.
 */
@Stable
public interface LbEvent {
    /** @return when it happened */
    Instant at();
}
