package org.ebpflb.archviolation.cycle.a;

import org.ebpflb.archviolation.cycle.b.B;

/** Violation: package a uses package b, which uses package a. */
public class A {
    /** @return a B */
    public B b() {
        return new B();
    }
}
