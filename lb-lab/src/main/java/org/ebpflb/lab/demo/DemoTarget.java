package org.ebpflb.lab.demo;

import org.ebpflb.api.model.Endpoint;

/**
 * A backend as the demo configures it.
 *
 * @param name the name it answers with, e.g. "backend-2"
 * @param endpoint its address and port
 * @param weight its configured weight (relative, &gt; 0)
 */
public record DemoTarget(String name, Endpoint endpoint, int weight) {
    /** Rejects weights the config would reject. */
    public DemoTarget {
        if (weight < 1) {
            throw new IllegalArgumentException("weight of " + name + " must be >= 1, got " + weight);
        }
    }

    /**
     * @param newWeight the new weight
     * @return this target with that weight
     */
    public DemoTarget withWeight(int newWeight) {
        return new DemoTarget(name, endpoint, newWeight);
    }
}
