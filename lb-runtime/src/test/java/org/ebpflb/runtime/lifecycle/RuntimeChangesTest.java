package org.ebpflb.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.RuntimeChanged;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.runtime.config.ConfigLoader;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.overlay.OverlayFile;
import org.ebpflb.runtime.plugin.PluginCatalog;
import org.ebpflb.runtime.testing.RefusingDataPlane;
import org.ebpflb.runtime.view.ReloadView;
import org.ebpflb.runtime.view.RuntimeChangeView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime changes on a running engine with a recording data plane: applied through the reload steps, kept in the
 * overlay file that every later load (a reload, a restart) merges, and refused with the file's kind of message and
 * nothing changed (configuration, tables, overlay file) when they are wrong.
 */
class RuntimeChangesTest {
    private static final EngineTimings FAST = new EngineTimings(Duration.ofMillis(500), Duration.ofMillis(10),
            Duration.ofSeconds(30));
    private static final String MAIN = """
            lb {
              dataplane { kind = recording }
              services = [
                { name = "web", listen { interfaces = ["lo"], port = 80 },
                  targets = [ { ip = "198.18.1.1", port = 8080, weight = 3 },
                              { ip = "198.18.1.2", port = 8080, weight = 1 } ] }
                { name = "api", listen { interfaces = ["lo"], port = 81 },
                  targets = [ { ip = "198.18.1.3", port = 8080 } ] }
                { name = "web6", listen { interfaces = ["lo"], port = 80 },
                  targets = [ { ip = "2001:db8:12:1::1", port = 8080 } ] }
              ]
            }
            """;

    @TempDir
    Path work;
    private Path file;
    private Engine engine;
    private RefusingDataPlane dataPlane;
    private RuntimeChanges changes;
    private Reloader reloader;
    private final List<RuntimeChanged> events = new CopyOnWriteArrayList<>();
    private final List<ConfigReloaded> reloads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        file = Files.writeString(work.resolve("lb.conf"), MAIN);
        dataPlane = new RefusingDataPlane(t -> t.service().equals("refused")
                ? Optional.of("the kernel refuses it") : Optional.empty());
        engine = new Engine(new ConfigLoader(List.of()).load(file).config().orElseThrow(),
                new PluginCatalog(List.of(), List.of()), dataPlane, Clock.systemUTC(), FAST);
        engine.events().subscribe(RuntimeChanged.class, events::add);
        engine.events().subscribe(ConfigReloaded.class, reloads::add);
        engine.start(false);
        reloader = new Reloader(file, new PluginCatalog(List.of(), List.of()), List.of(), engine);
        changes = new RuntimeChanges(reloader, engine);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void anAddedTargetIsInstalledAtOnceAndKeptAcrossReloadsAndRestarts() throws Exception {
        RuntimeChangeView view = changes.addTarget("web", Map.of("ip", "198.18.1.4", "port", 8080, "weight", 2));

        assertTrue(view.applied(), view.problems().toString());
        assertEquals("target add web 198.18.1.4:8080", view.change());
        assertEquals(List.of("web"), view.changedServices());
        assertEquals(List.of("198.18.1.1:8080", "198.18.1.2:8080", "198.18.1.4:8080"), backends("web"));
        String overlay = Files.readString(OverlayFile.beside(file));
        assertTrue(overlay.contains("198.18.1.4"), overlay);
        assertEquals(List.of("service web: target 198.18.1.4:8080 added (weight 2)"), changes.overlay().changes());

        assertTrue(reloader.reload(new ReloadRequest("test", false)).reloaded(), "a reload merges the overlay");
        assertEquals(3, engine.state().config().service("web").orElseThrow().targets().size());
        LbConfig restarted = new ConfigLoader(List.of()).load(file).config().orElseThrow();
        assertEquals(2, restarted.service("web").orElseThrow().targets().get(2).weight(), "a restart reads it too");
        awaitEvents(1);
        assertTrue(events.getFirst().applied());
        assertEquals("target add web 198.18.1.4:8080", events.getFirst().change());
        assertEquals(OverlayFile.beside(file).toString(), reloads.getFirst().source(),
                "plugins that re-read the model on ConfigReloaded learn of the change");
        assertEquals(List.of("web"), reloads.getFirst().changedServices());
    }

    @Test
    void aWeightSetAtRuntimeBecomesTheBaseWeightAndRemembersWhatTheFileSaid() throws Exception {
        RuntimeChangeView view = changes.setWeight("web", "198.18.1.2:8080", 9);

        assertTrue(view.applied(), view.problems().toString());
        assertEquals(9.0, new EngineViews(engine).explain("web").orElseThrow().groups().getFirst().targets().get(1)
                .base());
        assertEquals(List.of("service web: target 198.18.1.2:8080 weight 9 (the file has 1)"),
                changes.overlay().changes());
    }

