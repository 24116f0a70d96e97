package org.ebpflb.lab.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.spi.ToolProvider;

/**
 * {@code lb demo} as a {@link ToolProvider} named {@value #NAME}: the runtime's CLI finds it with
 * {@code ToolProvider.findFirst} when the launcher puts the distribution's {@code lab/} on the module path, so the
 * runtime never depends on the lab. One argument: the installation directory.
 */
public final class DemoTool implements ToolProvider {
    /** The tool name the CLI looks up. */
    public static final String NAME = "lb-demo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        if (args.length != 1) {
            err.println(NAME + ": expects one argument, the installation directory");
            return 2;
        }
        int code = Demo.run(out, Path.of(args[0]));
        out.flush();
        return code;
    }
}
