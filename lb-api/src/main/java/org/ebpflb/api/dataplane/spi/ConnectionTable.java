package org.ebpflb.api.dataplane.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.Protocol;

/**
 * The live connections of the data plane's connection table ({@code lb connections}, {@code GET
 * /api/v1/services/{name}/connections}). A listing walks the whole table once, but holds and returns at most one
 * page, so it stays bounded however many connections there are.
 */
@Experimental
public interface ConnectionTable {
    /** The most connections one page may hold. */
    int MAX_LIMIT = 1000;
    /** The furthest a page may start: offset plus limit are held while the table is walked. */
    int MAX_OFFSET = 100_000;

    /** The order of a listing. */
    enum Sort {
        /** oldest first */
        AGE,
        /** most payload bytes (both directions) first */
        BYTES
    }

    /**
     * One live connection.
     *
     * @param service service name
     * @param protocol TCP or UDP
     * @param client the client's address and port
     * @param serviceAddress the address and port the client connected to
     * @param target the target it goes to
     * @param state established, closing (a FIN was seen) or open (UDP)
     * @param age since its first packet
     * @param idle since its last packet (to a second: the table is stamped at most once a second)
     * @param packetsFromClient packets client to target
     * @param packetsToClient packets target to client
     * @param bytesFromClient payload bytes client to target
     * @param bytesToClient payload bytes target to client
     */
    record Connection(String service, Protocol protocol, Endpoint client, Endpoint serviceAddress, Endpoint target,
                      String state, Duration age, Duration idle, long packetsFromClient, long packetsToClient,
                      long bytesFromClient, long bytesToClient) {
    }

    /**
     * What to list.
     *
     * @param service the service
     * @param target only the connections to this target, when present
     * @param sort the order
     * @param offset how many of the ordered connections to skip, 0..{@link #MAX_OFFSET}
     * @param limit how many to return, 1..{@link #MAX_LIMIT}
     */
    record Query(String service, Optional<Endpoint> target, Sort sort, int offset, int limit) {
        /** Checks the bounds. */
        public Query {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(sort, "sort");
            if (offset < 0 || offset > MAX_OFFSET) {
                throw new IllegalArgumentException("offset " + offset + " must be from 0 to " + MAX_OFFSET);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit " + limit + " must be from 1 to " + MAX_LIMIT);
            }
        }
    }

    /**
     * @param total connections that match, on every page
     * @param connections this page
     */
    record Page(long total, List<Connection> connections) {
        /** Copies the list. */
        public Page {
            connections = List.copyOf(connections);
        }
    }

    /**
     * @param query what to list
     * @return the page; empty when the service is not installed
     */
    Optional<Page> list(Query query);
}