    @Test
    void aRemovedTargetLeavesTheTablesAndARemovedServiceTheDataPlane() throws Exception {
        assertTrue(changes.removeTarget("web", "198.18.1.1:8080").applied());
        assertEquals(List.of("198.18.1.2:8080"), backends("web"));

        assertTrue(changes.removeService("api").applied());
        assertFalse(dataPlane.recording().installed().contains("api"));
        assertEquals(List.of("service web: target 198.18.1.1:8080 removed", "service api: removed"),
                changes.overlay().changes());
    }

    @Test
    void aServiceFromASnippetIsAddedReplacedAndRemovedAndTheOverlayGoesWithIt() throws Exception {
        String snippet = """
                name = "admin"
                listen { interfaces = ["lo"], port = 82 }
                targets = [ { ip = "198.18.1.5", port = 9000 } ]
                """;
        assertTrue(changes.defineService(snippet, "admin.conf", false).applied());
        assertTrue(dataPlane.recording().installed().contains("admin"));

        RuntimeChangeView again = changes.defineService(snippet, "admin.conf", false);
        assertEquals(List.of("request service add admin.conf: service 'admin' exists already; replace it as a whole "
                + "with --replace (admin API: \"replace\": true), or pick another name"), again.problems());
        assertTrue(changes.defineService(snippet.replace("9000", "9001"), "admin.conf", true).applied());
        assertEquals(List.of("198.18.1.5:9001"), backends("admin"));
        assertTrue(changes.addTarget("admin", Map.of("ip", "198.18.1.6", "port", 9001)).applied(),
                "a target added to a service added at runtime edits its definition");
        assertEquals(List.of("service admin: added"), changes.overlay().changes());

        assertTrue(changes.removeService("admin").applied());
        assertFalse(dataPlane.recording().installed().contains("admin"));
        assertFalse(Files.exists(OverlayFile.beside(file)), "nothing left to keep: the overlay file is gone");
    }

    @Test
    void removingTheLastServiceByNameIsWhatTheOperatorAskedFor() throws Exception {
        assertTrue(changes.removeService("api").applied());
        assertTrue(changes.removeService("web").applied());
        assertTrue(changes.removeService("web6").applied());
        assertEquals(List.of(), engine.state().config().services());
        assertEquals(0, new ConfigLoader(List.of()).load(file).config().orElseThrow().services().size(),
                "a restart runs no service either");
    }

    @Test
    void clearDropsEveryChangeAndAppliesTheFileAlone() throws Exception {
        assertTrue(changes.setWeight("web", "198.18.1.1:8080", 7).applied());
        assertTrue(changes.removeService("api").applied());

        RuntimeChangeView view = changes.clear();

        assertTrue(view.applied(), view.problems().toString());
        assertEquals(List.of("api", "web"), view.changedServices());
        assertFalse(Files.exists(OverlayFile.beside(file)));
        assertEquals(3, engine.state().config().service("web").orElseThrow().targets().getFirst().weight());
    }

    // hostile: each refused change names its reason the way the file's problems are named, and changes nothing

    @Test
    void anUnknownServiceOrTargetIsRefused() throws Exception {
        assertRefused(changes.addTarget("nope", Map.of("ip", "198.18.1.9", "port", 80)),
                "request target add nope 198.18.1.9:80: no service 'nope' (neither in the configuration file nor "
                        + "added at runtime)");
        assertRefused(changes.removeTarget("web", "198.18.1.9:8080"),
                "request target remove web 198.18.1.9:8080: service 'web' has no target 198.18.1.9:8080 in its "
                        + "targets");
        assertRefused(changes.setWeight("web", "not-a-target", 2),
                "request target weight web not-a-target: service 'web' has no target not-a-target in its targets");
        assertRefused(changes.removeTarget("api", "198.18.1.3:8080"),
                "request target remove api 198.18.1.3:8080: target 198.18.1.3:8080 is the last target of service "
                        + "'api'; remove the service instead");
    }

    @Test
    void aDuplicateTargetIsRefusedNamingWhereTheFirstIs() throws Exception {
        assertRefused(changes.addTarget("web", Map.of("ip", "198.18.1.1", "port", 8080)),
                "request target add web 198.18.1.1:8080: target 198.18.1.1:8080 is listed twice in this group "
                        + "(first at " + file + ":" + line("198.18.1.1") + ")");
    }

