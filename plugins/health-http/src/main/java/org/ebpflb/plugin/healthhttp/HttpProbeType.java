package org.ebpflb.plugin.healthhttp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.plugin.healthcommon.Probe;
import org.ebpflb.plugin.healthcommon.ProbeType;

/** Types {@code http} and {@code https}: their keys, validation, and binding to an {@link HttpProbe}. */
final class HttpProbeType implements ProbeType {
    private static final Set<String> HTTP_KEYS = Set.of("path", "host", "expected-codes");
    private static final Set<String> HTTPS_KEYS = Set.of("path", "host", "expected-codes", "tls-verify", "ca-file");

    private final boolean tls;

    /** @param tls true for https */
    HttpProbeType(boolean tls) {
        this.tls = tls;
    }

    @Override
    public String name() {
        return tls ? "https" : "http";
    }

    @Override
    public Set<String> keys() {
        return tls ? HTTPS_KEYS : HTTP_KEYS;
    }

    @Override
    public List<ConfigProblem> validate(Config block) {
        return read(block).problems();
    }

    @Override
    public Probe bind(Config block) {
        Settings s = read(block);
        if (!s.ok()) {
            throw new IllegalArgumentException(s.problems().get(0).toString());
        }
        boolean verify = tls && s.bool("tls-verify");
        SSLSocketFactory factory = !tls ? null : !verify ? TlsContexts.trustingAnyone()
                : s.optional("ca-file", HttpProbeType::caFile).orElseGet(TlsContexts::systemTrust);
        return new HttpProbe(s.string("path"), s.optional("host", Settings::string),
                new LinkedHashSet<>(s.list("expected-codes", HttpProbeType::code)), factory, verify);
    }

    /** One reader for validation and binding, so both always agree. */
    private Settings read(Config block) {
        Settings s = Settings.of(block, "health-check");
        String path = s.string("path");
        if (path != null && !path.startsWith("/")) {
            s.problem("path", s.name("path") + " must start with / (got '" + path + "')");
        } else if (path != null && !printable(path)) {
            s.problem("path", s.name("path") + " must not contain spaces or control characters; percent-encode them");
        }
        s.optional("host", Settings::string).filter(host -> host.isEmpty() || !printable(host)).ifPresent(host ->
                s.problem("host", s.name("host") + " must be a host name or address, with an optional :port, and no "
                        + "spaces"));
        int before = s.problems().size();
        if (s.list("expected-codes", HttpProbeType::code).isEmpty() && s.problems().size() == before) {
            s.problem("expected-codes", s.name("expected-codes") + " must list HTTP status codes such as [200, 204], "
                    + "not an empty list");
        }
        if (tls) {
            s.bool("tls-verify");
            s.optional("ca-file", HttpProbeType::caFile);
        }
        return s;
    }

    private static Integer code(Settings element, String key) {
        return element.integer(key, 100, 599);
    }

    /** Reads the PEM file now, so {@code lb validate} reports a missing or broken one. */
    private static SSLSocketFactory caFile(Settings s, String key) {
        ConfigOrigin origin = s.origin(key);
        return s.parsed(key, "the path of a readable PEM certificate file", text -> {
            Path file = TlsContexts.resolve(text, origin);
            try {
                return TlsContexts.trusting(TlsContexts.readPem(file));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " cannot be read: " + e);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " is not a PEM certificate: " + e.getMessage());
            }
        });
    }

    /** Keeps the request line and headers intact: no spaces, no control characters, ASCII only. */
    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
