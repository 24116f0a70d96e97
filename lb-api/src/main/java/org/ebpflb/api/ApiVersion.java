package org.ebpflb.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin API version this lb-api was built as, e.g. {@code 1.0}. */
@Stable
public final class ApiVersion {
    private ApiVersion() {
    }

    /** @return the plugin API version string */
    public static String current() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("api.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("api.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
