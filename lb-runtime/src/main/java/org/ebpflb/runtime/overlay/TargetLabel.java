package org.ebpflb.runtime.overlay;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;

/**
 * The name by which runtime changes find a target: {@code ip:port} as {@link Endpoint} prints it (so that
 * {@code 198.18.1.2:8080} finds the target however its address was written), or {@code host:port}.
 */
public final class TargetLabel {
    private TargetLabel() {
    }

    /**
     * @param target a target object as written in a configuration
     * @return its label, empty when it has no readable address or port (validation reports that)
     */
    public static Optional<String> of(ConfigValue target) {
        if (!(target instanceof ConfigObject object)) {
            return Optional.empty();
        }
        Optional<String> port = scalar(object.get("port"));
        Optional<String> ip = scalar(object.get("ip"));
        Optional<String> host = scalar(object.get("host"));
        if (port.isEmpty() || ip.isPresent() == host.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(ip.map(text -> literal(text, port.get())).orElseGet(() -> host.get() + ":" + port.get()));
    }

    private static String literal(String ip, String port) {
        try {
            return IpAddresses.withPort(IpAddresses.parseLiteral(ip), Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            return ip + ":" + port;
        }
    }

    /**
     * @param text {@code ip:port} as an operator typed it
     * @return the same label as {@link #of} gives that target; the text itself when it is no {@code ip:port}
     */
    public static String normalize(String text) {
        try {
            return Endpoint.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /**
     * @param target a target object
     * @param fallback the weight a target without one has
     * @return its weight as written, the fallback when absent or not a whole number
     */
    public static long weight(ConfigObject target, long fallback) {
        ConfigValue weight = target.get("weight");
        return weight != null && weight.unwrapped() instanceof Number n && n.doubleValue() == n.longValue()
                ? n.longValue() : fallback;
    }

    private static Optional<String> scalar(ConfigValue value) {
        if (value == null || value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
                || value.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        return Optional.of(value.unwrapped().toString());
    }
}
