package org.ebpflb.lab.demo;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs the demo in a JVM of its own so a test can interrupt it the way Ctrl-C does. */
public final class DemoInterruptMain {
    private DemoInterruptMain() {
    }

    /**
     * @param args lbHome, namespace prefix, address block, state directory
     */
    public static void main(String[] args) {
        DemoSettings settings = new DemoSettings(args[1], Integer.parseInt(args[2]), Path.of(args[3]), 10);
        System.exit(Demo.run(new PrintWriter(System.out, true), Path.of(args[0]), settings, true));
    }
}
