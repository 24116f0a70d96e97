package org.ebpflb.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.runtime.config.ConfigLoader;
import org.ebpflb.runtime.plugin.PluginCatalog;
import org.ebpflb.runtime.testing.RefusingDataPlane;
import org.ebpflb.runtime.view.ExplainView;
import org.ebpflb.runtime.view.ReloadView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload the data plane refuses in part is rolled back as a whole, and what the engine shows stays what the data
 * plane holds. The data plane here refuses any service on interface {@value #MISSING}, the way the kernel data plane
 * refuses an interface that does not exist (which the namespace end-to-end test shows with the real one).
 */
class ReloaderTest {
    private static final String MISSING = "missing0";
    private static final EngineTimings FAST = new EngineTimings(Duration.ofMillis(500), Duration.ofMillis(10),
            Duration.ofSeconds(30));

    @TempDir
    Path work;
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aServiceTheDataPlaneRefusesRollsTheWholeReloadBack() throws Exception {
        Path file = write("lo", 3, 1);
        RefusingDataPlane dataPlane = refusing();
        Reloader reloader = start(file, dataPlane);
        ServiceTables before = dataPlane.recording().tables("web").orElseThrow();

        Files.writeString(file, config("lo", 5, 5).replace("interfaces = [\"lo\"], port = 81",
                "interfaces = [\"" + MISSING + "\"], port = 81"));
        ReloadView view = reloader.reload(new ReloadRequest("test", false));

        assertFalse(view.reloaded());
        assertEquals(List.of(file + ": the data plane refused service api: interface " + MISSING
                + " does not exist"), view.problems());
        assertEquals(before, dataPlane.recording().tables("web").orElseThrow(), "web's new weights were rolled back");
        assertEquals(List.of("lo"), engine.state().config().service("api").orElseThrow().listen().interfaces());
        ExplainView api = new EngineViews(engine).explain("api").orElseThrow();
        assertNull(api.pending(), "explain shows what is installed: " + api.pending());
        assertEquals(3.0, new EngineViews(engine).explain("web").orElseThrow().groups().get(0).targets().get(0)
                .base());
    }

    @Test
    void aReloadAnswersAfterTheDataPlaneHasIt() throws Exception {
        Path file = write("lo", 3, 1);
        RefusingDataPlane dataPlane = refusing();
        Reloader reloader = start(file, dataPlane);

        Files.writeString(file, config("lo", 7, 1));
        ReloadView view = reloader.reload(new ReloadRequest("test", false));

        assertTrue(view.reloaded(), view.problems().toString());
        assertEquals(List.of("web"), view.changedServices());
        ServiceTables web = dataPlane.recording().tables("web").orElseThrow();
        assertTrue(countSlots(web, 0) > 6 * countSlots(web, 1), "weights 7:1 are installed when the reload answers");
    }

    @Test
    void aServicePendingAtStartIsShownAsPending() throws Exception {
        Path file = write(MISSING, 3, 1);
        RefusingDataPlane dataPlane = refusing();
        start(file, dataPlane);

        assertEquals(Set.of("api"), dataPlane.recording().installed());
        ExplainView web = new EngineViews(engine).explain("web").orElseThrow();
        assertEquals("interface " + MISSING + " does not exist", web.pending());
        assertEquals("interface " + MISSING + " does not exist", new EngineViews(engine).services().get(0).pending());
    }

    private static int countSlots(ServiceTables tables, int backend) {
        int n = 0;
        for (int slot : tables.groups().get(0).slots()) {
            if (slot == backend) {
                n++;
            }
        }
        return n;
    }

    /** Refuses services on {@value #MISSING}, the way the kernel data plane refuses a missing interface. */
    private static RefusingDataPlane refusing() {
        return new RefusingDataPlane(t -> t.listen().interfaces().contains(MISSING)
                ? Optional.of("interface " + MISSING + " does not exist") : Optional.empty());
    }

    private Reloader start(Path file, DataPlane dataPlane) throws Exception {
        engine = new Engine(new ConfigLoader(List.of()).load(file).config().orElseThrow(),
                new PluginCatalog(List.of(), List.of()), dataPlane, Clock.systemUTC(), FAST);
        engine.start(false);
        return new Reloader(file, new PluginCatalog(List.of(), List.of()), List.of(), engine);
    }

    private Path write(String webInterface, int w1, int w2) throws Exception {
        return Files.writeString(work.resolve("lb.conf"), config(webInterface, w1, w2));
    }

    private static String config(String webInterface, int w1, int w2) {
        return """
                lb {
                  dataplane { kind = recording }
                  services = [
                    { name = "web", listen { interfaces = ["%s"], port = 80 },
                      targets = [ { ip = "198.18.1.1", port = 8080, weight = %d },
                                  { ip = "198.18.1.2", port = 8080, weight = %d } ] }
                    { name = "api", listen { interfaces = ["lo"], port = 81 },
                      targets = [ { ip = "198.18.1.3", port = 8080 } ] }
                  ]
                }
                """.formatted(webInterface, w1, w2);
    }
}
