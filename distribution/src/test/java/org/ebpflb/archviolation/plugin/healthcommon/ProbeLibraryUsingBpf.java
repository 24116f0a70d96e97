package org.ebpflb.archviolation.plugin.healthcommon;

import org.ebpflb.archviolation.bpf.BpfUsingRuntime;

/** Violation: a library shared by plugins reaches into the data plane. */
public class ProbeLibraryUsingBpf {
    private final BpfUsingRuntime bpf = new BpfUsingRuntime();

    /** @return the data plane object */
    public BpfUsingRuntime bpf() {
        return bpf;
    }
}
