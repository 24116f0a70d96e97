package org.ebpflb.api.dataplane;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Cidr;

/**
 * Token-bucket limits on new connections, enforced by the data plane for each packet that opens a flow (TCP SYN,
 * first UDP packet); the rate-limit plugin drives this port. A refused flow is dropped and counted by the scope that
 * refused it. Thread-safe.
 */
@Experimental
public interface RateLimits {
    /** What a bucket is keyed by; {@link #label()} names the scope in counters and status. */
    enum Scope {
        /** each client prefix */
        SOURCE("source"),
        /** each backend of the service */
        BACKEND("backend");

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        /** @return "source" or "backend" */
        public String label() {
            return label;
        }
    }

    /**
     * A bucket that holds up to {@code burst} tokens and refills at {@code ratePerSecond}; each new connection takes
     * one.
     *
     * @param ratePerSecond tokens added per second, 1..{@value #MAX}
     * @param burst bucket size, 1..{@value #MAX}
     */
    record TokenBucket(long ratePerSecond, long burst) {
        /** The largest rate and burst a data plane must support. */
        public static final long MAX = 1_000_000;

        /** Validates the ranges. */
        public TokenBucket {
            if (ratePerSecond < 1 || ratePerSecond > MAX || burst < 1 || burst > MAX) {
                throw new IllegalArgumentException("rate " + ratePerSecond + " and burst " + burst
                        + " must lie in 1.." + MAX);
            }
        }
    }

    /**
     * The limits of one service.
     *
     * @param perSource a bucket per client prefix, empty for none
     * @param sourcePrefix how many leading bits of the client address key its bucket (32 = each IPv4 address)
     * @param perBackend a bucket per backend of the service, empty for none
     * @param allow client prefixes the per-source limit does not apply to
     */
    record Limits(Optional<TokenBucket> perSource, int sourcePrefix, Optional<TokenBucket> perBackend,
                  List<Cidr> allow) {
        /** Validates and copies. */
        public Limits {
            Objects.requireNonNull(perSource, "perSource");
            Objects.requireNonNull(perBackend, "perBackend");
            if (sourcePrefix < 0 || sourcePrefix > 128) {
                throw new IllegalArgumentException("source prefix /" + sourcePrefix + " is outside 0..128");
            }
            allow = List.copyOf(allow);
        }

        /** @return whether any scope limits anything */
        public boolean limiting() {
            return perSource.isPresent() || perBackend.isPresent();
        }
    }

    /**
     * Installs or replaces a service's limits; they apply as soon as the service is installed, also when it is
     * installed later. Replacing keeps the buckets: a changed rate or burst applies to the tokens they hold.
     *
     * @param service service name
     * @param limits the limits
     * @throws IllegalArgumentException when this data plane cannot enforce them (e.g. an IPv6 prefix)
     */
    void set(String service, Limits limits);

    /** @param service a service whose new connections are no longer limited */
    void clear(String service);

    /**
     * @param service service name
     * @return new connections dropped by each scope since the service was installed; zeros when unknown
     */
    Map<Scope, Long> dropped(String service);
}
