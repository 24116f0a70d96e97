package org.ebpflb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.demo.DemoConfig;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;
import org.ebpflb.lab.sandbox.NsProcess;
import org.ebpflb.lab.sandbox.SandboxSpec;
import org.ebpflb.runtime.view.Json;
import org.ebpflb.testing.PrivilegedTier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sni plugin through the real {@code bin/lb run} in namespaces (prefix {@code lbsni-e2e-}, AddressPlan block 56):
 * a TLS service on the VIP's port 443 served in user space next to the kernel's {@code web} on port 80 of the same
 * VIP, with real TLS backends (nginx, certificates for the names made here by openssl) and a TCP peer around a real
 * ClientHello (Python's ssl module) for the byte-exact and half-close checks.
 */
@PrivilegedTier("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SniNetnsTest {
    private static final String PREFIX = "lbsni-e2e-";
    private static final int BLOCK = 56;
    private static final String SERVICE = "tls";
    private static final int API_PORT = 8443;
    private static final int WILD_PORT = 8444;
    private static final int PROXY_PORT = 9443;
    private static final int SINK_PORT = 9000;
    private static final int BIG = 50 * 1024 * 1024;
    /** health-tcp's bound here: one failed probe (interval 500 ms, timeout 300 ms) and a reconcile round. */
    private static final Duration HEALTH_BOUND = Duration.ofSeconds(3);

    @AutoClose
    private DataPlaneLab lab;
    private Path work;
    private String vip;
    private NsProcess nginx1;

    @BeforeAll
    void start() throws IOException {
        lab = DataPlaneLab.create(SniNetnsTest.class.getSimpleName(), new SandboxSpec(PREFIX, BLOCK, 2, 0, false),
                OptionalInt.empty());
        work = lab.sandbox().workDir();
        vip = lab.addresses().vip().getHostAddress();
        // the sandbox puts the VIP on the LB's lo, as OPERATING.md asks: port 443 reaches the plugin's socket
        for (String name : List.of("api", "wild", "proxy")) {
            String cn = name.equals("wild") ? "*.example.com" : name + ".example.com";
            lab.sandbox().lb().exec("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", work.resolve(name + ".key").toString(), "-out",
                    work.resolve(name + ".pem").toString(), "-days", "1", "-subj", "/CN=" + cn, "-addext",
                    "subjectAltName=DNS:" + cn).run().orThrow();
        }
        byte[] big = new byte[BIG];
        new Random(56).nextBytes(big);
        Files.write(work.resolve("big.bin"), big);
        try (InputStream peer = SniNetnsTest.class.getResourceAsStream("/e2e/sni_peer.py")) {
            Files.write(work.resolve("sni_peer.py"), peer.readAllBytes());
        }
        nginx1 = nginx(1, """
                server { listen %1$s:%2$d ssl; ssl_certificate %4$s/api.pem; ssl_certificate_key %4$s/api.key;
                         location / { return 200 "backend-1 api\\n"; } }
                server { listen %1$s:%3$d ssl; ssl_certificate %4$s/wild.pem; ssl_certificate_key %4$s/wild.key;
                         root %4$s; location / { return 200 "backend-1\\n"; } location = /big.bin { } }
                server { listen %1$s:%5$d ssl proxy_protocol; ssl_certificate %4$s/proxy.pem;
                         ssl_certificate_key %4$s/proxy.key; access_log %4$s/proxy.log client;
                         location / { return 200 "proxied\\n"; } }
                """.formatted(backend(1), API_PORT, WILD_PORT, work, PROXY_PORT));
        nginx(2, """
                server { listen %1$s:%2$d ssl; ssl_certificate %3$s/wild.pem; ssl_certificate_key %3$s/wild.key;
                         root %3$s; location / { return 200 "backend-2\\n"; } location = /big.bin { } }
                """.formatted(backend(2), WILD_PORT, work));
        NsProcess sink = lab.sandbox().start(lab.sandbox().backend(2), "sink", List.of("python3",
                work.resolve("sni_peer.py").toString(), "sink", Integer.toString(SINK_PORT)));
        lab.sandbox().backend(2).awaitTcp(lab.addresses().backendAddress(2), SINK_PORT, Duration.ofSeconds(15),
                Optional.of(sink));
        lab.start(config("targets"));
        lab.sandbox().client().awaitTcp(lab.addresses().vip(), 443, Duration.ofSeconds(15), Optional.empty());
    }

    @Test
    @Order(1)
    void eachNameReachesTheBackendWithItsCertificate() {
        Tls api = curl("api.example.com", "/");
        assertEquals("backend-1 api", api.body(), api::toString);
        assertTrue(api.subject().contains("CN=api.example.com"), api::toString);
        Tls wild = curl("Www.Example.com", "/");
        assertTrue(wild.body().startsWith("backend-"), wild::toString);
        assertTrue(wild.subject().contains("CN=*.example.com"), wild::toString);
        Tls unknown = curl("other.test", "/");
        assertEquals("backend-2", unknown.body(), "an unknown name goes to the service's own targets: " + unknown);
        JsonNode status = sni();
        assertTrue(status.path("unknownName").asLong() >= 1, status::toString);
        assertTrue(status.path("routes").path("api.example.com").path("connections").asLong() >= 1,
                status::toString);
        CommandResult explain = lab.lb().cli("explain", SERVICE);
        assertTrue(explain.ok() && explain.stdout().contains("group sni:api.example.com")
                && explain.stdout().contains("group sni:*.example.com"), explain::toString);
        lab.say("api, www and an unknown name reached their backends; lb explain shows the SNI groups");
    }

    @Test
    @Order(2)
    void aClientHelloInTwoSegmentsRoutesAndAHalfClosedUploadIsByteExact() {
        CommandResult split = peer("send", vip, "443", "sink.example.com", work.resolve("proxy.pem").toString(),
                "400");
        assertEquals(0, split.exitCode(), split::toString);
        CommandResult upload = peer("send", vip, "443", "sink.example.com", work.resolve("big.bin").toString(), "0");
        assertEquals(0, upload.exitCode(), upload::toString);
        lab.say("a ClientHello sent in two segments 400 ms apart routed; a 50 MB upload, half-closed, came back "
                + "with its sha256: " + upload.stdout().strip());
    }

    @Test
    @Order(3)
    void aFiftyMegabyteDownloadIsByteExact() throws IOException {
        Path out = work.resolve("download.bin");
        CommandResult r = lab.sandbox().client().exec("curl", "-sk", "--max-time", "60", "--resolve",
                "big.example.com:443:" + vip, "-o", out.toString(), "https://big.example.com/big.bin").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(sha256(Files.readAllBytes(work.resolve("big.bin"))), sha256(Files.readAllBytes(out)));
        Files.delete(out);
    }

    @Test
    @Order(4)
    void garbageIsClosedAndCounted() {
        long before = sni().path("parseErrors").asLong();
        CommandResult r = peer("garbage", vip, "443");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(before + 1, sni().path("parseErrors").asLong());
        CommandResult status = lab.lb().cli("status");
        assertTrue(status.ok() && status.stdout().contains("sni:") && status.stdout().contains("parseErrors:"),
                () -> "lb status shows no sni section:\n" + status);
    }

    @Test
    @Order(5)
    void proxyProtocolGivesNginxTheRealClientAddress() throws IOException {
        Tls proxied = curl("proxy.example.com", "/");
        assertEquals("proxied", proxied.body(), proxied::toString);
        String log = Files.readString(work.resolve("proxy.log"));
        String client = lab.addresses().clientAddress(0).getHostAddress();
        assertTrue(log.lines().anyMatch(l -> l.startsWith(client + " ")), "nginx logged: " + log);
        lab.say("nginx read the PROXY v2 header: " + log.strip());
    }

    @Test
    @Order(6)
    void anUnknownNameIsClosedWhenTheServiceRejectsIt() throws IOException {
        Files.writeString(lab.configFile(), config("reject"));
        lab.lb().cli("reload", "-c", lab.configFile().toString()).orThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sni().path("unknownNames").asText().equals("reject") && System.nanoTime() < deadline) {
            Netns.pause(Duration.ofMillis(100));
        }
        long before = sni().path("rejected").asLong();
        CommandResult r = curlRaw("other.test", "/");
        assertTrue(r.exitCode() != 0, "a rejected name gets no answer: " + r);
        assertEquals(before + 1, sni().path("rejected").asLong());
        assertEquals("backend-1 api", curl("api.example.com", "/").body(), "routed names still work");
    }

    @Test
    @Order(7)
    void aKilledBackendIsAvoidedAfterTheHealthBound() {
        String killed = backend(1) + ":" + WILD_PORT;
        nginx1.stop(Duration.ofSeconds(5));
        long start = System.nanoTime();
        while (effective("sni:*.example.com", killed) != 0 && System.nanoTime() - start < 10_000_000_000L) {
            Netns.pause(Duration.ofMillis(50));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, effective("sni:*.example.com", killed), "health-tcp did not take " + killed + " out");
        assertTrue(seconds <= HEALTH_BOUND.toSeconds(), "took " + seconds + " s");
        for (int i = 0; i < 10; i++) {
            Tls r = curl("n" + i + ".example.com", "/");
            assertEquals("backend-2", r.body(), r::toString);
        }
        lab.say(String.format(Locale.ROOT, "backend-1 killed: out of sni:*.example.com after %.1f s; 10 of 10 new connections "
                + "went to backend-2", seconds));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** What curl saw: the body and the server certificate's subject. */
    private record Tls(String body, String subject, String stderr) {
    }

    private Tls curl(String name, String path) {
        CommandResult r = curlRaw(name, path);
        assertEquals(0, r.exitCode(), r::toString);
        String subject = r.stderr().lines().filter(l -> l.contains("subject:")).findFirst().orElse("");
        return new Tls(r.stdout().strip(), subject, r.stderr());
    }

    private CommandResult curlRaw(String name, String path) {
        return lab.sandbox().client().exec("curl", "-sk", "-v", "--max-time", "10", "--resolve",
                name.toLowerCase(Locale.ROOT) + ":443:" + vip, "https://" + name + path).run();
    }

    private CommandResult peer(String... args) {
        List<String> argv = new ArrayList<>(List.of("python3", work.resolve("sni_peer.py").toString()));
        argv.addAll(List.of(args));
        return lab.sandbox().client().exec(argv).within(Duration.ofSeconds(60)).run();
    }

    /** @return the target's effective weight in that group of the service's explain trace */
    private double effective(String group, String target) {
        try {
            JsonNode explain = Json.mapper().readTree(lab.admin("/api/v1/services/" + SERVICE + "/explain"));
            for (JsonNode g : explain.path("groups")) {
                for (JsonNode row : g.path("targets")) {
                    if (g.path("group").asText().equals(group) && row.path("target").asText().equals(target)) {
                        return row.path("effective").asDouble();
                    }
                }
            }
            throw new AssertionError("no " + target + " in group " + group + ": " + explain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode sni() {
        try {
            return Json.mapper().readTree(lab.admin("/api/v1/sni")).path(SERVICE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String backend(int b) {
        return lab.addresses().backendAddress(b).getHostAddress();
    }

    private NsProcess nginx(int b, String servers) throws IOException {
        Path conf = work.resolve("nginx-" + b + ".conf");
        Path temp = Files.createDirectories(work.resolve("nginx-" + b));
        Files.writeString(conf, """
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s;
                  uwsgi_temp_path %1$s; scgi_temp_path %1$s;
                  log_format client '$proxy_protocol_addr $remote_addr';
                  %2$s
                }
                """.formatted(temp, servers));
        NsProcess p = lab.sandbox().start(lab.sandbox().backend(b), "nginx-" + b, List.of("nginx", "-c",
                conf.toString(), "-g", "daemon off;"));
        lab.sandbox().backend(b).awaitTcp(lab.addresses().backendAddress(b), WILD_PORT, Duration.ofSeconds(15),
                Optional.of(p));
        return p;
    }

    private String config(String sniDefault) {
        String interfaces = lab.listenInterfaces();
        String web = lab.allTargets(8080);
        return """
                # Written by SniNetnsTest (ebpf-lb end-to-end test)
                lb {
                  instance = "%1$s"
                  admin { listen = "%2$s" }
                  dataplane { pin-root = "%3$s" }
                  services = [
                    { name = "%4$s", listen { interfaces = [ %5$s ], address = "%6$s", port = 80 }
                      targets = [ %7$s ] }
                    { name = "%8$s", listen { interfaces = [ %5$s ], address = "%6$s", port = 443 }
                      health-check { type = tcp, interval = 500ms, timeout = 300ms, unhealthy-threshold = 1,
                                     healthy-threshold = 1, jitter = 0 }
                      targets = [ { ip = "%9$s", port = %11$d } ]
                      sni-default = %12$s
                      sni-routes = [
                        { hostname = "api.example.com", targets = [ { ip = "%10$s", port = %13$d } ] }
                        { hostname = "*.EXAMPLE.com", targets = [ { ip = "%10$s", port = %11$d },
                                                                 { ip = "%9$s", port = %11$d } ] }
                        { hostname = "proxy.example.com", proxy-protocol = v2,
                          targets = [ { ip = "%10$s", port = %14$d } ] }
                        { hostname = "sink.example.com", targets = [ { ip = "%9$s", port = %15$d } ] }
                      ]
                    }
                  ]
                }
                """.formatted(DataPlaneLab.INSTANCE, DemoConfig.ADMIN_LISTEN, lab.bpffsDir(), DataPlaneLab.WEB,
                interfaces, vip, web, SERVICE, backend(2), backend(1), WILD_PORT, sniDefault, API_PORT, PROXY_PORT,
                SINK_PORT);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
