package org.ebpflb.plugin.healthhttp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.health.Probe;
import org.ebpflb.health.ProbeType;

/** Types {@code http} and {@code https}: their keys, validation, and binding to an {@link HttpProbe}. */
final class HttpProbeType implements ProbeType {
    private static final Set<String> HTTP_KEYS = Set.of("path", "host", "expected-codes");
    private static final Set<String> HTTPS_KEYS = Set.of("path", "host", "expected-codes", "tls-verify", "ca-file");
    private static final String KEY = "health-check.";

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
        List<ConfigProblem> problems = new ArrayList<>();
        path(block, problems);
        host(block, problems);
        expectedCodes(block, problems);
        if (tls) {
            verify(block, problems);
            if (block.hasPath("ca-file")) {
                caFile(block, problems);
            }
        }
        return problems;
    }

    @Override
    public Probe bind(Config block) {
        List<ConfigProblem> problems = new ArrayList<>();
        String path = path(block, problems);
        Optional<String> host = host(block, problems);
        Set<Integer> codes = expectedCodes(block, problems);
        SSLSocketFactory factory = null;
        boolean verify = false;
        if (tls) {
            verify = verify(block, problems);
            factory = verify ? block.hasPath("ca-file") ? caFile(block, problems) : TlsContexts.systemTrust()
                    : TlsContexts.trustingAnyone();
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).toString());
        }
        return new HttpProbe(path, host, codes, factory, verify);
    }

    private static String path(Config block, List<ConfigProblem> problems) {
        try {
            String path = block.getString("path");
            if (!path.startsWith("/")) {
                problems.add(ConfigProblem.at(block.getValue("path").origin(),
                        KEY + "path must start with / (got '" + path + "')"));
            } else if (!printable(path)) {
                problems.add(ConfigProblem.at(block.getValue("path").origin(),
                        KEY + "path must not contain spaces or control characters; percent-encode them"));
            }
            return path;
        } catch (ConfigException e) {
            problems.add(problem(e, block, KEY + "path must be a string such as \"/health\""));
            return "/";
        }
    }

    private static Optional<String> host(Config block, List<ConfigProblem> problems) {
        if (!block.hasPath("host")) {
            return Optional.empty();
        }
        try {
            String host = block.getString("host");
            if (host.isEmpty() || !printable(host)) {
                problems.add(ConfigProblem.at(block.getValue("host").origin(), KEY
                        + "host must be a host name or address, with an optional :port, and no spaces"));
            }
            return Optional.of(host);
        } catch (ConfigException e) {
            problems.add(problem(e, block, KEY + "host must be a string such as \"api.example.com\""));
            return Optional.empty();
        }
    }

    private static Set<Integer> expectedCodes(Config block, List<ConfigProblem> problems) {
        String shape = KEY + "expected-codes must list HTTP status codes such as [200, 204]";
        ConfigList list;
        try {
            list = block.getList("expected-codes");
        } catch (ConfigException e) {
            problems.add(problem(e, block, shape));
            return Set.of();
        }
        if (list.isEmpty()) {
            problems.add(ConfigProblem.at(list.origin(), shape + ", not an empty list"));
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (ConfigValue value : list) {
            Object raw = value.unwrapped();
            if (value.valueType() != ConfigValueType.NUMBER || !(raw instanceof Integer code)) {
                problems.add(ConfigProblem.at(value.origin(), shape + ", got " + value.render()));
            } else if (code < 100 || code > 599) {
                problems.add(ConfigProblem.at(value.origin(),
                        KEY + "expected-codes: " + code + " is not an HTTP status code (100-599)"));
            } else {
                codes.add(code);
            }
        }
        return codes;
    }

    private static boolean verify(Config block, List<ConfigProblem> problems) {
        try {
            return block.getBoolean("tls-verify");
        } catch (ConfigException e) {
            problems.add(problem(e, block, KEY + "tls-verify must be true or false"));
            return true;
        }
    }

    private static SSLSocketFactory caFile(Config block, List<ConfigProblem> problems) {
        ConfigValue value = block.getValue("ca-file");
        if (value.valueType() != ConfigValueType.STRING) {
            problems.add(ConfigProblem.at(value.origin(), KEY + "ca-file must be the path of a PEM file"));
            return null;
        }
        Path file = TlsContexts.resolve((String) value.unwrapped(), value.origin());
        try {
            return TlsContexts.trusting(TlsContexts.readPem(file));
        } catch (IOException e) {
            problems.add(ConfigProblem.at(value.origin(), KEY + "ca-file " + file + " cannot be read: " + e));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            problems.add(ConfigProblem.at(value.origin(), KEY + "ca-file " + file + " is not a PEM certificate: "
                    + e.getMessage()));
        }
        return null;
    }

    /** Keeps the request line and headers intact: no spaces, no control characters, ASCII only. */
    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static ConfigProblem problem(ConfigException e, Config block, String message) {
        return ConfigProblem.at(e.origin() != null ? e.origin() : block.origin(), message);
    }
}
