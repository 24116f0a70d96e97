package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;

/** Parses a service's {@code listen} object. */
final class ListenParser {
    /** Linux interface names: at most 15 bytes, no slash, colon or white space. */
    private static final String INTERFACE_NAME = "[^/:\\s]{1,15}";

    private final Values values;
    private final Problems problems;

    ListenParser(Problems problems) {
        this.values = new Values(problems);
        this.problems = problems;
    }

    /**
     * @param listen the {@code listen} object
     * @return the spec, when every key is valid
     */
    Optional<ListenSpec> parse(ConfigObject listen) {
        int before = problems.count();
        UnknownKeys.check(listen, RuntimeKeys.LISTEN, problems);
        values.require(listen, "interfaces");
        Optional<List<String>> interfaces = values.stringList(listen, "interfaces", "each interface");
        interfaces.ifPresent(names -> checkInterfaces(listen, names));
        Optional<InetAddress> address = values.string(listen, "address").flatMap(text -> literal(listen, text));
        values.require(listen, "port");
        Optional<Long> port = values.integer(listen, "port", 1, 65535);
        Optional<String> protocol = Values.has(listen, "protocol")
                ? values.choice(listen, "protocol", List.of("tcp", "udp"))
                : Optional.of(RuntimeKeys.DEFAULT_PROTOCOL);
        if (problems.count() != before) {
            return Optional.empty();
        }
        return Optional.of(new ListenSpec(interfaces.orElseThrow(), address, port.orElseThrow().intValue(),
                Protocol.valueOf(protocol.orElseThrow().toUpperCase(Locale.ROOT))));
    }

    private void checkInterfaces(ConfigObject listen, List<String> names) {
        if (names.isEmpty()) {
            problems.add(listen.get("interfaces").origin(), "interfaces must name at least one interface");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!name.matches(INTERFACE_NAME) || name.equals(".") || name.equals("..")) {
                problems.add(listen.get("interfaces").origin(), "interface name '" + name
                        + "' is not valid (1 to 15 characters, no '/', ':' or spaces)");
            } else if (!seen.add(name)) {
                problems.add(listen.get("interfaces").origin(), "interface '" + name + "' is listed twice");
            }
        }
    }

    private Optional<InetAddress> literal(ConfigObject listen, String text) {
        try {
            ConfigOrigin at = listen.get("address").origin();
            return ServiceFamily.host(IpAddresses.parseLiteral(text), "address '" + text + "'", at, problems);
        } catch (IllegalArgumentException e) {
            problems.add(listen.get("address").origin(), "address " + e.getMessage());
            return Optional.empty();
        }
    }
}
