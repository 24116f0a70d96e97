package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The distribution assembled by this module's build, and a way to run its launcher as an operator would. */
final class Distribution {
    /** No command of the launcher may take longer than this in a test. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Distribution() {
    }

    /** @return the unpacked distribution, target/ebpf-lb-VERSION */
    static Path dir() {
        Path dir = Path.of(System.getProperty("lb.dist.dir", "target/missing-lb.dist.dir"));
        assertTrue(Files.isDirectory(dir), "no distribution at " + dir + "; run the build through 'package'");
        return dir;
    }

    /** @return the tarball, target/ebpf-lb-VERSION.tar.gz */
    static Path tarball() {
        Path tarball = Path.of(System.getProperty("lb.dist.tarball", "target/missing-lb.dist.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball);
        return tarball;
    }

    /**
     * Copies the distribution, keeping file modes, so a test can change it.
     *
     * @param target an empty directory
     * @return {@code target}
     */
    static Path copyTo(Path target) throws IOException {
        Path source = dir();
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    /**
     * @param file a configuration file
     * @param text its content
     * @param marker text on the line wanted
     * @return "FILE:LINE: " of the first line of {@code text} containing {@code marker}, as {@code lb validate}
     *     starts its problem lines
     */
    static String at(Path file, String text, String marker) {
        List<String> lines = text.lines().toList();
        int line = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + marker + " in the test's config")) + 1;
        return file + ":" + line + ": ";
    }

    /**
     * Runs {@code bin/lb} of an installation with the Java running this test as JAVA_HOME.
     *
     * @param home the installation directory
     * @param env environment variables to set on top of this process's
     * @param args the command line
     * @return what it printed and its exit code
     */
    static Result lb(Path home, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return lb(List.of(), home, env, args);
    }

    /**
     * Runs {@code bin/lb} of an installation through a wrapper command, such as {@code setpriv} with its options.
     *
     * @param wrapper the command and options {@code bin/lb} is appended to; empty for none
     * @param home the installation directory
     * @param env environment variables to set on top of this process's
     * @param args the command line
     * @return what it printed and its exit code
     */
    static Result lb(List<String> wrapper, Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(home.resolve("bin/lb").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("lb-out", ".txt");
        Path err = Files.createTempFile("lb-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                            "/dev/null")));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT
                        + "; stderr:\n" + Files.readString(err));
            }
            return new Result(command, process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * A finished launcher run.
     *
     * @param command what ran
     * @param exitCode its exit code
     * @param stdout its standard output
     * @param stderr its standard error
     */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** @return this, after checking the command succeeded */
        Result assertSuccess() {
            assertTrue(exitCode == 0, this::describe);
            return this;
        }

        /** @return the command, exit code and output, for assertion messages */
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                    + stderr;
        }
    }
}
