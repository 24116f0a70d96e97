package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;

class ProblemReportingTest {
    static List<String> problems(String file, org.ebpflb.api.spi.Plugin... plugins) {
        ConfigResult result = new ConfigLoader(List.of(plugins)).load(ConfigFiles.path(file));
        assertEquals(result.problems().isEmpty(), result.config().isPresent(), "a config comes only without problems");
        return result.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void misspeltServiceKeyNamesTheKnownKeyEvenWithoutItsPlugin() {
        assertEquals(List.of(at("misspelt-key.conf", "helth-check",
                "unknown key 'helth-check' (did you mean 'health-check'?)")), problems("misspelt-key.conf"));
    }

    @Test
    void misspeltServiceKeyReadsTheSameWithHealthPluginsInstalled() {
        assertEquals(List.of(at("misspelt-key.conf", "helth-check",
                        "unknown key 'helth-check' (did you mean 'health-check'?)")),
                problems("misspelt-key.conf",
                        new FakePlugin("health-http", new FakeHealthKeys(Set.of("http"), Set.of("path")))));
    }

    @Test
    void everyProblemGetsItsOwnLineInFileOrder() {
        String file = "three-problems.conf";
        assertEquals(List.of(
                at(file, "port = 70000", "port 70000 is outside 1..65535"),
                at(file, "10.0.0.0/33", "invalid CIDR '10.0.0.0/33': prefix length /33 is outside 0..32"),
                at(file, "the second 'web'", "duplicate service 'web' (first defined at line "
                        + ConfigFiles.line(file, "the first 'web'") + ")")),
                problems(file));
    }

    @Test
    void fileIsNamedAsTheOperatorGaveIt() {
        Path relative = ConfigFiles.path("misspelt-key.conf");
        assertTrue(!relative.isAbsolute() && relative.toString().startsWith("target"), relative.toString());
        ConfigResult result = new ConfigLoader(List.of()).load(relative);
        assertEquals(relative.toString(), result.problems().get(0).file());
    }

    @Test
    void syntaxErrorIsOneProblemAtItsLine() {
        List<String> problems = problems("syntax-error.conf");
        assertEquals(1, problems.size(), problems::toString);
        String prefix = ConfigFiles.path("syntax-error.conf") + ":" + ConfigFiles.line("syntax-error.conf", "  ]") + ": ";
        assertTrue(problems.get(0).startsWith(prefix), problems.get(0));
        assertTrue(!problems.get(0).substring(prefix.length()).contains("syntax-error.conf"),
                "the location is not repeated in the message: " + problems.get(0));
    }

    @Test
    void unresolvedSubstitutionIsAProblemAtItsLine() {
        assertEquals(List.of(at("unresolved.conf", "instance =",
                        "Could not resolve substitution to a value: ${LB_TEST_INSTANCE_THAT_IS_NEVER_SET}")),
                problems("unresolved.conf"));
    }

    @Test
    void missingFileIsAProblemNotAnException() {
        Path missing = Path.of("target", "no-such-dir", "lb.conf");
        ConfigResult result = new ConfigLoader(List.of()).load(missing);
        assertEquals(List.of(new ConfigProblem(missing.toString(), -1, "no such file")), result.problems());
        assertEquals(missing + ": no such file", result.problems().get(0).toString());
    }

    @Test
    void directoryIsAProblemNotAnException() {
        Path directory = ConfigFiles.path("valid.conf").getParent();
        assertEquals(List.of(new ConfigProblem(directory.toString(), -1, "is not a regular file")),
                new ConfigLoader(List.of()).load(directory).problems());
    }

    @Test
    void anEmptyFileIsRefusedInsteadOfRunningNoService() {
        Path empty = ConfigFiles.path("empty.conf");
        assertEquals(List.of(new ConfigProblem(empty.toString(), -1, "is empty (or only comments): nothing to run, "
                + "and an emptied or truncated file looks like this; write lb { services = [] } to run no service")),
                new ConfigLoader(List.of()).load(empty).problems());
    }

    @Test
    void aFileWithoutServicesIsRefusedAtItsLbKey() {
        String f = "services-missing.conf";
        assertEquals(List.of(ConfigFiles.at(f, "lb {", "lb.services is not set: list the services, or write "
                + "services = [] to run none (a file without it is refused, since a truncated file looks like that)")),
                new ConfigLoader(List.of()).load(ConfigFiles.path(f)).problems().stream().map(ConfigProblem::toString)
                        .toList());
    }

    @Test
    void fileWithNoServicesGetsEveryDocumentedDefault() throws Exception {
        ConfigResult result = new ConfigLoader(List.of()).load(ConfigFiles.path("no-services.conf"));
        LbConfig config = result.config().orElseThrow(() -> new AssertionError(result.problems()));
        assertEquals("default", config.instance());
        assertEquals(Path.of("plugins"), config.pluginDir());
        assertEquals(new AdminSettings(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9300),
                Optional.empty()), config.admin());
        assertEquals(new DataplaneSettings("auto", new DataplaneCapacity(1023, 4095, 65535, 16384, 4_194_304, 1_000_000,
                65536, 65536), Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(5), 16381, 0,
                Path.of("/sys/fs/bpf"), "kernel"), config.dataplane());
        assertEquals(new ReloadSettings(false, false), config.reload());
        assertTrue(config.plugins().isEmpty());
        assertEquals(List.of(), config.services());
    }
}
