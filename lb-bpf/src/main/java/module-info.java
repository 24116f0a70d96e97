/**
 * The kernel data plane: BPF programs (compiled into this module's resources), a libbpf binding through jnr-ffi, typed
 * map encoders, and {@link org.ebpflb.bpf.KernelDataPlane}. Only lb-runtime may depend on this module.
 */
module org.ebpflb.bpf {
    requires transitive org.ebpflb.api;
    requires org.jnrproject.ffi;
    // jnr-ffi is an automatic module and declares nothing; it generates its native stubs with ASM at run time.
    requires org.objectweb.asm;
    requires org.slf4j;

    exports org.ebpflb.bpf;
    // jnr-ffi generates the native stubs outside this module: the interfaces' package must be exported to all.
    exports org.ebpflb.bpf.libbpf;
}
