package org.ebpflb.distribution;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The dependency rules of the module layout (DESIGN.md section 1), over package patterns so that a test can aim the
 * very same rules at deliberate violations.
 *
 * @param api the plugin API, lb-api
 * @param runtime lb-runtime
 * @param bpf the data plane, lb-bpf
 * @param plugins plugins and the libraries only plugins use
 * @param pluginSlices one slice per plugin, e.g. {@code org.ebpflb.plugin.(*)..}
 * @param pluginLibraries plugin modules that other plugins build on (health-common), e.g.
 *     {@code org.ebpflb.plugin.healthcommon..}
 */
record ArchitectureRules(String api, String runtime, String bpf, List<String> plugins, String pluginSlices,
                         List<String> pluginLibraries) {
    /** The project's own packages; the example plugin counts as a plugin. */
    static final ArchitectureRules EBPF_LB = under("org.ebpflb", "com.example..");

    /**
     * @param root the root package of all modules
     * @param thirdPartyPlugins packages of plugins outside {@code root}
     * @return the rules for modules laid out under {@code root} as ebpf-lb's are
     */
    static ArchitectureRules under(String root, String... thirdPartyPlugins) {
        List<String> plugins = new java.util.ArrayList<>(List.of(root + ".plugin.."));
        plugins.addAll(List.of(thirdPartyPlugins));
        return new ArchitectureRules(root + ".api..", root + ".runtime..", root + ".bpf..", List.copyOf(plugins),
                root + ".plugin.(*)..", List.of(root + ".plugin.healthcommon.."));
    }

    /** @return every rule, for checks that apply to all of them */
    List<ArchRule> all() {
        return List.of(apiDependsOnJavaConfigAndSlf4jOnly(), pluginsDoNotDependOnRuntimeOrBpf(),
                pluginsDoNotDependOnEachOther(), runtimeDoesNotDependOnPlugins(), bpfDoesNotDependOnRuntime(),
                noPackageCycles());
    }

    ArchRule apiDependsOnJavaConfigAndSlf4jOnly() {
        return classes().that().resideInAPackage(api)
                .should().onlyDependOnClassesThat().resideInAnyPackage(api, "java..", "com.typesafe.config..",
                        "org.slf4j..")
                .because("lb-api is what third-party plugins compile against: whatever it depends on becomes their"
                        + " dependency and part of the boot layer every plugin layer sees");
    }

    ArchRule pluginsDoNotDependOnRuntimeOrBpf() {
        return noClasses().that().resideInAnyPackage(plugins.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(runtime, bpf)
                .because("a plugin is built against lb-api alone (provided scope) and loaded in its own module"
                        + " layer, so the runtime and the data plane can change without breaking plugins")
                .allowEmptyShould(true); // a tree may hold no plugin code yet; the other rules show the import works
    }

    ArchRule pluginsDoNotDependOnEachOther() {
        DescribedPredicate<JavaClass> library = JavaClass.Predicates.resideInAnyPackage(
                pluginLibraries.toArray(String[]::new));
        return slices().matching(pluginSlices)
                .should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), library)
                .because("plugins ship, load and can be disabled independently; the events in lb-api are the"
                        + " contract between them (a plugin library such as health-common is shipped inside each"
                        + " plugin that uses it)")
                .allowEmptyShould(true);
    }

    ArchRule runtimeDoesNotDependOnPlugins() {
        return noClasses().that().resideInAPackage(runtime)
                .should().dependOnClassesThat().resideInAnyPackage(plugins.toArray(String[]::new))
                .because("the runtime finds plugins through ServiceLoader and the SPI only, so any plugin can be"
                        + " removed, disabled or replaced by a third party's");
    }

    ArchRule bpfDoesNotDependOnRuntime() {
        return noClasses().that().resideInAPackage(bpf)
                .should().dependOnClassesThat().resideInAPackage(runtime)
                .because("lb-bpf implements the data-plane ports of lb-api and is driven by the runtime, never the"
                        + " other way round, so it can be tested without the runtime")
                .allowEmptyShould(true); // lb-bpf may still be a skeleton
    }

    ArchRule noPackageCycles() {
        return slices().matching("(**)")
                .should().beFreeOfCycles()
                .because("a package cycle makes packages impossible to understand, test or split into modules one"
                        + " at a time");
    }
}
