package org.ebpflb.runtime.testing;

import java.nio.file.Path;

/**
 * A plugin JAR that uses every extension point, for lifecycle and CLI tests: an ADMINISTRATIVE modifier scaling
 * port 8081 by its {@code factor} setting, a target source expanding {@code demo.internal} to two addresses, an
 * admin route {@code GET /api/v1/demo/{name}}, and a status section "demo".
 */
public final class DemoPlugin {
    /** The plugin id. */
    public static final String ID = "demo";

    private static final String START = """
            context.register(new WeightModifier() {
                public String name() { return "demo"; }
                public int order() { return WeightModifier.ORDER_DRAIN; }
                public WeightFactor factor(Target t) {
                    return t.endpoint().port() == 8081
                            ? new WeightFactor(context.config().getDouble("factor"), FactorKind.ADMINISTRATIVE, "scaled")
                            : WeightFactor.neutral(FactorKind.ADMINISTRATIVE, "untouched");
                }
            });
            context.register(new TargetSource() {
                public String name() { return "demo"; }
                public boolean accepts(TargetSpec spec) {
                    return spec.host().equals(java.util.Optional.of("demo.internal"));
                }
                public java.util.List<Endpoint> expand(ServiceSpec service, TargetSpec spec) {
                    return java.util.List.of(Endpoint.parse("198.18.5.1:" + spec.port()),
                            Endpoint.parse("198.18.5.2:" + spec.port()));
                }
            });
            context.register(new AdminRoute("GET", "/api/v1/demo/{name}",
                    r -> AdminResponse.ok(java.util.Map.of("hello", r.param("name")))));
            context.register(new StatusProvider() {
                public String section() { return "demo"; }
                public Object snapshot() {
                    return new Snapshot(java.time.Instant.EPOCH, context.model().targets().size());
                }
            });
            """;

    /**
     * Declares what {@link #START} registers; the target source expands {@code host} targets, so the plugin owns that
     * key for validation.
     */
    private static final String MEMBERS = """
            public java.util.List<DeclaredModifier> declaredModifiers() {
                return java.util.List.of(new DeclaredModifier("demo", WeightModifier.ORDER_DRAIN,
                        FactorKind.ADMINISTRATIVE));
            }
            public java.util.List<String> declaredTargetSources() { return java.util.List.of("demo"); }
            public java.util.List<DeclaredRoute> declaredRoutes() {
                return java.util.List.of(new DeclaredRoute("GET", "/api/v1/demo/{name}"));
            }
            public java.util.List<String> declaredStatusSections() { return java.util.List.of("demo"); }
            public java.util.List<ConfigKeys> configKeys() {
                return java.util.List.of(new ConfigKeys() {
                    public java.util.Set<String> serviceKeys() { return java.util.Set.of(); }
                    public java.util.Set<String> targetKeys() { return java.util.Set.of("host"); }
                    public java.util.List<ConfigProblem> validate(ServiceSpec service) { return java.util.List.of(); }
                });
            }
            """;

    private static final String SNAPSHOT = """
            package test.plugin.demo;
            /** @param since a time, to check Instants serialize @param targets targets in the model */
            public record Snapshot(java.time.Instant since, int targets) { }
            """;

    private DemoPlugin() {
    }

    /**
     * @param work a scratch directory
     * @param pluginDir the plugin directory; the JAR goes to {@code <pluginDir>/demo/}
     * @return the JAR
     */
    public static Path build(Path work, Path pluginDir) {
        java.util.Map<String, String> sources = new java.util.LinkedHashMap<>(
                TestPlugins.sources(ID, TestPlugins.moduleName(ID), START, MEMBERS, "lb.plugins.demo { factor = 0.5 }"));
        sources.put("test/plugin/demo/Snapshot.java", SNAPSHOT);
        return PluginJars.module(work, pluginDir.resolve(ID).resolve("demo.jar"), "3.1", sources,
                TestPlugins.apiModulePath());
    }

    /**
     * @param pluginDir the plugin directory
     * @param adminListen the admin address, e.g. {@code 127.0.0.1:0}
     * @return a configuration with services web (two literal targets, one on port 8081) and api (a demo.internal
     *     host target)
     */
    public static String config(Path pluginDir, String adminListen) {
        return """
                lb {
                  instance = "t1"
                  plugin-dir = "%s"
                  admin { listen = "%s" }
                  dataplane { kind = recording }
                  plugins { demo { factor = 0.5 } }
                  services = [
                    { name = "web", listen { interfaces = ["lo"], port = 80, protocol = tcp }, hash = five-tuple,
                      targets = [ { ip = "198.18.1.1", port = 8080, weight = 3 },
                                  { ip = "198.18.1.2", port = 8081, weight = 1 } ] }
                    { name = "api", listen { interfaces = ["lo"], port = 81, protocol = tcp },
                      targets = [ { host = "demo.internal", port = 9000, weight = 10 } ] }
                  ]
                }
                """.formatted(pluginDir, adminListen);
    }
}
