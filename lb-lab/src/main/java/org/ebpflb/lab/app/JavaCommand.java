package org.ebpflb.lab.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines that start a main class of this code base as a separate JVM with the runtime of the current process:
 * the same {@code java} binary ({@code java.home}), the same module path ({@code jdk.module.path}) and class path
 * ({@code java.class.path}). Used to run backends and clients inside network namespaces, where this JVM cannot go.
 */
public final class JavaCommand {
    /** Small, quick-starting JVMs: several run at once on a small machine. */
    static final List<String> JVM_FLAGS = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");

    private JavaCommand() {
    }

    /**
     * @param main a class with a {@code main} method
     * @param args its arguments
     * @return the command line
     */
    public static List<String> forMain(Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        String modulePath = System.getProperty("jdk.module.path", "");
        String classPath = System.getProperty("java.class.path", "");
        Module module = main.getModule();
        if (!modulePath.isEmpty()) {
            cmd.addAll(List.of("--module-path", modulePath));
            if (!module.isNamed()) {
                cmd.addAll(List.of("--add-modules", "ALL-MODULE-PATH"));
            }
        }
        if (!classPath.isEmpty()) {
            cmd.addAll(List.of("-cp", classPath));
        }
        if (module.isNamed()) {
            cmd.addAll(List.of("-m", module.getName() + "/" + main.getName()));
        } else {
            cmd.add(main.getName());
        }
        cmd.addAll(args);
        return cmd;
    }
}
