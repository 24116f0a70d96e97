package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigObject;
import java.util.Collection;
import java.util.TreeSet;
import org.ebpflb.api.settings.DidYouMean;

/** Rejects keys an object does not accept, suggesting the closest accepted one. */
final class UnknownKeys {
    private UnknownKeys() {
    }

    /**
     * @param object the object to check
     * @param accepted its accepted keys, also the did-you-mean candidates
     * @param problems receives one problem per unknown key, at the key's line
     */
    static void check(ConfigObject object, Collection<String> accepted, Problems problems) {
        for (String key : new TreeSet<>(object.keySet())) {
            if (!accepted.contains(key)) {
                problems.add(object.get(key).origin(), message(key, accepted));
            }
        }
    }

    /** @return e.g. {@code unknown key 'helth-check' (did you mean 'health-check'?)} */
    static String message(String key, Collection<String> candidates) {
        return "unknown key '" + key + "'" + DidYouMean.hint(key, candidates);
    }
}
