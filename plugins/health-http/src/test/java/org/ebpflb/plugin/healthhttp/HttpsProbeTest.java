package org.ebpflb.plugin.healthhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.plugin.healthcommon.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https probe against real HTTPS servers on 127.0.0.1 and ::1 whose self-signed certificate (names
 * api.example.test, 127.0.0.1 and ::1) keytool generates for this run; no key is ever committed.
 */
class HttpsProbeTest {
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static HttpsServer six;
    private static final java.util.concurrent.atomic.AtomicReference<String> seenHost =
            new java.util.concurrent.atomic.AtomicReference<>();
    private static Path certificate;

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = dir.resolve("backend.p12");
        certificate = dir.resolve("backend.pem");
        keytool("-genkeypair", "-alias", "backend", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=api.example.test", "-ext", "SAN=dns:api.example.test,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1",
                "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "backend", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-file", certificate.toString());

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = start(InetAddress.getLoopbackAddress(), tls);
        six = start(IpAddresses.parseLiteral("::1"), tls);
    }

    private static HttpsServer start(InetAddress address, SSLContext tls) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(address, 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", exchange -> {
            seenHost.set(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        https.start();
        return https;
    }

    @AfterAll
    static void stopServer() {
        for (HttpsServer https : new HttpsServer[] {server, six}) {
            if (https != null) {
                https.stop(0);
            }
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    private static Endpoint target() {
        return new Endpoint(server.getAddress().getAddress(), server.getAddress().getPort());
    }

    private static ProbeResult probe(String hocon) throws InterruptedException {
        return Probes.https(hocon).probe(target(), Probes.timeout(TIMEOUT));
    }

    @Test
    void passesWithoutVerification() throws Exception {
        ProbeResult result = probe("tls-verify = false");
        assertTrue(result.success(), result.reason());
        assertEquals("HTTP 200", result.reason());
    }

    @Test
    void failsAgainstTheSystemTrustStore() throws Exception {
        ProbeResult result = probe("");
        assertFalse(result.success());
        assertEquals("TLS: certificate not trusted", result.reason());
    }

    @Test
    void passesWithTheCertificateAsCaFile() throws Exception {
        ProbeResult result = probe("ca-file = \"" + certificate + "\"");
        assertTrue(result.success(), result.reason());
        assertEquals("HTTP 200", result.reason());
    }

    @Test
    void verifiesTheHostSettingAgainstTheCertificate() throws Exception {
        assertTrue(probe("ca-file = \"" + certificate + "\", host = \"api.example.test\"").success());
        ProbeResult wrongName = probe("ca-file = \"" + certificate + "\", host = \"other.example.test\"");
        assertEquals("TLS: certificate does not match other.example.test", wrongName.reason());
        assertTrue(probe("tls-verify = false, host = \"other.example.test\"").success(),
                "without verification the name is not checked either");
    }

    @Test
    void anIpv6TargetIsVerifiedAgainstItsAddressAndNamedInBracketsInTheHostHeader() throws Exception {
        Endpoint target = new Endpoint(six.getAddress().getAddress(), six.getAddress().getPort());
        ProbeResult up = Probes.https("ca-file = \"" + certificate + "\"").probe(target, Probes.timeout(TIMEOUT));
        assertTrue(up.success(), up.reason());
        assertEquals("[::1]:" + target.port(), seenHost.get());
        six.stop(0);
        ProbeResult down = Probes.https("ca-file = \"" + certificate + "\"").probe(target, Probes.timeout(TIMEOUT));
        assertEquals(ProbeResult.failure(down.latency(), "connect refused"), down);
    }

    @Test
    void relativeCaFileResolvesAgainstTheConfigFile() throws Exception {
        Path conf = dir.resolve("lb.conf");
        Files.writeString(conf, "health-check { ca-file = backend.pem }\n");
        var block = com.typesafe.config.ConfigFactory.parseFile(conf.toFile()).getConfig("health-check")
                .withFallback(Probes.block(""));
        ProbeResult result = new HttpProbeType(true).bind(block).probe(target(), Probes.timeout(TIMEOUT));
        assertTrue(result.success(), result.reason());
    }
}
