package org.ebpflb.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.ebpflb.api.ApiVersion;
import org.ebpflb.bpf.KernelDataPlane;
import org.ebpflb.runtime.lifecycle.EngineTimings;
import org.ebpflb.runtime.lifecycle.InstallDir;
import org.ebpflb.runtime.lifecycle.LbRuntime;
import org.ebpflb.runtime.lifecycle.RunOptions;
import org.ebpflb.runtime.lifecycle.RuntimeVersion;
import org.ebpflb.runtime.testing.DemoPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code lb} commands as an operator runs them, against real config files and a real running instance. */
class LbCommandTest {
    @TempDir
    static Path shared;
    private static Path pluginDir;

    @TempDir
    Path work;
    private Path file;
    private int port;

    @BeforeAll
    static void buildPlugin() {
        pluginDir = shared.resolve("plugins");
        DemoPlugin.build(shared, pluginDir);
    }

    @BeforeEach
    void writeConfig() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now; nothing listens there unless a test starts an instance
        }
        file = Files.writeString(work.resolve("lb.conf"), DemoPlugin.config(pluginDir, "127.0.0.1:" + port));
    }

    @Test
    void versionNamesEbpfLbThePluginApiAndTheKernel() throws Exception {
        Result r = lb("version");

        assertEquals(0, r.exit);
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        assertEquals(List.of("ebpf-lb " + RuntimeVersion.ebpfLb(), "plugin API " + ApiVersion.current(),
                "kernel " + kernel, "libbpf " + KernelDataPlane.libbpfVersion()), r.out.lines().toList());
        assertTrue(RuntimeVersion.ebpfLb().matches("\\d+\\.\\d+\\.\\d+.*"), RuntimeVersion.ebpfLb());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "validate", "plugins", "explain", "status", "reload", "dns", "version")) {
            Result r = lb(command, "--help");
            assertEquals(0, r.exit, command);
            assertTrue(r.out.startsWith("Usage: lb " + command), r.out);
        }
        assertTrue(lb("--help").out.contains("explain"));
    }

    @Test
    void badUsageIsExitOne() {
        Result none = lb();
        assertEquals(1, none.exit);
        assertTrue(none.err.startsWith("Usage: lb"), none.err);
        assertEquals(1, lb("validate", "--bogus").exit);
        assertEquals(1, lb("explain").exit, "SERVICE is required");
        assertEquals(1, lb("frobnicate").exit);
    }

    @Test
    void validateSaysOkWithCounts() {
        Result r = lb("validate", "-c", file.toString());

        assertEquals(0, r.exit, r.err);
        assertEquals("OK: 2 services, 1 plugins\n", r.out);
    }

    @Test
    void validateDefaultsToConfUnderTheInstallDirectory() throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        Files.copy(file, home.resolve("conf/lb.conf"));
        System.setProperty(InstallDir.PROPERTY, home.toString());
        try {
            assertEquals("OK: 2 services, 1 plugins\n", lb("validate").out);
        } finally {
            System.clearProperty(InstallDir.PROPERTY);
        }
    }

    @Test
    void validatePrintsProblemsAsFileAndLine() throws Exception {
        Files.writeString(file, "lb {\n  services = [\n    { name = \n");

        Result r = lb("validate", "-c", file.toString());

        assertEquals(1, r.exit);
        assertTrue(r.err.lines().allMatch(l -> l.matches(java.util.regex.Pattern.quote(file.toString())
                + ":\\d+: .+")), r.err);
        assertEquals("", r.out);
    }

    @Test
    void validateReportsAnUnloadablePluginDirectory() throws Exception {
        Path dir = Files.createDirectories(work.resolve("plugins/empty"));
        Files.writeString(file, "lb { plugin-dir = \"" + dir.getParent() + "\" }");

        Result r = lb("validate", "-c", file.toString());

        assertEquals(1, r.exit);
        assertEquals(file + ": plugin directory " + dir + " holds no JAR file\n", r.err);
    }

    @Test
    void explainJsonWithoutAnInstancePrintsOnlyJsonOnStdoutAndTheBannerOnStderr() throws Exception {
        Result r = lb("explain", "web", "--json", "-c", file.toString());

        assertEquals(0, r.exit, r.err);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out);
        assertEquals("web", json.get("service").asText(), r.out);
        assertTrue(r.err.startsWith("OFFLINE: no instance answers at 127.0.0.1:" + port), r.err);
        assertTrue(r.err.contains("started offline (no health probes)"), r.err);
    }

    @Test
    void explainWithoutAnInstanceComputesOneOfflineRoundAndSaysSo() {
        Result r = lb("explain", "web", "-c", file.toString());

        assertEquals(0, r.exit, r.err);
        List<String> lines = r.out.lines().toList();
        assertTrue(lines.get(0).startsWith("OFFLINE: no instance answers at 127.0.0.1:" + port), lines.get(0));
        assertEquals("service web  (tcp/80 on lo, hash five-tuple)", lines.get(1));
        String header = lines.stream().filter(l -> l.contains("TARGET")).findFirst().orElseThrow();
        assertTrue(header.matches("\\s*TARGET\\s+BASE\\s+demo\\s+EFFECTIVE\\s+SHARE\\s+SLOTS"), header);
        String scaled = lines.stream().filter(l -> l.contains("198.18.1.2:8081")).findFirst().orElseThrow();
        assertTrue(scaled.matches("\\s*198\\.18\\.1\\.2:8081\\s+1\\s+x0\\.5 scaled\\s+0\\.5\\s+14\\.3%\\s+\\d+"),
                scaled);
        assertTrue(r.out.contains("no panic: 100.0% of weight available"), r.out);
    }

    @Test
    void explainShowsExpandedTargetsWithTheirSpec() {
        Result r = lb("explain", "api", "-c", file.toString());

        assertTrue(r.out.contains("198.18.5.1:9000 <- demo.internal:9000"), r.out);
    }

    @Test
    void ipv6ServicesPrintCanonicalAddressesAndTargetAddTakesThemInBrackets() throws Exception {
        Files.writeString(file, Files.readString(file).replace("  services = [", """
                  services = [
                    { name = "web6", listen { interfaces = ["lo"], address = "2001:db8:12:0:0:0:0:10", port = 443 },
                      targets = [ { ip = "2001:DB8:12:1:0:0:0:1", port = 8443 } ] }"""));
        Result text = lb("explain", "web6", "-c", file.toString());
        Result json = lb("explain", "web6", "--json", "-c", file.toString());
        Result bare = lb("target", "add", "web6", "2001:db8:12:1::2:8443", "-c", file.toString());

        assertEquals(0, text.exit, text.err);
        assertTrue(text.out.contains("service web6  (tcp/443 at 2001:db8:12::10 on lo, hash five-tuple)"), text.out);
        assertTrue(text.out.lines().anyMatch(l -> l.matches("\\s*\\[2001:db8:12:1::1]:8443\\s+1\\s.*")), text.out);
        assertEquals(0, json.exit, json.err);
        assertTrue(json.out.contains("\"[2001:db8:12:1::1]:8443\""), json.out);
        assertFalse(json.out.contains("0:0"), json.out);
        assertEquals(1, bare.exit);
        assertEquals("lb target add: write an IPv6 target in brackets, [ip]:port (got '2001:db8:12:1::2:8443')\n",
                bare.err);
        try (LbRuntime running = LbRuntime.start(file, Clock.systemUTC(), new EngineTimings(Duration.ofMillis(500),
                Duration.ofMillis(10), Duration.ofSeconds(30)), RunOptions.DEFAULTS)) {
            Result added = lb("target", "add", "web6", "[2001:db8:12:1:0::2]:8443", "-c", file.toString());
            Result mixed = lb("target", "add", "web6", "198.18.1.9:8443", "-c", file.toString());
            Result status = lb("status", "-c", file.toString());

            assertEquals(0, added.exit, added.err);
            assertTrue(added.out.contains("target add web6 [2001:db8:12:1::2]:8443"), added.out);
            assertEquals(1, mixed.exit);
            assertTrue(mixed.err.contains("target 198.18.1.9:8443 is IPv4 but service 'web6' is IPv6 (listen.address"
                    + " 2001:db8:12::10, "), mixed.err);
            assertTrue(status.out.contains("service web6  (tcp/443 at 2001:db8:12::10 on lo, hash five-tuple)"),
                    status.out);
            assertTrue(status.out.contains("[2001:db8:12:1::2]:8443"), status.out);
        }
    }

    @Test
    void explainOfAnUnknownServiceIsBadInput() {
        Result r = lb("explain", "nope", "-c", file.toString());

        assertEquals(1, r.exit);
        assertTrue(r.err.contains("unknown service: nope"), r.err);
    }

    @Test
    void statusAndReloadNeedARunningInstance() {
        Result status = lb("status", "-c", file.toString());
        Result reload = lb("reload", "-c", file.toString());

        assertEquals(2, status.exit);
        assertEquals("lb status: no ebpf-lb instance answers at 127.0.0.1:" + port
                + " (start one with 'lb run', or point -c at its configuration)\n", status.err);
        assertEquals(2, reload.exit);
    }

    @Test
    void dnsCommandsCheckTheirArgumentsAndNeedARunningInstance() {
        assertEquals(1, lb("dns", "block", "198.18.0.12", "-c", file.toString()).exit, "--for is required");
        assertEquals(1, lb("dns", "unblock", "-c", file.toString()).exit, "IP is required");
        Result block = lb("dns", "block", "198.18.0.12", "--for", "15m", "-c", file.toString());
        assertEquals(2, block.exit);
        assertEquals("lb dns block: no ebpf-lb instance answers at 127.0.0.1:" + port + "\n", block.err);
    }

    @Test
    void pluginsWithoutAnInstanceListsWhatIsOnDisk() {
        Result r = lb("plugins", "-c", file.toString());

        assertEquals(0, r.exit, r.err);
        List<String> lines = r.out.lines().toList();
        assertTrue(lines.get(0).matches("ID\\s+VERSION\\s+API\\s+STATE\\s+LOCATION\\s+CONTRIBUTES"), lines.get(0));
        assertTrue(lines.get(1).matches("demo\\s+3\\.1\\s+" + java.util.regex.Pattern.quote(ApiVersion.current()) + "\\s+LOADED\\s+" + java.util.regex.Pattern.quote(
                pluginDir.resolve("demo").toString()) + "\\s+" + java.util.regex.Pattern.quote("modifiers: demo (order 300, "
                + "administrative); target sources: demo; admin routes: GET /api/v1/demo/{name}; status: demo; "
                + "config keys: targets[].host")), lines.get(1));
        assertTrue(lines.get(2).startsWith("no instance answers at 127.0.0.1:" + port), lines.get(2));
    }

    @Test
    void commandsTalkToTheRunningInstance() throws Exception {
        try (LbRuntime running = LbRuntime.start(file, Clock.systemUTC(), new EngineTimings(Duration.ofMillis(500),
                Duration.ofMillis(10), Duration.ofSeconds(30)), RunOptions.DEFAULTS)) {
            Result explain = lb("explain", "web", "-c", file.toString());
            Result status = lb("status", "-c", file.toString());
            Result plugins = lb("plugins", "-c", file.toString());
            Result reload = lb("reload", "-c", file.toString());
            Result dns = lb("dns", "unblock", "198.18.0.12", "-c", file.toString());
            Files.writeString(file, DemoPlugin.config(pluginDir, "127.0.0.1:" + port)
                    .replace("port = 80,", "port = \"eighty\","));
            Result rejected = lb("reload", "-c", file.toString());
            Files.writeString(file, "lb { services = [ \n");
            Result unreadable = lb("reload", "-c", file.toString());

            assertEquals(0, explain.exit, explain.err);
            assertFalse(explain.out.contains("OFFLINE"), explain.out);
            assertTrue(explain.out.contains("x0.5 scaled"), explain.out);

            assertEquals(0, status.exit, status.err);
            assertTrue(status.out.startsWith("ebpf-lb " + RuntimeVersion.ebpfLb() + ", instance t1, up "),
                    status.out);
            assertTrue(status.out.contains("data plane: in-memory recording data plane: forwards no packets"
                    + "  <- NOT FORWARDING TRAFFIC"), status.out);
            assertTrue(status.out.contains("service web  (tcp/80 on lo, hash five-tuple)"), status.out);
            assertTrue(status.out.contains("demo:\n  since: 1970-01-01T00:00:00Z\n  targets: "), status.out);

            assertEquals(0, plugins.exit, plugins.err);
            assertTrue(plugins.out.contains("RUNNING"), plugins.out);
            assertTrue(plugins.out.contains("modifiers: demo (order 300, administrative); target sources: demo; "), plugins.out);
            assertTrue(plugins.out.contains("admin routes: GET /api/v1/demo/{name}; status: demo"), plugins.out);
            assertTrue(plugins.out.contains("states and contributions from the instance at 127.0.0.1:" + port),
                    plugins.out);

            assertEquals(1, dns.exit);
            assertEquals("lb dns unblock: the dns-registration plugin is not installed or not enabled\n", dns.err);

            assertEquals(0, reload.exit, reload.err);
            assertEquals("reloaded and applied; services changed: none\n", reload.out);
            assertEquals(1, rejected.exit);
            assertTrue(rejected.err.startsWith("lb reload: configuration rejected; the running configuration stays\n"
                    + file + ":"), rejected.err);
            assertEquals(2, running.engine().state().config().services().size());
            assertEquals(2, unreadable.exit, "the file no longer says where the instance listens");
            assertTrue(unreadable.err.startsWith("note: " + file + " cannot be read ("), unreadable.err);
        }
    }

    private static Result lb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LbCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
    }
}
