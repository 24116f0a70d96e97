package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;

/** Parses {@code lb.admin}. Mutating calls from the network need a token, so a non-loopback listen needs one. */
final class AdminParser {
    private final Values values;
    private final Problems problems;
    private final Path configDir;

    /**
     * @param problems receives problems
     * @param configDir the directory of the configuration file; a relative token-file is resolved against it
     */
    AdminParser(Problems problems, Path configDir) {
        this.values = new Values(problems);
        this.problems = problems;
        this.configDir = configDir;
    }

    Optional<AdminSettings> parse(ConfigObject admin) {
        int before = problems.count();
        UnknownKeys.check(admin, RuntimeKeys.ADMIN, problems);
        values.require(admin, "listen");
        Optional<Endpoint> listen = values.string(admin, "listen").flatMap(text -> endpoint(admin, text));
        Optional<Path> tokenFile = values.path(admin, "token-file").map(configDir::resolve);
        tokenFile.ifPresent(path -> checkTokenFile(admin, path));
        listen.filter(l -> !l.address().isLoopbackAddress() && !Values.has(admin, "token-file"))
                .ifPresent(l -> problems.add(admin.get("listen").origin(), "admin listen " + l
                        + " is not a loopback address, so token-file must be set (mutating calls need a token)"));
        if (problems.count() != before) {
            return Optional.empty();
        }
        Endpoint endpoint = listen.orElseThrow();
        return Optional.of(new AdminSettings(new InetSocketAddress(endpoint.address(), endpoint.port()), tokenFile));
    }

    private Optional<Endpoint> endpoint(ConfigObject admin, String text) {
        try {
            return Optional.of(Endpoint.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(admin.get("listen").origin(), "admin listen: " + e.getMessage()
                    + " (expected ADDRESS:PORT such as 127.0.0.1:9300)");
            return Optional.empty();
        }
    }

    private void checkTokenFile(ConfigObject admin, Path path) {
        TokenFileRules.problem(path).ifPresent(problem -> problems.add(admin.get("token-file").origin(),
                "token-file '" + path + "' " + problem));
    }
}
