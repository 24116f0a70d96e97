package org.ebpflb.runtime.view;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.InetAddress;
import org.ebpflb.api.model.IpAddresses;

/**
 * The one JSON mapper of the admin API and its client: ISO times, Optional support, addresses in their canonical text
 * (RFC 5952 for IPv6, where Jackson's own serializer writes {@code 2001:db8:0:0:0:0:0:10}), lenient about new fields.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .registerModule(new SimpleModule().addSerializer(InetAddress.class, new CanonicalAddress()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // an older CLI can read a newer server

    private Json() {
    }

    /** @return the shared, thread-safe mapper */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes an address as {@link IpAddresses#format} prints it. */
    private static final class CanonicalAddress extends StdSerializer<InetAddress> {
        CanonicalAddress() {
            super(InetAddress.class);
        }

        @Override
        public void serialize(InetAddress address, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(IpAddresses.format(address));
        }
    }
}
