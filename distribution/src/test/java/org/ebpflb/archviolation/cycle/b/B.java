package org.ebpflb.archviolation.cycle.b;

import org.ebpflb.archviolation.cycle.a.A;

/** Violation: package b uses package a, which uses package b. */
public class B {
    /** @return an A */
    public A a() {
        return new A();
    }
}
