package org.ebpflb.runtime.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds real module JARs in tests: compiles sources with the JDK's javac against the modules the runtime itself
 * runs with, and packs classes and resources with {@link JarOutputStream}.
 */
public final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles and jars one module.
     *
     * @param work a scratch directory
     * @param jar the JAR to write
     * @param version the module version, or null for none
     * @param files relative path to content; {@code .java} files are compiled, the rest are resources
     * @param modulePath JARs or directories the sources compile against
     * @return the JAR
     */
    public static Path module(Path work, Path jar, String version, Map<String, String> files, List<Path> modulePath) {
        try {
            Path src = Files.createTempDirectory(work, "src");
            Path classes = Files.createTempDirectory(work, "classes");
            List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(), "-proc:none"));
            if (!modulePath.isEmpty()) {
                args.add("--module-path");
                args.add(String.join(java.io.File.pathSeparator, modulePath.stream().map(Path::toString).toList()));
            }
            if (version != null) {
                args.add("--module-version");
                args.add(version);
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = (f.getKey().endsWith(".java") ? src : classes).resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue());
                if (f.getKey().endsWith(".java")) {
                    args.add(target.toString());
                }
            }
            javac(args);
            return jar(classes, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param type a class of the module to copy
     * @param jar where to write the copy
     * @return a JAR of the module that holds {@code type}, as the runtime loaded it
     */
    public static Path copyOf(Class<?> type, Path jar) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return jar(location, jar);
            }
            Files.createDirectories(jar.getParent());
            return Files.copy(location, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param type a class
     * @return the JAR or directory it was loaded from
     */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void javac(List<String> args) {
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new IllegalStateException("no javac"));
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        int rc = javac.run(writer, writer, args.toArray(String[]::new));
        writer.flush();
        if (rc != 0) {
            throw new IllegalStateException("javac failed (" + rc + "):\n" + out);
        }
    }

    private static Path jar(Path root, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }
}
