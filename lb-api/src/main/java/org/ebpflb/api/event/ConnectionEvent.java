package org.ebpflb.api.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Protocol;

/**
 * A connection through the data plane opened or closed. Sent only for services whose {@code events} key asks for it;
 * delivered off the packet path by the runtime's one reader, so it arrives shortly after the fact and may be missing
 * when the kernel's event buffer was full (counted in status). Traffic counts are the flow's at the moment of the
 * event: bytes are TCP/UDP payload, packets as the load balancer forwarded them (a GRO/GSO super-packet is one).
 *
 * @param at when the data plane saw it (one kernel tick of resolution)
 * @param kind opened (the target answered and the client spoke again) or closed
 * @param service service name
 * @param protocol TCP or UDP
 * @param client the client's address and port
 * @param serviceAddress the address and port the client connected to
 * @param target the target the connection was sent to
 * @param openedAt when the flow first reached the load balancer (its first packet)
 * @param closeReason why it closed; empty for opened
 * @param packetsFromClient packets client to target
 * @param packetsToClient packets target to client
 * @param bytesFromClient payload bytes client to target
 * @param bytesToClient payload bytes target to client
 */
@Experimental
public record ConnectionEvent(Instant at, Kind kind, String service, Protocol protocol, Endpoint client,
                             Endpoint serviceAddress, Endpoint target, Instant openedAt,
                             Optional<CloseReason> closeReason, long packetsFromClient, long packetsToClient,
                             long bytesFromClient, long bytesToClient) implements LbEvent {
    /** What happened. */
    public enum Kind {
        /** both sides spoke: the target answered, the client went on */
        OPENED,
        /** the connection ended (see {@link CloseReason}) */
        CLOSED
    }

    /** Why a connection closed. */
    public enum CloseReason {
        /** the first FIN of either side */
        FIN,
        /** an RST of either side */
        RST,
        /** idle past its timeout */
        IDLE,
        /** a new connection took over its backend-side address and port */
        REPLACED
    }

    /** Checks the fields. */
    public ConnectionEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(closeReason, "closeReason");
        if ((kind == Kind.CLOSED) != closeReason.isPresent()) {
            throw new IllegalArgumentException("a close reason belongs to closed events only");
        }
    }

    /** @return how long the connection has lasted at this event */
    public Duration duration() {
        return Duration.between(openedAt, at);
    }
}
