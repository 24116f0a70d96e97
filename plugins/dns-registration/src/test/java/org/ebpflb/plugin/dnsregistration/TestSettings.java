package org.ebpflb.plugin.dnsregistration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Settings as an operator writes them, over the plugin's reference.conf. */
final class TestSettings {
    static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";

    private TestSettings() {
    }

    /**
     * @param dir where the secret file goes
     * @param extra more settings, HOCON
     * @return {@code lb.plugins.dns-registration} from {@code dir/lb.conf} over the reference.conf, with fqdn, zone,
     *     server and tsig set (lines 1-5)
     */
    static Config config(Path dir, String extra) throws IOException {
        Path secret = Files.writeString(dir.resolve("tsig.secret"), SECRET + "\n");
        String text = """
                fqdn = "web.lb.test"
                zone = "lb.test"
                server = "127.0.0.1:5300"
                tsig { name = lb-update, secret-file = "%s" }
                check-interval = 5s
                %s
                """.formatted(secret, extra);
        Path file = Files.writeString(dir.resolve("lb.conf"), text);
        return ConfigFactory.parseFile(file.toFile()).withFallback(ConfigFactory.parseResources(TestSettings.class.getClassLoader(), "reference.conf")
                        .getConfig("lb.plugins." + DnsRegistrationPlugin.ID));
    }

    /**
     * @param dir where the secret file goes
     * @param extra more settings, HOCON
     * @return the parsed settings; fails the test when they are invalid
     */
    static RegistrationSettings settings(Path dir, String extra) throws IOException {
        RegistrationSettings.Result r = RegistrationSettings.read(config(dir, extra));
        return r.settings().orElseThrow(() -> new AssertionError(r.reader().problems()));
    }
}
