package org.ebpflb.plugin.accesslog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.ebpflb.api.event.ConnectionEvent;

/** One connection event as one line of JSON; the fields are listed in the plugin's README. */
final class LogLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLine() {
    }

    /** @param e an event @return its line, without the newline */
    static String of(ConnectionEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", e.at().toString());
        o.put("event", lower(e.kind().name()));
        o.put("service", e.service());
        o.put("protocol", lower(e.protocol().name()));
        o.put("client", e.client().toString());
        o.put("service_address", e.serviceAddress().toString());
        o.put("target", e.target().toString());
        o.put("opened", e.openedAt().toString());
        o.put("duration_ms", e.duration().toMillis());
        e.closeReason().ifPresent(r -> o.put("reason", lower(r.name())));
        o.put("packets_from_client", e.packetsFromClient());
        o.put("packets_to_client", e.packetsToClient());
        o.put("bytes_from_client", e.bytesFromClient());
        o.put("bytes_to_client", e.bytesToClient());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