    @Test
    void aBadWeightOrTargetIsRefusedAsTheFileWouldBe() throws Exception {
        assertRefused(changes.setWeight("web", "198.18.1.1:8080", 0),
                "request target weight web 198.18.1.1:8080: weight 0 must be at least 1");
        assertRefused(changes.setWeight("web", "198.18.1.1:8080", "heavy"),
                "request target weight web 198.18.1.1:8080: 'weight' must be an integer (found string \"heavy\")");
        assertRefused(changes.addTarget("web", Map.of("ip", "198.18.1.9", "port", 70000)),
                "request target add web 198.18.1.9:70000: port 70000 is outside 1..65535");
        assertRefused(changes.addTarget("web", Map.of("ip", "198.18.1.9", "port", 80, "helth-check", Map.of())),
                "request target add web 198.18.1.9:80: unknown key 'helth-check' (did you mean 'health-check'?)");
    }

    @Test
    void anIpv6TargetIsNamedCanonicallyAndRefusedInAnIpv4Service() throws Exception {
        RuntimeChangeView view = changes.addTarget("web6", Map.of("ip", "2001:db8:12:1:0:0:0:4", "port", 8080));

        assertTrue(view.applied(), view.problems().toString());
        assertEquals("target add web6 [2001:db8:12:1::4]:8080", view.change());
        assertEquals(List.of("[2001:db8:12:1::1]:8080", "[2001:db8:12:1::4]:8080"), backends("web6"));
        assertTrue(changes.removeTarget("web6", "[2001:DB8:12:1::4]:8080").applied(), "found however it is written");
        assertEquals(List.of("[2001:db8:12:1::1]:8080"), backends("web6"));
        assertRefused(changes.addTarget("web", Map.of("ip", "2001:db8:12:1::5", "port", 8080)),
                "request target add web [2001:db8:12:1::5]:8080: target [2001:db8:12:1::5]:8080 is IPv6 but service"
                        + " 'web' is IPv4 (it listens on any address and its first target is 198.18.1.1:8080, " + file
                        + ":" + line("198.18.1.1") + "); a service and its targets share one address family");
    }

    @Test
    void aBadSnippetIsRefusedWithItsLines() throws Exception {
        assertRefused(changes.defineService("name = \"x\"\nlisen { port = 82 }\ntargets = []\n", "x.conf", false),
                "request service add x.conf:1: missing required key 'listen'",
                "request service add x.conf:2: unknown key 'lisen' (did you mean 'listen'?)",
                "request service add x.conf:3: targets must list at least one target");
        assertRefused(changes.defineService("name = \"x\"\nlisten { port = 82 \n", "x.conf", false),
                "request service add x.conf:3: expecting a close parentheses ')' here, not: end of file");
        assertRefused(changes.defineService("listen { port = 82 }", "x.conf", false),
                "request service add x.conf: the service needs a name (name = \"...\")");
    }

    @Test
    void aChangeTheDataPlaneRefusesIsRolledBack() throws Exception {
        assertRefused(changes.defineService("name = \"refused\"\nlisten { interfaces = [\"lo\"], port = 83 }\n"
                + "targets = [ { ip = \"198.18.1.7\", port = 80 } ]\n", "refused.conf", false),
                file + ": the data plane refused service refused: the kernel refuses it");
    }

    @Test
    void anOverlayThatCannotBeWrittenUndoesTheChangeAndKeepsTheOldFile() throws Exception {
        assertTrue(changes.setWeight("web", "198.18.1.1:8080", 5).applied());
        byte[] kept = Files.readAllBytes(OverlayFile.beside(file));
        // the temporary file's name is taken by a directory: the write fails before anything is renamed
        Files.createDirectory(work.resolve(".lb.conf.runtime.conf.tmp"));

        RuntimeChangeView view = changes.setWeight("web", "198.18.1.1:8080", 8);

        assertFalse(view.applied());
        assertTrue(view.problems().getFirst().startsWith(file + ": cannot keep the change: "), view.problems()
                .toString());
        assertEquals(5, engine.state().config().service("web").orElseThrow().targets().getFirst().weight(),
                "the running configuration is the one before the change");
        assertTrue(slotsOf("web", 0) > 4 * slotsOf("web", 1), "the data plane has the 5:1 tables again");
        assertTrue(Arrays.equals(kept, Files.readAllBytes(OverlayFile.beside(file))),
                "the overlay file is the one before the change");
    }

