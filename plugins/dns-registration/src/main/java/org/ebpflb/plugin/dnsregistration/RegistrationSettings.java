package org.ebpflb.plugin.dnsregistration;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.settings.Settings;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * The plugin-wide settings, {@code lb.plugins.dns-registration}; every default is documented in the plugin's
 * reference.conf.
 *
 * @param fqdn the shared name
 * @param zone the zone holding it
 * @param server the zone's primary server
 * @param tsig the key updates are signed with
 * @param address this node's address, when configured (otherwise the service address)
 * @param tcpPort the port peers probe
 * @param tls whether a probe also does a TLS handshake
 * @param probeListener whether this plugin accepts the probes itself
 * @param checkInterval the mean time between rounds
 * @param minimumFailures consecutive failures after which a peer in the region is removed
 * @param maximumFailures consecutive failures after which any peer is removed (when more than the minimum)
 * @param regionCidrs this node's region; empty: everything
 * @param ttl TTL of the records written
 * @param replaceCommand the rolling replace's command, when configured
 * @param replaceTimeout how long one replace command may run
 */
record RegistrationSettings(Name fqdn, Name zone, InetSocketAddress server, TsigKey tsig, Optional<InetAddress> address,
                            int tcpPort, boolean tls, boolean probeListener, Duration checkInterval,
                            int minimumFailures, int maximumFailures, List<Cidr> regionCidrs, Duration ttl,
                            Optional<List<String>> replaceCommand, Duration replaceTimeout) {
    /** The shortest check interval: probes time out after a quarter of it. */
    static final Duration MIN_CHECK_INTERVAL = Duration.ofSeconds(5);
    static final String PATH = "lb.plugins." + DnsRegistrationPlugin.ID;
    private static final List<String> ALGORITHMS =
            List.of("hmac-sha256", "hmac-sha512", "hmac-sha384", "hmac-sha224", "hmac-sha1", "hmac-md5");
    private static final List<String> REQUIRED = List.of("fqdn", "zone", "server");

    /** Copies the lists. */
    RegistrationSettings {
        regionCidrs = List.copyOf(regionCidrs);
        replaceCommand = replaceCommand.map(List::copyOf);
    }

    /**
     * The TSIG key.
     *
     * @param name its name as written
     * @param algorithm e.g. hmac-sha256
     * @param secret the base64 secret read from the secret file
     */
    record TsigKey(String name, String algorithm, String secret) {
        /** @return the key as dnsjava signs with it */
        TSIG tsig() {
            return new TSIG(TSIG.algorithmToName(algorithm), absoluteName(name), secret);
        }

        @Override
        public String toString() {
            return "TsigKey[" + name + ", " + algorithm + "]"; // never the secret
        }
    }

    /**
     * @param settings the settings, when the plugin is configured and they are valid
     * @param configured whether the operator set any of fqdn, zone and server (otherwise the plugin stays idle)
     * @param reader the problems found
     */
    record Result(Optional<RegistrationSettings> settings, boolean configured, Settings reader) {
    }

    /**
     * Reads and checks the settings; reads the secret file too, so a missing key shows at validation.
     *
     * @param config {@code lb.plugins.dns-registration} over the plugin's reference.conf
     * @return the settings and the problems found
     */
    static Result read(Config config) {
        Settings s = Settings.of(config, PATH);
        if (REQUIRED.stream().noneMatch(s::isSet)) {
            return new Result(Optional.empty(), false, s);
        }
        Name zone = s.parsed("zone", "a DNS name such as lb.example.com", RegistrationSettings::absoluteName);
        Name fqdn = s.parsed("fqdn", "a DNS name such as web.lb.example.com", RegistrationSettings::absoluteName);
        if (zone != null && fqdn != null && !fqdn.subdomain(zone)) {
            s.problem("fqdn", s.name("fqdn") + " '" + fqdn + "' is not inside " + s.name("zone") + " '" + zone + "'");
        }
        InetSocketAddress server = s.hostPort("server", 53);
        if (server != null && server.isUnresolved()) {
            s.problem("server", s.name("server") + " must be an IP address (ip or ip:port), got '"
                    + server.getHostString() + "'");
        }
        TsigKey tsig = tsig(s.object("tsig"));
        Optional<InetAddress> address = s.optional("address", Settings::ipAddress);
        int tcpPort = s.integer("tcp-port", 1, 65535);
        boolean tls = s.bool("tls");
        boolean probeListener = s.bool("probe-listener");
        if (tls && probeListener) {
            s.problem("tls", s.name("tls") + " = true needs " + s.name("probe-listener")
                    + " = false: this plugin's own probe listener does not speak TLS; point tcp-port at a TLS service");
        }
        Duration interval = s.duration("check-interval", MIN_CHECK_INTERVAL, Duration.ofHours(1));
        int minimum = s.integer("minimum-failures", 1, 1000);
        int maximum = s.integer("maximum-failures", 1, 100_000);
        if (maximum < minimum) {
            s.problem("maximum-failures", s.name("maximum-failures") + " (" + maximum + ") must be at least "
                    + s.name("minimum-failures") + " (" + minimum + ")");
        }
        List<Cidr> region = s.list("region-cidrs", Settings::cidr);
        Optional<Duration> ttl = s.optional("ttl", (r, k) -> r.duration(k, Duration.ofSeconds(1), Duration.ofDays(1)));
        Optional<List<String>> replace = s.optional("replace-command", (r, k) -> r.list(k, Settings::string));
        replace.filter(List::isEmpty).ifPresent(c -> s.problem("replace-command",
                s.name("replace-command") + " must name a program, e.g. [\"/usr/local/bin/replace-node\"]"));
        Duration replaceTimeout = s.duration("replace-timeout", Duration.ofSeconds(1), Duration.ofDays(1));
        if (!s.ok()) {
            return new Result(Optional.empty(), true, s);
        }
        return new Result(Optional.of(new RegistrationSettings(fqdn, zone, server, tsig, address, tcpPort, tls,
                probeListener, interval, minimum, maximum, region, ttl.orElse(interval), replace, replaceTimeout)),
                true, s);
    }

    /** @return how long a probe or a DNS request may take: a quarter of the interval */
    Duration probeTimeout() {
        return checkInterval.dividedBy(4);
    }

    private static TsigKey tsig(Settings t) {
        String name = t.parsed("name", "a key name such as lb-update", text -> {
            absoluteName(text);
            return text;
        });
        String algorithm = t.oneOf("algorithm", ALGORITHMS);
        String secret = t.parsed("secret-file", "a readable file holding the key's base64 secret",
                RegistrationSettings::secret);
        return name == null || algorithm == null || secret == null ? null : new TsigKey(name, algorithm, secret);
    }

    private static String secret(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        try {
            if (text.isEmpty() || Base64.getDecoder().decode(text).length == 0) {
                throw new IllegalArgumentException(file + " is empty");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " does not hold a base64 secret (" + e.getMessage() + ")", e);
        }
        return text;
    }

    private static Name absoluteName(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a DNS name (" + e.getMessage() + ")", e);
        }
    }
}
