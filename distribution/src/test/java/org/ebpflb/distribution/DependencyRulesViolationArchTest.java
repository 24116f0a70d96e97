package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.ViolationHandler;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each dependency rule reports the deliberate violations in {@code org.ebpflb.archviolation} (test classes that only
 * this test imports), and nothing else: the same rules as {@link DependencyRulesArchTest}, aimed at that package.
 */
class DependencyRulesViolationArchTest {
    private static final String ROOT = "org.ebpflb.archviolation";
    private static final ArchitectureRules RULES = ArchitectureRules.under(ROOT);

    private static JavaClasses violations;

    @BeforeAll
    static void importViolations() {
        violations = new ClassFileImporter().importPackages(ROOT);
    }

    @Test
    void apiUsingTheRuntimeOrAnotherLibraryIsReported() {
        assertEquals(Set.of(
                        edge("api.ApiUsingJackson", "com.fasterxml.jackson.databind.JsonNode"),
                        edge("api.ApiUsingRuntime", ROOT + ".runtime.RuntimeService")),
                violatingDependencies(RULES.apiDependsOnJavaConfigAndSlf4jOnly(), violations));
    }

    @Test
    void pluginOrPluginLibraryUsingRuntimeOrBpfIsReported() {
        assertEquals(Set.of(
                        edge("plugin.healthcommon.ProbeLibraryUsingBpf", ROOT + ".bpf.BpfUsingRuntime"),
                        edge("plugin.alpha.AlphaPluginUsingRuntime", ROOT + ".runtime.RuntimeService")),
                violatingDependencies(RULES.pluginsDoNotDependOnRuntimeOrBpf(), violations));
    }

    @Test
    void pluginUsingAnotherPluginIsReportedButNotOneUsingAPluginLibrary() {
        assertEquals(Set.of(edge("plugin.beta.BetaPluginUsingAlpha", ROOT + ".plugin.alpha.AlphaPluginUsingRuntime")),
                violatingDependencies(RULES.pluginsDoNotDependOnEachOther(), violations));
    }

    @Test
    void runtimeUsingAPluginIsReported() {
        assertEquals(Set.of(edge("runtime.RuntimeUsingPlugin", ROOT + ".plugin.beta.BetaPluginUsingAlpha")),
                violatingDependencies(RULES.runtimeDoesNotDependOnPlugins(), violations));
    }

    @Test
    void bpfUsingTheRuntimeIsReported() {
        assertEquals(Set.of(edge("bpf.BpfUsingRuntime", ROOT + ".runtime.RuntimeService")),
                violatingDependencies(RULES.bpfDoesNotDependOnRuntime(), violations));
    }

    @Test
    void packageCycleIsReported() {
        JavaClasses cycle = new ClassFileImporter().importPackages(ROOT + ".cycle");
        assertEquals(Set.of(edge("cycle.a.A", ROOT + ".cycle.b.B"), edge("cycle.b.B", ROOT + ".cycle.a.A")),
                violatingDependencies(RULES.noPackageCycles(), cycle));
    }

    private static String edge(String origin, String target) {
        return ROOT + "." + origin + " -> " + target;
    }

    /** @return every violating dependency as "origin class -> target class" */
    private static Set<String> violatingDependencies(ArchRule rule, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);
        assertTrue(result.hasViolation(), "expected a violation of: " + rule.getDescription());
        Set<String> edges = new TreeSet<>();
        result.handleViolations(new ViolationHandler<Dependency>() {
            @Override
            public void handle(Collection<Dependency> dependencies, String message) {
                dependencies.forEach(d -> edges.add(d.getOriginClass().getName() + " -> "
                        + d.getTargetClass().getName()));
            }
        });
        return edges;
    }
}
