package org.ebpflb.archviolation.api;

import org.ebpflb.archviolation.runtime.RuntimeService;

/** Violation: the API exposes a runtime type. */
public interface ApiUsingRuntime {
    /** @return a runtime object */
    RuntimeService service();
}
