package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ebpflb.api.ApiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lb finds Java, starts the runtime module with the flags it needs, and runs the shipped configuration. */
class LauncherDistTest {
    @Test
    void saysWhatIsMissingWhenNoJavaIsFound(@TempDir Path tmp) throws Exception {
        Path notAJdk = Files.createDirectories(tmp.resolve("not-a-jdk"));
        Path emptyJvmDir = Files.createDirectories(tmp.resolve("jvm"));
        Distribution.Result result = Distribution.lb(Distribution.dir(),
                Map.of("JAVA_HOME", notAJdk.toString(), "LB_JVM_DIR", emptyJvmDir.toString()), "version");
        assertEquals(2, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("ebpf-lb needs Java 21 or newer (bin/java)"), result::describe);
        assertTrue(result.stderr().contains(notAJdk + ": no bin/java"), result::describe);
        assertTrue(result.stderr().contains("set JAVA_HOME"), result::describe);
        assertEquals("", result.stdout());
    }

    @Test
    void jvmResolvesTheModulePathAndLoadsTheMainClass() throws Exception {
        Distribution.lb(Distribution.dir(), Map.of("LB_JAVA_OPTS", "--dry-run")).assertSuccess();
    }

    @Test
    void versionNamesReleaseAndPluginApiWithoutJvmWarnings() throws Exception {
        Distribution.Result result = Distribution.lb(Distribution.dir(), Map.of(), "version").assertSuccess();
        assertTrue(result.stdout().contains(System.getProperty("lb.version")), result::describe);
        assertTrue(result.stdout().contains(ApiVersion.current()), result::describe);
        // lb version loads libbpf through jnr-ffi: native access and sun.misc.Unsafe warnings would show here
        assertFalse(result.stderr().lines().anyMatch(l -> l.startsWith("WARNING:")), result::describe);
    }

    @Test
    void shippedConfigurationValidatesWithTheShippedPlugins() throws Exception {
        Distribution.lb(Distribution.dir(), Map.of(), "validate").assertSuccess();
    }
}
