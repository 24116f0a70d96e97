package org.ebpflb.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rules hold for the project's classes: lb-api, lb-runtime, lb-bpf, lb-lab and every plugin
 * this module depends on (including the example third-party plugin), imported from their jars.
 */
class DependencyRulesArchTest {
    private static final ArchitectureRules RULES = ArchitectureRules.EBPF_LB;
    private static JavaClasses classes;

    @BeforeAll
    static void importModules() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ebpflb", "com.example");
    }

    @Test
    void apiDependsOnJavaConfigAndSlf4jOnly() {
        RULES.apiDependsOnJavaConfigAndSlf4jOnly().check(classes);
    }

    @Test
    void pluginsDoNotDependOnRuntimeOrBpf() {
        RULES.pluginsDoNotDependOnRuntimeOrBpf().check(classes);
    }

    @Test
    void pluginsDoNotDependOnEachOther() {
        RULES.pluginsDoNotDependOnEachOther().check(classes);
    }

    @Test
    void runtimeDoesNotDependOnPlugins() {
        RULES.runtimeDoesNotDependOnPlugins().check(classes);
    }

    @Test
    void bpfDoesNotDependOnRuntime() {
        RULES.bpfDoesNotDependOnRuntime().check(classes);
    }

    @Test
    void shippedCodeDoesNotDependOnLab() {
        RULES.shippedCodeDoesNotDependOnLab().check(classes);
    }

    @Test
    void noPackageCycles() {
        RULES.noPackageCycles().check(classes);
    }

    @Test
    void everyRuleGivesItsReason() {
        for (ArchRule rule : RULES.all()) {
            assertTrue(rule.getDescription().contains(", because "), rule.getDescription());
        }
    }
}
