package org.ebpflb.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class of a tier that needs root and kernel features (BPF program tests, namespace e2e). Outside CI
 * the class is skipped when it cannot run, and the skip is recorded for the build's summary; with {@code CI=true} it
 * fails instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PrivilegedTierCondition.class)
public @interface PrivilegedTier {
    /** @return the tier name shown in the summary, e.g. "bpf" or "netns" */
    String value();
}
