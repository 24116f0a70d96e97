package org.ebpflb.runtime.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpflb.api.model.ServiceSpec;

/**
 * A service's {@code events} key: which of its connections the data plane reports (opened and closed). The runtime
 * owns the key, since the kernel emits the events; plugins (access-log, metrics) only subscribe to them.
 * {@code all}, {@code sampled(N)} (one connection in N, chosen by flow hash, so both events of a connection are in
 * the sample or neither) or {@code off}, the default.
 */
public final class EventEmission {
    /** The service key. */
    public static final String KEY = "events";
    /** The largest N of {@code sampled(N)}. */
    public static final int MAX_SAMPLE = 1_000_000;
    private static final Pattern SAMPLED = Pattern.compile("sampled\\(\\s*(\\d{1,9})\\s*\\)");

    private EventEmission() {
    }

    /**
     * @param text the key's value
     * @return 0 (off), 1 (all) or N (one in N); empty when the value is not one of the forms
     */
    static Optional<Integer> parse(String text) {
        String t = text.trim();
        if (t.equals("all")) {
            return Optional.of(1);
        }
        if (t.equals("off")) {
            return Optional.of(0);
        }
        Matcher m = SAMPLED.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        int n = Integer.parseInt(m.group(1));
        return n >= 2 && n <= MAX_SAMPLE ? Optional.of(n) : Optional.empty();
    }

    /** @return the message for a value {@link #parse} refuses */
    static String refusal(String text) {
        return "events = \"" + text + "\" must be all, off or sampled(N) with N from 2 to " + MAX_SAMPLE;
    }

    /**
     * @param service a validated service
     * @return what it emits: 0 none, 1 every connection, N one connection in N
     */
    public static int of(ServiceSpec service) {
        return service.config().hasPath(KEY) ? parse(service.config().getString(KEY)).orElse(0) : 0;
    }
}
