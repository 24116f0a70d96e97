package org.ebpflb.lab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ebpflb.lab.sandbox.Command;
import org.ebpflb.lab.sandbox.CommandResult;
import org.junit.jupiter.api.Test;

class JavaCommandTest {
    @Test
    void usesThisProcesssJavaAndClassPath() {
        List<String> cmd = JavaCommand.forMain(DemoBackend.class, List.of("--name", "b"));
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), cmd.get(0));
        assertEquals(System.getProperty("java.class.path"), cmd.get(cmd.indexOf("-cp") + 1));
        assertEquals(List.of(mainArgument(DemoBackend.class), "--name", "b"), cmd.subList(cmd.size() - 3, cmd.size()));
    }

    /** How a main class is named on the command line: module-qualified when tests run on the module path. */
    static String mainArgument(Class<?> main) {
        Module m = main.getModule();
        return m.isNamed() ? m.getName() + "/" + main.getName() : main.getName();
    }

    @Test
    void theChildJvmFindsTheDemoClassesAndTheirLibraries() {
        // --help exercises picocli from the child's class path: proof the class path came across whole.
        CommandResult r = Command.of(JavaCommand.forMain(DemoBackend.class, List.of("--help")))
                .within(Duration.ofSeconds(60)).check();
        assertTrue(r.stdout().contains("Usage: demo-backend"), r.stdout());
        assertTrue(r.stdout().contains("--udp-port"), r.stdout());
    }

    @Test
    void aBadArgumentIsRefusedByTheChild() {
        CommandResult r = Command.of(JavaCommand.forMain(DemoClient.class, List.of("--target", "198.18.2.1:80",
                "--requests", "-1"))).within(Duration.ofSeconds(60)).run();
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("requests -1 is outside"), r.stderr());
    }
}
