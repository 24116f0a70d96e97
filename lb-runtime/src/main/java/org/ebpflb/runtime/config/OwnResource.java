package org.ebpflb.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Optional;

/**
 * Reads a root resource such as {@code reference.conf} from the module or JAR that holds a class, never from another
 * one: every module of ebpf-lb ships a {@code reference.conf}, and a class loader would hand out the first it finds.
 */
final class OwnResource {
    private OwnResource() {
    }

    /**
     * @param owner a class of the module whose resource is wanted
     * @param name a resource name without a package, e.g. {@code reference.conf}
     * @return the resource's text, if the owner's module or JAR has it
     * @throws UncheckedIOException when it exists but cannot be read
     */
    static Optional<String> read(Class<?> owner, String name) {
        try (InputStream in = open(owner, name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + owner.getName(), e);
        }
    }

    private static InputStream open(Class<?> owner, String name) throws IOException {
        Module module = owner.getModule();
        if (module.isNamed()) {
            return module.getResourceAsStream(name);
        }
        ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
        CodeSource source = owner.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return loader.getResourceAsStream(name);
        }
        // On the class path the loader sees every JAR's copy; keep the one beside the owner's class.
        String home = source.getLocation().toString();
        for (URL url : Collections.list(loader.getResources(name))) {
            String text = url.toString();
            if (text.equals(home + name) || text.equals(home + "/" + name) || text.equals("jar:" + home + "!/" + name)) {
                return url.openStream();
            }
        }
        return null;
    }
}
