package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload may not change: every setting of the plugin, reported at the operator's line. */
class StartOnlySettingsTest {
    private static final String WHY = ": a reload cannot apply it (the dns-registration plugin reads its settings at "
            + "start); restart lb run to change it";

    @TempDir
    Path dir;
    private Path secret;
    private Path file;
    private StartOnlySettings started;

    @BeforeEach
    void start() throws IOException {
        secret = Files.writeString(dir.resolve("tsig.secret"), TestSettings.SECRET + "\n");
        file = dir.resolve("lb.conf");
        started = new StartOnlySettings(settings("check-interval = 5s\nregion-cidrs = [\"198.18.0.0/24\"]"));
    }

    @Test
    void theSameSettingsWrittenAgainAndTheRuntimesOwnKeysPass() throws IOException {
        assertEquals(List.of(), started.changes(settings("# reordered\nregion-cidrs = [\"198.18.0.0/24\"]\n"
                + "check-interval = 5s")));
        assertEquals(List.of(), started.changes(settings("check-interval = 5s\nregion-cidrs = [\"198.18.0.0/24\"]\n"
                + "enabled = true\nrequired = true")), "enabled and required are judged by the runtime");
    }

    @Test
    void aChangedAddedOrRemovedSettingIsRefusedAtItsLine() throws IOException {
        List<ConfigProblem> changed = started.changes(settings("check-interval = 6s\nregion-cidrs = []\n"
                + "minimum-failures = 4"));
        assertEquals(List.of(
                new ConfigProblem(file.toString(), 5, "lb.plugins.dns-registration.check-interval changed from '5s' "
                        + "to '6s'" + WHY),
                new ConfigProblem(file.toString(), 7, "lb.plugins.dns-registration.minimum-failures changed from "
                        + "'3' to '4'" + WHY),
                new ConfigProblem(file.toString(), 6, "lb.plugins.dns-registration.region-cidrs changed from "
                        + "'[198.18.0.0/24]' to '[]'" + WHY)), changed);
        // a removed line falls back to the default: the problem points at where the old value was
        List<ConfigProblem> removed = started.changes(settings("region-cidrs = [\"198.18.0.0/24\"]"));
        assertEquals(List.of(new ConfigProblem(file.toString(), 5, "lb.plugins.dns-registration.check-interval "
                + "changed from '5s' to '1m'" + WHY)), removed);
    }

    @Test
    void aRotatedSecretInTheSameFileIsRefused() throws IOException {
        Config same = settings("check-interval = 5s\nregion-cidrs = [\"198.18.0.0/24\"]");
        Files.writeString(secret, "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlcg==\n");
        List<ConfigProblem> problems = started.changes(same);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(4, problems.get(0).line());
        assertEquals("the TSIG secret in " + secret + " changed" + WHY, problems.get(0).message());
    }

    /** Lines 1-4 as TestSettings writes them, then {@code extra} from line 5. */
    private Config settings(String extra) throws IOException {
        Files.writeString(file, """
                fqdn = "web.lb.test"
                zone = "lb.test"
                server = "127.0.0.1:5300"
                tsig { name = lb-update, secret-file = "%s" }
                %s
                """.formatted(secret, extra));
        return ConfigFactory.parseFile(file.toFile()).withFallback(ConfigFactory.parseResources(
                getClass().getClassLoader(), "reference.conf").getConfig("lb.plugins." + DnsRegistrationPlugin.ID));
    }
}
