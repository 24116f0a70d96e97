package org.ebpflb.api.spi;

import java.util.List;
import java.util.Set;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.ServiceSpec;

/**
 * Keys of service and target objects that a plugin owns, so the runtime can reject keys nobody owns with
 * "did you mean", and the owner can validate its own.
 */
@Stable
public interface ConfigKeys {
    /** @return keys owned at service level, e.g. {@code health-check} */
    Set<String> serviceKeys();

    /** @return keys owned at target level, e.g. {@code host}, {@code dns-refresh} */
    Set<String> targetKeys();

    /**
     * For keys shared by several plugins, which values of a discriminating field this plugin handles: the
     * health plugins both own {@code health-check}, told apart by its {@code type}. Empty when not shared.
     *
     * @return the discriminator, if any
     */
    default java.util.Optional<Discriminator> discriminator() {
        return java.util.Optional.empty();
    }

    /**
     * Validates this plugin's keys in one service (including its targets and source routes' targets). Only
     * called when every key has a known owner.
     *
     * @param service the parsed service
     * @return problems found, each with a config origin
     */
    List<ConfigProblem> validate(ServiceSpec service);

    /**
     * Tells which plugin handles a shared key by the value of one of its fields.
     *
     * @param key the shared key, e.g. {@code health-check}
     * @param field the field, e.g. {@code type}
     * @param values the values this plugin handles, e.g. {@code http}, {@code https}
     * @param defaultValue the field's value when absent, e.g. {@code tcp}
     */
    record Discriminator(String key, String field, Set<String> values, String defaultValue) {
        /** Copies the set. */
        public Discriminator {
            values = Set.copyOf(values);
        }
    }
}
