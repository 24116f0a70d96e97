package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ebpflb.runtime.overlay.Overlay;
import org.ebpflb.runtime.overlay.OverlayFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay file: written whole through a temporary file, read back strictly into the same overlay. */
class OverlayFileTest {
    @TempDir
    Path work;

    @Test
    void everyKindOfChangeIsReadBackAsWrittenAndNoTemporaryFileStays() throws Exception {
        Map<String, ConfigObject> main = Map.of(
                "web", ConfigFactory.parseString("name = web, targets = [ { ip = \"198.18.1.1\", port = 80, weight = 3 },"
                        + " { ip = \"198.18.1.2\", port = 80 } ]").root(),
                "old", ConfigFactory.parseString("name = old, targets = [ { ip = \"198.18.1.3\", port = 80 } ]").root());
        var origin = ConfigOriginFactory.newSimple("request");
        Overlay overlay = Overlay.EMPTY
                .addTarget(main, "web", ConfigValueFactory.fromMap(Map.of("ip", "198.18.1.4", "port", 80)), origin)
                .removeTarget(main, "web", "198.18.1.2:80")
                .setWeight(main, "web", "198.18.1.1:80", ConfigValueFactory.fromAnyRef(7), origin)
                .removeService(main, "old", origin)
                .defineService(main, ConfigFactory.parseString("name = api, sni-routes = [ { hostname = a.example } ]")
                        .root(), false, origin);
        Path config = work.resolve("lb.conf");

        OverlayFile.write(config, overlay);
        OverlayReader.OverlayResult read = OverlayReader.read(config);

        assertEquals(List.of(), read.problems());
        assertEquals(overlay.changes().size(), read.overlay().changes().size());
        assertEquals(OverlayFile.render(overlay), OverlayFile.render(read.overlay()));
        assertTrue(Files.readString(OverlayFile.beside(config)).startsWith("# ebpf-lb runtime changes, merged over "
                + "lb.conf"));
        try (var files = Files.list(work)) {
            assertEquals(List.of("lb.conf.runtime.conf"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anEmptyOverlayRemovesTheFile() throws Exception {
        Path config = work.resolve("lb.conf");
        Files.writeString(OverlayFile.beside(config), "changes = []\n");

        OverlayFile.write(config, Overlay.EMPTY);

        assertFalse(Files.exists(OverlayFile.beside(config)));
        assertEquals(Overlay.EMPTY, OverlayReader.read(config).overlay());
    }

    @Test
    void aBrokenOverlayIsReportedAtItsOwnLines() throws Exception {
        Path config = work.resolve("lb.conf");
        Files.writeString(OverlayFile.beside(config), """
                changes = [
                  { service = web, weights = [ { target = "198.18.1.1:80", weight = 2 } ] }
                  { service = web, remove = true }
                ]
                extra = 1
                """);

        List<String> problems = OverlayReader.read(config).problems().stream().map(Object::toString).toList();

        Path file = OverlayFile.beside(config);
        assertEquals(List.of(file + ":2: missing required key 'was'", file + ":3: service 'web' is changed twice",
                file + ":5: unknown key 'extra'"), problems);
    }
}
