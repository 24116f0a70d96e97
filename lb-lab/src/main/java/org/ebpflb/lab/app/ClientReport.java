package org.ebpflb.lab.app;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One JSON line a {@link DemoClient} prints; the {@code type} field tells which. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RequestsReport.class, name = "requests"),
    @JsonSubTypes.Type(value = StreamReport.class, name = "stream"),
    @JsonSubTypes.Type(value = UdpReport.class, name = "udp")
})
public sealed interface ClientReport permits RequestsReport, StreamReport, UdpReport {
    /** @return the ip:port the client talked to */
    String target();
}
