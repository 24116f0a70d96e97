package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled distribution has the install layout of docs/OPERATING.md, and its parts work as shipped. */
class DistributionLayoutDistTest {
    private static final String PLUGIN_SERVICE = "org.ebpflb.api.spi.Plugin";

    @Test
    void tarballUnpacksToTheSameTreeWithAnExecutableLauncher(@TempDir Path unpacked) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", Distribution.tarball().toString(), "-C", unpacked.toString())
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        Path dir = Distribution.dir();
        Path root = unpacked.resolve(dir.getFileName());
        assertEquals(files(dir), files(root));
        for (String file : files(dir)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(file)), Files.readAllBytes(root.resolve(file)), file);
        }
        assertTrue(Files.getPosixFilePermissions(root.resolve("bin/lb")).containsAll(Set.of(
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE)));
    }

    @Test
    void hasEveryPartOfTheInstallLayout() {
        Path dir = Distribution.dir();
        for (String file : List.of("bin/lb", "bin/java-home.sh", "conf/lb.conf", "conf/logback.xml",
                "systemd/ebpf-lb.service", "docs/OPERATING.md")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertTrue(Files.isExecutable(dir.resolve("bin/lb")));
        for (String directory : List.of("lib", "lab", "plugins")) {
            assertTrue(Files.isDirectory(dir.resolve(directory)), directory);
        }
    }

    @Test
    void libResolvesAsTheLaunchersModulePathWithLogbackBound() {
        ModuleFinder lib = ModuleFinder.of(Distribution.dir().resolve("lib"));
        Configuration boot = ModuleLayer.boot().configuration().resolveAndBind(lib, ModuleFinder.of(),
                Set.of(System.getProperty("lb.main.module"), "org.objectweb.asm"));
        Set<String> resolved = boot.modules().stream().map(m -> m.name()).collect(Collectors.toSet());
        assertTrue(resolved.contains("org.ebpflb.api"), resolved::toString);
        assertTrue(boot.modules().stream().anyMatch(m -> providesService(m.reference(),
                "org.slf4j.spi.SLF4JServiceProvider")), "no slf4j provider bound: " + resolved);
    }

    @Test
    void labHoldsTheLabAloneWhichTheDemoFindsAsAToolOverLib() {
        Path lib = Distribution.dir().resolve("lib");
        Path lab = Distribution.dir().resolve("lab");
        assertEquals(Set.of("org.ebpflb.lab"), moduleNames(ModuleFinder.of(lab)));
        assertFalse(moduleNames(ModuleFinder.of(lib)).contains("org.ebpflb.lab"), "lib/ holds the lab");
        // bin/lb demo: lib/ and lab/ on the module path; the lab is resolved because it provides a ToolProvider
        Configuration demo = ModuleLayer.boot().configuration().resolveAndBind(ModuleFinder.of(lib, lab),
                ModuleFinder.of(), Set.of(System.getProperty("lb.main.module"), "org.objectweb.asm"));
        assertTrue(demo.findModule("org.ebpflb.lab").isPresent(), "the lab is not bound as a service provider");
        assertTrue(providesService(demo.findModule("org.ebpflb.lab").orElseThrow().reference(),
                "java.util.spi.ToolProvider"));
    }

    @Test
    void everyPluginOfTheBuildIsShippedWithoutBootLayerModules() throws IOException {
        Path plugins = Distribution.dir().resolve("plugins");
        Path built = Path.of(System.getProperty("lb.project.root"), "plugins");
        Set<String> bootModules = moduleNames(ModuleFinder.of(Distribution.dir().resolve("lib")));
        try (Stream<Path> modules = Files.list(built)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("target/plugin"))).toList()) {
                Path shipped = plugins.resolve(module.getFileName().toString());
                Set<String> expected = moduleNames(ModuleFinder.of(module.resolve("target/plugin")));
                expected.removeAll(bootModules);
                assertEquals(expected, moduleNames(ModuleFinder.of(shipped)), shipped.toString());
            }
        }
        try (Stream<Path> dirs = Files.list(plugins)) {
            for (Path dir : dirs.toList()) {
                Set<ModuleReference> modules = ModuleFinder.of(dir).findAll();
                assertTrue(modules.stream().anyMatch(m -> providesService(m, PLUGIN_SERVICE)),
                        dir + " has no module providing " + PLUGIN_SERVICE);
                Set<String> clash = moduleNames(ModuleFinder.of(dir));
                clash.retainAll(bootModules);
                assertTrue(clash.isEmpty(), dir + " repeats boot-layer modules " + clash);
            }
        }
    }

    @Test
    void logbackConfigurationLoadsWithoutWarnings() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Distribution.dir().resolve("conf/logback.xml").toFile());
        List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() >= Status.WARN).toList();
        assertTrue(problems.isEmpty(), problems::toString);
        assertEquals("INFO", context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel().toString());
        context.stop();
    }

    @Test
    void exampleConfigurationIsWellFormedHocon() {
        var config = ConfigFactory.parseFile(Distribution.dir().resolve("conf/lb.conf").toFile(),
                ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        assertFalse(config.getObjectList("lb.services").isEmpty());
    }

    @Test
    void systemdUnitVerifiesAgainstTheInstalledLauncher(@TempDir Path units) throws Exception {
        Path dir = Distribution.dir();
        String unit = Files.readString(dir.resolve("systemd/ebpf-lb.service"));
        assertTrue(unit.contains("ExecStart=/opt/ebpf-lb/bin/lb run"), unit);
        Path relocated = Files.writeString(units.resolve("ebpf-lb.service"),
                unit.replace("/opt/ebpf-lb/", dir.toAbsolutePath() + "/"));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", relocated.toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertEquals(0, verify.waitFor(), output);
        assertFalse(output.contains("ebpf-lb.service"), output);
    }

    private static boolean providesService(ModuleReference module, String service) {
        return module.descriptor().provides().stream().map(ModuleDescriptor.Provides::service)
                .anyMatch(service::equals);
    }

    private static Set<String> moduleNames(ModuleFinder finder) {
        return finder.findAll().stream().map(m -> m.descriptor().name()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
