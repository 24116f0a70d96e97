package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.maintenance.MaintenanceWindowPlugin;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example third-party plugin works when dropped into an installed distribution: {@code lb plugins} lists it and
 * {@code lb explain} shows its factor 0 for the target under maintenance, with its reason.
 */
class ExamplePluginDistTest {
    private static final String ID = "maintenance-window";
    private static final String IN_MAINTENANCE = "198.18.1.2:8080";
    /** A factor or weight of zero, however the table prints it: 0, 0.0, 0.00, x0, ... */
    private static final Pattern ZERO = Pattern.compile("(?<![\\d.])0(\\.0+)?(?![\\d.])");

    @TempDir
    static Path home;
    private static Path conf;
    private static String window;
    private static Path jar;

    @BeforeAll
    static void installWithTheExamplePlugin() throws Exception {
        Distribution.copyTo(home);
        jar = Path.of(MaintenanceWindowPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(jar) && jar.toString().endsWith(".jar"), "example plugin not packaged: " + jar);
        Path pluginDir = Files.createDirectories(home.resolve("plugins").resolve(ID));
        Files.copy(jar, pluginDir.resolve(jar.getFileName()));

        // a window open from an hour ago to an hour from now, across midnight when that is where now is
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        String start = now.minusHours(1).toString();
        String end = now.plusHours(1).toString();
        window = start + "-" + end + " UTC";
        conf = Files.writeString(home.resolve("conf/maintenance.conf"), """
                lb {
                  instance = "dist-example-test"
                  admin.listen = "127.0.0.1:%d"
                  plugins.maintenance-window {
                    targets = ["%s"]
                    window { start = "%s", end = "%s", zone = "UTC" }
                  }
                  services = [
                    {
                      name = "web"
                      listen { interfaces = ["lo"], port = 80, protocol = tcp }
                      targets = [
                        { ip = "198.18.1.2", port = 8080, weight = 50 }
                        { ip = "198.18.1.3", port = 8080, weight = 30 }
                        { ip = "198.18.1.4", port = 8080, weight = 20 }
                      ]
                    }
                  ]
                }
                """.formatted(unusedPort(), IN_MAINTENANCE, start, end));
    }

    @Test
    void pluginsListsTheExampleWithItsVersionAndLocation() throws Exception {
        Distribution.Result result = Distribution.lb(home, Map.of(), "plugins", "-c", conf.toString())
                .assertSuccess();
        List<String> rows = result.stdout().lines().filter(l -> l.contains(ID)).toList();
        assertEquals(1, rows.stream().filter(l -> l.contains("plugins/" + ID)).count(), result::describe);
        String row = rows.stream().filter(l -> l.contains("plugins/" + ID)).findFirst().orElseThrow();
        String version = ModuleFinder.of(jar).findAll().iterator().next().descriptor().rawVersion().orElseThrow();
        assertTrue(row.contains(version), () -> "no version " + version + " in: " + row);
        assertTrue(row.contains("modifiers: maintenance-window (order 400, administrative)"),
                () -> "no declared modifier in: " + row);
    }

    @Test
    void explainShowsFactorZeroAndTheReasonForTheListedTargetOnly() throws Exception {
        Distribution.Result result = Distribution.lb(home, Map.of(), "explain", "web", "-c", conf.toString())
                .assertSuccess();
        String out = result.stdout();
        String maintained = block(out, IN_MAINTENANCE, "198.18.1.3:8080");
        String other = block(out, "198.18.1.3:8080", "198.18.1.4:8080");
        assertTrue(maintained.contains("maintenance window " + window), result::describe);
        assertTrue(maintained.lines().filter(l -> l.contains("maintenance window " + window) || l.contains(ID))
                .anyMatch(l -> ZERO.matcher(l).find()), result::describe);
        assertFalse(other.contains("maintenance window " + window), result::describe);
        // with 198.18.1.2 out, 198.18.1.3 carries 30 / (30 + 20) of the traffic
        String share = String.valueOf(30 * 100 / (30 + 20));
        assertTrue(Pattern.compile("(?<![\\d.])" + share + "(\\.0+)?\\s*%").matcher(other).find(),
                result::describe);
    }

    /** @return the lines from the first mentioning {@code from} up to the first after it mentioning {@code to} */
    private static String block(String out, String from, String to) {
        int start = out.indexOf(from);
        assertTrue(start >= 0, () -> from + " missing in:\n" + out);
        int end = out.indexOf(to, start + from.length());
        return out.substring(out.lastIndexOf('\n', start) + 1, end < 0 ? out.length() : out.lastIndexOf('\n', end));
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
