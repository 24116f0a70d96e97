package org.ebpflb.api.spi;

import java.util.Objects;
import org.ebpflb.api.Stable;

/**
 * A weight modifier a plugin registers in {@link Plugin#start}, declared in {@link Plugin#declaredModifiers()} so that
 * {@code lb plugins} shows it without starting the plugin.
 *
 * @param name the modifier's {@link WeightModifier#name()}
 * @param order its {@link WeightModifier#order()}
 * @param kind the kind of the factors it returns
 */
@Stable
public record DeclaredModifier(String name, int order, FactorKind kind) {
    /** Rejects nulls. */
    public DeclaredModifier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
