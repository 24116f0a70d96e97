package org.ebpflb.runtime.testing;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.spi.Plugin;

/**
 * Writes small but real plugin modules for tests: a module declaring {@code provides Plugin with ...}, a plugin
 * class with a given id and start body, and optionally a {@code reference.conf}.
 */
public final class TestPlugins {
    private TestPlugins() {
    }

    /** A start body that registers a LOAD modifier whose factor is the plugin's {@code factor} setting. */
    public static final String REGISTERS_MODIFIER = """
            context.register(new WeightModifier() {
                public String name() { return id(); }
                public int order() { return WeightModifier.ORDER_LOAD; }
                public WeightFactor factor(Target t) {
                    return new WeightFactor(context.config().getDouble("factor"), FactorKind.LOAD, "configured");
                }
            });
            """;

    /** Plugin members declaring the modifier of {@link #REGISTERS_MODIFIER}. */
    public static final String DECLARES_MODIFIER = """
            public java.util.List<DeclaredModifier> declaredModifiers() {
                return java.util.List.of(new DeclaredModifier(id(), WeightModifier.ORDER_LOAD, FactorKind.LOAD));
            }
            """;

    /**
     * @param id the plugin id
     * @param startBody statements of {@code start(PluginContext context)}
     * @param referenceConf the module's reference.conf, or null for none
     * @return module sources and resources; the plugin declares the modifier of {@link #REGISTERS_MODIFIER}
     */
    public static Map<String, String> sources(String id, String startBody, String referenceConf) {
        return sources(id, moduleName(id), startBody, referenceConf);
    }

    /**
     * @param id the plugin id
     * @param module the module name, which is also the package
     * @param startBody statements of {@code start(PluginContext context)}
     * @param referenceConf the module's reference.conf, or null for none
     * @return module sources and resources; the plugin declares the modifier of {@link #REGISTERS_MODIFIER}
     */
    public static Map<String, String> sources(String id, String module, String startBody, String referenceConf) {
        return sources(id, module, startBody, DECLARES_MODIFIER, referenceConf);
    }

    /**
     * @param id the plugin id
     * @param module the module name, which is also the package
     * @param startBody statements of {@code start(PluginContext context)}
     * @param members further members of the plugin class, e.g. {@code configKeys()} and {@code declared*()}
     * @param referenceConf the module's reference.conf, or null for none
     * @return module sources and resources
     */
    public static Map<String, String> sources(String id, String module, String startBody, String members,
                                              String referenceConf) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("module-info.java", "module " + module + " {\n requires org.ebpflb.api;\n provides "
                + Plugin.class.getName() + " with " + module + ".TestPlugin;\n}\n");
        files.put(module.replace('.', '/') + "/TestPlugin.java", """
                package %s;
                import org.ebpflb.api.model.*;
                import org.ebpflb.api.spi.*;
                public final class TestPlugin implements Plugin {
                    public String id() { return "%s"; }
                    public void start(PluginContext context) throws Exception {
                %s
                    }
                    public void stop() {
                        System.setProperty("test.stops", System.getProperty("test.stops", "") + id() + ",");
                    }
                %s
                }
                """.formatted(module, id, startBody, members));
        if (referenceConf != null) {
            files.put("reference.conf", referenceConf);
        }
        return files;
    }

    /**
     * Builds a plugin JAR.
     *
     * @param work a scratch directory
     * @param jar the JAR to write
     * @param id the plugin id
     * @param version the module version, or null
     * @param startBody statements of {@code start}
     * @param referenceConf the reference.conf, or null
     * @return the JAR
     */
    public static Path jar(Path work, Path jar, String id, String version, String startBody, String referenceConf) {
        return PluginJars.module(work, jar, version, sources(id, startBody, referenceConf), apiModulePath());
    }

    /** @return the module path plugin sources compile against: lb-api and typesafe-config */
    public static List<Path> apiModulePath() {
        return List.of(PluginJars.locationOf(Plugin.class), PluginJars.locationOf(Config.class));
    }

    /**
     * @param id a plugin id
     * @return its test module's name
     */
    public static String moduleName(String id) {
        return "test.plugin." + id.replace('-', '_');
    }
}
