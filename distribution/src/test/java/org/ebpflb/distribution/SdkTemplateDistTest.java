package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ebpflb.api.ApiVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin author's path through the SDK of the tarball: copy {@code sdk/template}, build it with {@code mvn package}
 * against {@code sdk/repository} alone (a fresh local repository; the user's one only as a read-only source of Maven's
 * own plugins), which runs its unit test on {@code TestPluginContext}; drop the JAR into an installation, and see it
 * in {@code lb plugins} with its declared modifier and API version, and in an offline {@code lb explain}, where its
 * log line comes out in the runtime's log format.
 */
class SdkTemplateDistTest {
    private static final String ID = "my-plugin";

    @TempDir
    static Path work;
    private static Path home;
    private static Path conf;
    private static String buildOutput;

    @BeforeAll
    static void buildTheTemplateAndInstallIt() throws Exception {
        Path sdk = Distribution.dir().resolve("sdk");
        Path project = copy(sdk.resolve("template"), work.resolve("my-plugin"));
        buildOutput = maven(project, sdk.resolve("repository"), work.resolve("m2"));
        Path jar = project.resolve("target/my-plugin-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + "\n" + buildOutput);

        home = Distribution.copyTo(Files.createDirectories(work.resolve("home")));
        Path pluginDir = Files.createDirectories(home.resolve("plugins").resolve(ID));
        Files.copy(jar, pluginDir.resolve(jar.getFileName()));
        conf = Files.writeString(home.resolve("conf/my-plugin.conf"), """
                lb {
                  instance = "dist-sdk-test"
                  admin.listen = "127.0.0.1:%d"
                  plugins.my-plugin.factor = 0.5
                  services = [
                    {
                      name = "web"
                      listen { interfaces = ["lo"], port = 80, protocol = tcp }
                      targets = [ { ip = "198.18.60.2", port = 8080, weight = 10 } ]
                    }
                  ]
                }
                """.formatted(unusedPort()));
    }

    @Test
    void theSdkShipsApiAndTestkitWithSourcesAndJavadoc() throws IOException {
        Path repo = Distribution.dir().resolve("sdk/repository/org/ebpflb");
        String version = System.getProperty("lb.version");
        for (String artifact : List.of("lb-api", "lb-testkit")) {
            for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom")) {
                Path file = repo.resolve(artifact + "/" + version + "/" + artifact + "-" + version + suffix);
                assertTrue(Files.isRegularFile(file), "missing " + file);
            }
        }
        assertTrue(Files.isRegularFile(repo.resolve("lb-bom/" + version + "/lb-bom-" + version + ".pom")));
    }

    @Test
    void theTemplatesUnitTestRanInItsBuild() throws IOException {
        Path report = work.resolve("my-plugin/target/surefire-reports/TEST-com.example.myplugin.MyPluginTest.xml");
        String xml = Files.readString(report);
        assertTrue(xml.contains("tests=\"2\"") && xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""), xml);
    }

    @Test
    void pluginsListsItWithItsDeclaredModifierAndApiVersion() throws Exception {
        Distribution.Result result = Distribution.lb(home, Map.of(), "plugins", "-c", conf.toString())
                .assertSuccess();
        String row = result.stdout().lines().filter(l -> l.startsWith(ID + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(result.describe()));
        List<String> columns = List.of(row.trim().split("\\s{2,}"));
        assertEquals(List.of(ID, "1.0.0", ApiVersion.current(), "LOADED"), columns.subList(0, 4), row);
        assertTrue(row.contains("modifiers: my-plugin (order 500, load)"), row);
    }

    @Test
    void offlineExplainShowsItsFactor() throws Exception {
        Distribution.Result result = Distribution.lb(home, Map.of(), "explain", "web", "-c", conf.toString())
                .assertSuccess();
        assertTrue(result.stdout().contains("my-plugin factor 0.5"), result::describe);
        // the plugin's slf4j line went through the runtime's logback, in conf/logback.xml's format
        assertTrue(result.stderr().lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d [\\d:,]+ INFO +\\[[^\\]]+\\] "
                + "com\\.example\\.myplugin\\.MyPlugin - my-plugin started")), result::describe);
    }

    private static String maven(Path project, Path sdkRepository, Path localRepository) throws Exception {
        Path root = Path.of(System.getProperty("lb.project.root"));
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-o", "-q",
                "-Dmaven.repo.local=" + localRepository,
                "-Dmaven.repo.local.tail=" + sdkRepository + "," + System.getProperty("lb.maven.repo"),
                "-f", project.resolve("pom.xml").toString(), "package"));
        Path log = work.resolve("maven.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("mvn package of the template did not finish in 5 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + "\n" + output);
        return output;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
