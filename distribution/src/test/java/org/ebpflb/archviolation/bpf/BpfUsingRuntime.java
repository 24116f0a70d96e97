package org.ebpflb.archviolation.bpf;

import org.ebpflb.archviolation.runtime.RuntimeService;

/** Violation: the data plane calls back into the runtime. */
public class BpfUsingRuntime {
    /**
     * @param service the runtime
     * @return its value
     */
    public int read(RuntimeService service) {
        return service.value();
    }
}
