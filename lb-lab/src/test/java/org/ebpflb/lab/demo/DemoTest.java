package org.ebpflb.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @Test
    void withoutRootItSaysSoAndExits1(@TempDir Path home) {
        StringWriter buf = new StringWriter();
        int code = Demo.run(new PrintWriter(buf, true), home,
                new DemoSettings("lbdut-", 60, home.resolve("state"), 10), false);
        assertEquals(1, code);
        assertEquals(Demo.NEEDS_ROOT + System.lineSeparator(), buf.toString());
        assertFalse(Files.exists(home.resolve("state")));
    }

    @Test
    void anInstallationWithoutTheLauncherIsRefusedBeforeAnythingIsBuilt(@TempDir Path home) {
        StringWriter buf = new StringWriter();
        int code = Demo.run(new PrintWriter(buf, true), home,
                new DemoSettings("lbdut-", 60, home.resolve("state"), 10), true);
        assertEquals(2, code);
        String text = buf.toString();
        assertTrue(text.contains(home.resolve("bin/lb").toAbsolutePath() + " is missing or not executable"), text);
        assertFalse(Files.exists(home.resolve("state")));
    }

    @Test
    void aSecondDemoAtTheSameTimeIsRefused(@TempDir Path home) throws Exception {
        Path lb = home.resolve("bin/lb");
        Files.createDirectories(lb.getParent());
        Files.writeString(lb, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(lb, PosixFilePermissions.fromString("rwx------"));
        DemoSettings settings = new DemoSettings("lbdut-", 60, home.resolve("state"), 10);
        StringWriter buf = new StringWriter();
        try (FileChannel running = FileChannel.open(settings.lockFile(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = running.lock()) {
            int code = Demo.run(new PrintWriter(buf, true), home, settings, true);
            assertEquals(2, code);
        }
        String text = buf.toString();
        assertTrue(text.contains("another demo is running (it holds " + settings.lockFile() + ")"), text);
        assertFalse(Files.exists(settings.stateDir()));
    }

    @Test
    void theRequestsPerMeasurementComeFromTheEnvironment() {
        assertEquals(DemoSettings.DEFAULT, DemoSettings.fromEnvironment(Map.of()));
        assertEquals(2000, DemoSettings.fromEnvironment(Map.of(DemoSettings.REQUESTS_VARIABLE, "2000")).requests());
        for (String bad : List.of("0", "-5", "lots", "100001")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DemoSettings.fromEnvironment(Map.of(DemoSettings.REQUESTS_VARIABLE, bad)));
            assertEquals("LB_DEMO_REQUESTS=" + bad + " is not a number of requests in 1..100000", e.getMessage());
        }
    }

    @Test
    void theHealthCheckTypeFollowsTheInstalledPlugins(@TempDir Path home) throws Exception {
        assertEquals(Optional.empty(), HealthPlugins.checkType(home));
        Files.createDirectories(home.resolve("plugins/health-tcp"));
        assertEquals(Optional.of("tcp"), HealthPlugins.checkType(home));
        Files.createDirectories(home.resolve("plugins/health-http"));
        assertEquals(Optional.of("http"), HealthPlugins.checkType(home));
    }
}