    @Test
    void aMainFileThatChangedAnOverriddenWeightConflictsAtReloadWithBothLocations() throws Exception {
        assertTrue(changes.setWeight("web", "198.18.1.1:8080", 9).applied());
        Files.writeString(file, MAIN.replace("weight = 3", "weight = 4"));

        ReloadView reload = reloader.reload(new ReloadRequest("test", false));

        Path overlay = OverlayFile.beside(file);
        assertFalse(reload.reloaded());
        assertEquals(List.of(file + ":" + line("198.18.1.1") + ": weight 4 of target 198.18.1.1:8080 conflicts with "
                + "the runtime change at " + overlay + ":" + (lineIn(overlay, "target=") - 1) + ", which set weight 9 over "
                + "the weight 3 this file had then; change one of them, or drop every runtime change with lb runtime "
                + "clear"), reload.problems());
        assertEquals(9, engine.state().config().service("web").orElseThrow().targets().getFirst().weight());
    }

    @Test
    void aMainFileThatDroppedAnEditedServiceOrAddsAnAddedOneConflicts() throws Exception {
        assertTrue(changes.removeTarget("web", "198.18.1.2:8080").applied());
        assertTrue(changes.defineService("name = \"admin\"\nlisten { interfaces = [\"lo\"], port = 82 }\n"
                + "targets = [ { ip = \"198.18.1.5\", port = 9000 } ]\n", "admin.conf", false).applied());
        Files.writeString(file, MAIN.replace("name = \"web\"", "name = \"admin\"")
                .replace("port = 80 }", "port = 84 }"));

        ReloadView reload = reloader.reload(new ReloadRequest("test", false));

        Path overlay = OverlayFile.beside(file);
        assertFalse(reload.reloaded());
        assertEquals(List.of(
                overlay + ":" + lineIn(overlay, "name=admin") + ": duplicate service 'admin' (first defined at "
                        + file + ":" + line("name = \"admin\"") + ")",
                overlay + ":" + entryLine(overlay, "service=web") + ": runtime change of service 'web', which " + file
                        + " no longer defines; change one of them, or drop every runtime change with lb runtime "
                        + "clear"), reload.problems().stream().sorted().toList());
    }

    @Test
    void aHandEditedOverlayWithProblemsRefusesChangesButNotClear() throws Exception {
        Files.writeString(OverlayFile.beside(file), "changes = [ { service = web, wieghts = [] } ]\n");

        assertRefused(changes.setWeight("web", "198.18.1.1:8080", 2), OverlayFile.beside(file)
                + ":1: unknown key 'wieghts' (did you mean 'weights'?)");
        assertTrue(changes.clear().applied());
    }

    private void assertRefused(RuntimeChangeView view, String... problems) throws Exception {
        LbConfig before = engine.state().config();
        Optional<ServiceTables> web = dataPlane.recording().tables("web");
        assertFalse(view.applied(), view.toString());
        assertEquals(List.of(problems), view.problems());
        assertEquals(List.of(), view.changedServices());
        assertTrue(before == engine.state().config(), "the running configuration is the same object");
        assertEquals(web, dataPlane.recording().tables("web"));
        int reloadsBefore = reloads.size();
        awaitEvents(1);
        assertEquals(reloadsBefore, reloads.size(), "a refused change is no reload");
        assertFalse(events.getLast().applied());
        assertEquals(List.of(problems), events.getLast().problems());
    }

    private void awaitEvents(int n) throws InterruptedException {
        assertTrue(engine.events().awaitIdle(2_000));
        assertTrue(events.size() >= n, events.toString());
    }

    private List<String> backends(String service) {
        return dataPlane.recording().tables(service).orElseThrow().groups().getFirst().backends().stream()
                .map(Endpoint::toString).toList();
    }

    private int slotsOf(String service, int backend) {
        int n = 0;
        for (int slot : dataPlane.recording().tables(service).orElseThrow().groups().getFirst().slots()) {
            n += slot == backend ? 1 : 0;
        }
        return n;
    }

    private int line(String needle) throws Exception {
        return lineIn(file, needle);
    }

    private static int lineIn(Path path, String needle) throws Exception {
        List<String> lines = Files.readAllLines(path);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + path + ":\n" + String.join("\n", lines));
    }

    /** @return the line of the brace that opens the overlay entry holding the needle */
    private static int entryLine(Path overlay, String needle) throws Exception {
        List<String> lines = Files.readAllLines(overlay);
        for (int i = lineIn(overlay, needle) - 1; i >= 0; i--) {
            if (lines.get(i).equals("    {")) {
                return i + 1;
            }
        }
        throw new AssertionError("no entry holds " + needle);
    }
}
