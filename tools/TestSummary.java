import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the test summary of a build: tests per tier read from every module's target/surefire-reports, the tiers
 * that did not run (target/skipped-tiers.txt, written by lb-testing), and a last line
 * {@code N passed, N failed, N skipped}. Exits 1 when a test failed, no test ran, or the build failed.
 *
 * <p>Run as a source file: {@code java tools/TestSummary.java PROJECT_ROOT [MAVEN_EXIT_CODE]}.
 */
public final class TestSummary {
    /** Tiers by test class name suffix, checked in this order; a class matching none is a unit test. */
    private static final Map<String, String> TIER_BY_SUFFIX = new LinkedHashMap<>();

    static {
        TIER_BY_SUFFIX.put("BpfTest", "bpf");
        TIER_BY_SUFFIX.put("NetnsTest", "netns");
        TIER_BY_SUFFIX.put("ArchTest", "arch");
        TIER_BY_SUFFIX.put("DistTest", "dist");
    }

    private static final String UNIT = "unit";
    private static final String RULE = "=".repeat(64);

    private TestSummary() {
    }

    /** Counts of one tier. */
    private static final class Counts {
        int tests;
        int failed;
        int skipped;

        void add(Counts other) {
            tests += other.tests;
            failed += other.failed;
            skipped += other.skipped;
        }

        int passed() {
            return tests - failed - skipped;
        }
    }

    /**
     * @param args the project root, then optionally the build's exit code
     * @throws Exception when a report cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        int buildExitCode = args.length > 1 ? Integer.parseInt(args[1]) : 0;

        Map<String, Counts> tiers = new LinkedHashMap<>();
        tiers.put(UNIT, new Counts());
        TIER_BY_SUFFIX.values().forEach(t -> tiers.put(t, new Counts()));
        List<String> failures = new ArrayList<>();
        for (Path report : reports(root)) {
            read(report, tiers, failures);
        }
        Counts total = new Counts();
        tiers.values().forEach(total::add);

        System.out.println(RULE);
        System.out.println("TEST SUMMARY (from */target/surefire-reports)");
        System.out.println(RULE);
        System.out.printf("%-8s %7s %7s %7s %8s%n", "tier", "ran", "passed", "failed", "skipped");
        tiers.forEach((tier, c) -> System.out.printf("%-8s %7d %7d %7d %8d%n", tier, c.tests - c.skipped,
                c.passed(), c.failed, c.skipped));
        System.out.printf("%-8s %7d %7d %7d %8d%n", "total", total.tests - total.skipped, total.passed(),
                total.failed, total.skipped);
        if (!failures.isEmpty()) {
            System.out.println();
            System.out.println("FAILED TESTS");
            failures.forEach(f -> System.out.println("  " + f));
        }

        System.out.println();
        System.out.println(RULE);
        System.out.println("TIERS NOT RUN");
        System.out.println(RULE);
        Path skippedTiers = root.resolve("target/skipped-tiers.txt");
        List<String> notRun = new ArrayList<>(Files.exists(skippedTiers) ? Files.readAllLines(skippedTiers)
                : List.of());
        // a tier with no report at all was never reached, typically because an earlier module failed the build
        tiers.forEach((tier, c) -> {
            if (c.tests == 0) {
                notRun.add(tier + ": no test of this tier ran" + (buildExitCode != 0
                        ? " (the build stopped before it: see the build output above)" : ""));
            }
        });
        if (notRun.isEmpty()) {
            System.out.println("(none: every tier that has tests ran)");
        } else {
            notRun.forEach(System.out::println);
        }

        boolean ok = buildExitCode == 0 && total.failed == 0 && total.tests > 0;
        System.out.println();
        if (buildExitCode != 0) {
            System.out.println("BUILD FAILED (Maven exit code " + buildExitCode + "): see the build output above.");
        }
        if (total.tests == 0) {
            System.out.println("NO TEST RAN.");
        }
        System.out.println(total.passed() + " passed, " + total.failed + " failed, " + total.skipped + " skipped");
        System.exit(ok ? 0 : 1);
    }

    private static List<Path> reports(Path root) throws IOException {
        try (Stream<Path> paths = Files.find(root, 8, (p, attrs) -> attrs.isRegularFile()
                && p.getFileName().toString().startsWith("TEST-") && p.getFileName().toString().endsWith(".xml")
                && p.getParent().endsWith(Path.of("target", "surefire-reports")))) {
            return paths.sorted().toList();
        }
    }

    private static void read(Path report, Map<String, Counts> tiers, List<String> failures) throws Exception {
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                .getDocumentElement();
        String className = suite.getAttribute("name");
        Counts counts = tiers.get(tierOf(className));
        counts.tests += intAttribute(suite, "tests");
        counts.failed += intAttribute(suite, "failures") + intAttribute(suite, "errors");
        counts.skipped += intAttribute(suite, "skipped");
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            if (testCase.getElementsByTagName("failure").getLength() > 0
                    || testCase.getElementsByTagName("error").getLength() > 0) {
                failures.add(testCase.getAttribute("classname") + "." + testCase.getAttribute("name"));
            }
        }
    }

    private static String tierOf(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String outer = simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple;
        return TIER_BY_SUFFIX.entrySet().stream().filter(e -> outer.endsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(UNIT);
    }

    private static int intAttribute(Element element, String name) {
        String value = element.getAttribute(name);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }
}
