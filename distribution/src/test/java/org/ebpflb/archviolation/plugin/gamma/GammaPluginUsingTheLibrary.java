package org.ebpflb.archviolation.plugin.gamma;

import org.ebpflb.archviolation.plugin.healthcommon.ProbeLibraryUsingBpf;

/** Allowed: a plugin builds on the library shared by plugins (as health-tcp builds on health-common). */
public class GammaPluginUsingTheLibrary {
    private final ProbeLibraryUsingBpf library = new ProbeLibraryUsingBpf();

    /** @return the library object */
    public ProbeLibraryUsingBpf library() {
        return library;
    }
}
