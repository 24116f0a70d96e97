package org.ebpflb.api.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ebpflb.api.Stable;
import org.junit.jupiter.api.Test;

/**
 * The compatibility check of lb-api (see lb-api/README.md): every {@code @Stable} type, with its nested public types,
 * keeps the shape recorded in {@code stable-api.txt}. To record an intended change (a new method, a new type), run
 * this test with {@code -Dlb.api.baseline=update} and commit the baseline's diff for review; an incompatible change
 * needs a new major plugin API version.
 */
class ApiCompatibilityTest {
    private static final String BASELINE = "stable-api.txt";

    @Test
    void stableTypesKeepTheCommittedShape() throws Exception {
        Set<String> current = ApiSignatures.of(stableTypes());
        if ("update".equals(System.getProperty("lb.api.baseline"))) {
            Path file = Path.of(System.getProperty("lb.project.root"), "lb-api/src/test/resources/org/ebpflb/api/compat",
                    BASELINE);
            Files.write(file, current);
        }
        List<String> breaks = ApiSignatures.breaks(baseline(), current);
        assertEquals(List.of(), breaks, "lb-api changed incompatibly against " + BASELINE);
    }

    @Test
    void aChangedStableTypeFailsTheCheck() {
        Set<String> released = ApiSignatures.of(List.of(org.ebpflb.api.compat.v1.Greeter.class));
        Set<String> changed = ApiSignatures.of(List.of(org.ebpflb.api.compat.v2.Greeter.class)).stream()
                .map(line -> line.replace(".compat.v2.", ".compat.v1.")).collect(Collectors.toSet());

        List<String> breaks = ApiSignatures.breaks(released, changed);

        String greeter = org.ebpflb.api.compat.v1.Greeter.class.getName();
        assertEquals(List.of(
                "removed or changed: " + greeter + " method abstract public java.lang.String greet(java.lang.String)",
                "new abstract method (breaks every implementation; add it as a default method): " + greeter
                        + " method abstract public java.lang.String greet(java.lang.String, int)",
                "new abstract method (breaks every implementation; add it as a default method): " + greeter
                        + " method abstract public java.lang.String farewell()"), breaks);
    }

    @Test
    void addingADefaultMethodOrANewTypeIsCompatible() {
        Set<String> released = ApiSignatures.of(List.of(org.ebpflb.api.compat.v1.Greeter.class));
        Set<String> grown = new TreeSet<>(released);
        grown.addAll(ApiSignatures.of(List.of(org.ebpflb.api.compat.v2.Greeter.class)).stream()
                .filter(line -> line.contains(" default ")).map(line -> line.replace(".compat.v2.", ".compat.v1."))
                .toList());
        grown.addAll(ApiSignatures.of(List.of(Stable.class)));

        assertTrue(grown.size() > released.size());
        assertEquals(List.of(), ApiSignatures.breaks(released, grown));
    }

    private static Set<String> baseline() throws IOException {
        try (InputStream in = ApiCompatibilityTest.class.getResourceAsStream(BASELINE)) {
            assertNotNull(in, BASELINE + " is missing; create it with -Dlb.api.baseline=update");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Every @Stable type of lb-api's own classes (not of the tests), with the public types nested in it. */
    private static List<Class<?>> stableTypes() throws Exception {
        Path classes = Path.of(Stable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains("$") || name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name);
                if (type.isAnnotationPresent(Stable.class)) {
                    out.add(type);
                    Arrays.stream(type.getDeclaredClasses())
                            .filter(n -> java.lang.reflect.Modifier.isPublic(n.getModifiers())).forEach(out::add);
                }
            }
        }
        return out;
    }
}
