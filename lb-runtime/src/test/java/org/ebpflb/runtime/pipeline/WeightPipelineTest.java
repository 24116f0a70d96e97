package org.ebpflb.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.TargetSource;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.runtime.maglev.MaglevTable;
import org.ebpflb.runtime.registry.ContributionRegistry;
import org.ebpflb.runtime.testing.Specs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeightPipelineTest {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ContributionRegistry registry = new ContributionRegistry();
    private final ModifierErrors errors = new ModifierErrors();
    private final WeightPipeline pipeline = new WeightPipeline(new TargetExpander(registry::sources),
            new ModifierRunner(executor, Duration.ofMillis(100), errors), registry::modifiers);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void hostWeightIsSplitEquallyOverItsAddresses() {
        registry.addSource("fake-dns", source("api.internal",
                List.of("198.18.1.1:80", "198.18.1.2:80", "198.18.1.3:80")));
        ServiceSpec service = Specs.service("web", 80, Specs.host("api.internal", 80, 90),
                Specs.ip("198.18.2.1", 80, 10));

        GroupTrace trace = pipeline.compute(service, 0).trace().groups().get(0);

        assertEquals(List.of(30.0, 30.0, 30.0, 10.0), trace.targets().stream().map(t -> t.target().baseWeight())
                .toList());
        assertEquals(List.of(30.0, 30.0, 30.0, 10.0), trace.targets().stream().map(TargetTrace::effective).toList());
        assertEquals(List.of(), trace.problems());
    }

    @Test
    void specWithoutIpThatNoSourceAcceptsIsAProblemInTheTrace() {
        ServiceSpec service = Specs.service("web", 80, Specs.host("api.internal", 80, 5),
                Specs.ip("198.18.2.1", 80, 10));

        GroupTrace trace = pipeline.compute(service, 0).trace().groups().get(0);

        assertEquals(1, trace.targets().size());
        assertEquals(1, trace.problems().size());
        assertTrue(trace.problems().get(0).contains("api.internal:80"), trace.problems().get(0));
        assertTrue(trace.problems().get(0).contains("dns plugin"), trace.problems().get(0));
    }

    @Test
    void modifiersRunInAscendingOrderThenNameAndMultiply() {
        registry.addModifier("drain", modifier("drain", WeightModifier.ORDER_DRAIN,
                t -> new WeightFactor(0.5, FactorKind.ADMINISTRATIVE, "half")));
        registry.addModifier("b", modifier("zeta", WeightModifier.ORDER_HEALTH,
                t -> new WeightFactor(0.8, FactorKind.AVAILABILITY, "z")));
        registry.addModifier("a", modifier("alpha", WeightModifier.ORDER_HEALTH,
                t -> new WeightFactor(0.5, FactorKind.LOAD, "a")));
        ServiceSpec service = Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 10),
                Specs.ip("198.18.2.2", 80, 30));

        GroupTrace trace = pipeline.compute(service, 0).trace().groups().get(0);

        assertEquals(List.of("alpha", "zeta", "drain"), trace.modifiers());
        TargetTrace first = trace.targets().get(0);
        assertEquals(List.of("alpha", "zeta", "drain"), first.factors().stream().map(FactorTrace::modifier).toList());
        assertEquals(10 * 0.5 * 0.8 * 0.5, first.effective(), 1e-9);
        assertEquals(25.0, first.sharePercent(), 1e-9);
        assertEquals(75.0, trace.targets().get(1).sharePercent(), 1e-9);
    }

    @Test
    void slotsFollowEffectiveWeightsAndMatchTheTable() {
        registry.addModifier("health", modifier("health", WeightModifier.ORDER_HEALTH,
                t -> t.endpoint().port() == 81 ? new WeightFactor(0, FactorKind.AVAILABILITY, "down")
                        : WeightFactor.neutral(FactorKind.AVAILABILITY, "up")));
        ServiceSpec service = Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 1),
                Specs.ip("198.18.2.1", 81, 1), Specs.ip("198.18.2.1", 82, 3));

        ServiceResult result = pipeline.compute(service, 0);
        GroupTrace trace = result.trace().groups().get(0);
        GroupTable table = result.tables().groups().get(0);

        int[] counts = MaglevTable.slotCounts(table.slots(), table.backends().size());
        for (TargetTrace row : trace.targets()) {
            assertEquals(counts[table.backends().indexOf(row.target().endpoint())], row.slots());
            assertEquals(row.sharePercent() / 100 * 16381, row.slots(), 1.5);
        }
        assertEquals(0, trace.targets().get(1).slots());
        assertEquals(16381, Arrays.stream(counts).sum());
        assertFalse(trace.panic().panic());
        assertEquals(80.0, trace.panic().availablePercent(), 1e-9);
    }

    @Test
    void panicIgnoresAvailabilityWhenNothingIsAvailableButAdministrativeZerosHold() {
        registry.addModifier("health", modifier("health", WeightModifier.ORDER_HEALTH,
                t -> new WeightFactor(0, FactorKind.AVAILABILITY, "down")));
        registry.addModifier("drain", modifier("drain", WeightModifier.ORDER_DRAIN,
                t -> t.endpoint().port() == 82 ? new WeightFactor(0, FactorKind.ADMINISTRATIVE, "drained")
                        : WeightFactor.neutral(FactorKind.ADMINISTRATIVE, "not drained")));
        ServiceSpec service = Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 1),
                Specs.ip("198.18.2.1", 81, 3), Specs.ip("198.18.2.1", 82, 4));

        GroupTrace trace = pipeline.compute(service, 0).trace().groups().get(0);

        assertTrue(trace.panic().panic());
        assertEquals(0.0, trace.panic().availablePercent());
        assertEquals(List.of(1.0, 3.0, 0.0), trace.targets().stream().map(TargetTrace::effective).toList());
        assertEquals(0, trace.targets().get(2).slots());
    }

    @Test
    void panicThresholdComparesTheAvailableShare() {
        registry.addModifier("health", modifier("health", WeightModifier.ORDER_HEALTH,
                t -> t.endpoint().port() == 80 ? WeightFactor.neutral(FactorKind.AVAILABILITY, "up")
                        : new WeightFactor(0, FactorKind.AVAILABILITY, "down")));
        // 40 of 100 available
        ServiceSpec service = Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 40),
                Specs.ip("198.18.2.1", 81, 60));

        GroupTrace below = pipeline.compute(service, 50).trace().groups().get(0);
        GroupTrace above = pipeline.compute(service, 30).trace().groups().get(0);

        assertTrue(below.panic().panic());
        assertEquals(List.of(40.0, 60.0), below.targets().stream().map(TargetTrace::effective).toList());
        assertFalse(above.panic().panic());
        assertEquals(List.of(40.0, 0.0), above.targets().stream().map(TargetTrace::effective).toList());
        assertEquals(40.0, above.panic().availablePercent(), 1e-9);
    }

    @Test
    void throwingModifierCountsAsOneWithAnErrorReasonAndIsCounted() {
        registry.addModifier("flaky", modifier("flaky", WeightModifier.ORDER_LOAD, t -> {
            if (t.endpoint().port() == 81) {
                throw new IllegalStateException("boom");
            }
            return new WeightFactor(0.5, FactorKind.LOAD, "busy");
        }));
        ServiceSpec service = Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 10),
                Specs.ip("198.18.2.1", 81, 10));

        GroupTrace trace = pipeline.compute(service, 0).trace().groups().get(0);

        FactorTrace failed = trace.targets().get(1).factors().get(0);
        assertTrue(failed.failed());
        assertEquals(1.0, failed.value());
        assertTrue(failed.reason().startsWith("error: ") && failed.reason().contains("boom"), failed.reason());
        assertEquals(10.0, trace.targets().get(1).effective());
        assertEquals(5.0, trace.targets().get(0).effective());
        assertEquals(Map.of("flaky", 1L), errors.counts());
    }

    @Test
    void slowModifierTimesOutAndIsNotCalledAgainWhileHung() {
        List<Target> calls = new ArrayList<>();
        registry.addModifier("slow", modifier("slow", WeightModifier.ORDER_LOAD, t -> {
            synchronized (calls) {
                calls.add(t);
            }
            try {
                Thread.sleep(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.sleep(Duration.ofSeconds(5)); // ignores cancellation, like a badly written plugin
            }
            return WeightFactor.neutral(FactorKind.LOAD, "never");
        }));
        registry.addModifier("fast", modifier("fast", WeightModifier.ORDER_HEALTH,
                t -> new WeightFactor(0.5, FactorKind.AVAILABILITY, "ok")));
        ServiceSpec service = Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 10));

        long start = System.nanoTime();
        GroupTrace first = pipeline.compute(service, 0).trace().groups().get(0);
        GroupTrace second = pipeline.compute(service, 0).trace().groups().get(0);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < 2_000, "two rounds took " + millis + " ms");
        assertEquals("error: timed out after 100 ms", first.targets().get(0).factors().get(1).reason());
        assertEquals("error: a call that timed out is still running", second.targets().get(0).factors().get(1).reason());
        assertEquals(5.0, second.targets().get(0).effective());
        synchronized (calls) {
            assertEquals(1, calls.size());
        }
        assertEquals(Map.of("slow", 2L), errors.counts());
    }

    @Test
    void aCallTheExecutorDidNotStartBeforeItsTimeoutIsAbandonedAndTheNextRoundCallsAgain() throws Exception {
        // a starved machine: the executor's only thread is busy past the timeout, so the first call never starts
        ExecutorService busy = Executors.newSingleThreadExecutor();
        try {
            busy.submit(() -> {
                Thread.sleep(300);
                return null;
            });
            WeightPipeline starved = new WeightPipeline(new TargetExpander(registry::sources),
                    new ModifierRunner(busy, Duration.ofMillis(100), errors), registry::modifiers);
            List<Target> calls = new ArrayList<>();
            registry.addModifier("health", modifier("health", WeightModifier.ORDER_HEALTH, t -> {
                synchronized (calls) {
                    calls.add(t);
                }
                return new WeightFactor(0, FactorKind.AVAILABILITY, "down");
            }));
            ServiceSpec service = Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 10),
                    Specs.ip("198.18.2.2", 80, 10));

            GroupTrace first = starved.compute(service, 0).trace().groups().get(0);
            Thread.sleep(400); // the executor is free again; the abandoned call must not run now
            GroupTrace second = starved.compute(service, 0).trace().groups().get(0);

            assertEquals("error: timed out after 100 ms", first.targets().get(0).factors().get(0).reason());
            assertEquals("down", second.targets().get(0).factors().get(0).reason());
            assertEquals(0.0, second.targets().get(0).factors().get(0).value());
            synchronized (calls) {
                assertEquals(2, calls.size(), "only the second round's call ran, once per target: " + calls);
            }
        } finally {
            busy.shutdownNow();
        }
    }

    @Test
    void modifierWhoseNameThrowsIsLeftOutWithANote() {
        registry.addModifier("broken", new WeightModifier() {
            @Override
            public String name() {
                throw new IllegalStateException("no name");
            }

            @Override
            public int order() {
                return 1;
            }

            @Override
            public WeightFactor factor(Target target) {
                return new WeightFactor(0, FactorKind.ADMINISTRATIVE, "never called");
            }
        });
        GroupTrace trace = pipeline.compute(Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 10)), 0)
                .trace().groups().get(0);

        assertEquals(List.of(), trace.modifiers());
        assertEquals(10.0, trace.targets().get(0).effective());
        assertTrue(trace.problems().get(0).contains("plugin broken"), trace.problems().toString());
    }

    @Test
    void allWeightZeroLeavesEverySlotEmpty() {
        registry.addModifier("drain", modifier("drain", WeightModifier.ORDER_DRAIN,
                t -> new WeightFactor(0, FactorKind.ADMINISTRATIVE, "drained")));
        ServiceResult result = pipeline.compute(Specs.service("web", 80, 101,
                List.of(Specs.ip("198.18.2.1", 80, 10)), List.of()), 0);

        assertTrue(Arrays.stream(result.tables().groups().get(0).slots()).allMatch(s -> s == -1));
        assertFalse(result.trace().groups().get(0).panic().panic());
        assertEquals(0.0, result.trace().groups().get(0).targets().get(0).sharePercent());
    }

    @Test
    void duplicateEndpointsAddUpInOneBackend() {
        ServiceResult result = pipeline.compute(Specs.service("web", 80, Specs.ip("198.18.2.1", 80, 1),
                Specs.ip("198.18.2.1", 80, 2), Specs.ip("198.18.2.2", 80, 1)), 0);

        GroupTable table = result.tables().groups().get(0);
        assertEquals(List.of(Endpoint.parse("198.18.2.1:80"), Endpoint.parse("198.18.2.2:80")), table.backends());
        int[] counts = MaglevTable.slotCounts(table.slots(), 2);
        assertEquals(0.75 * 16381, counts[0], 1.5);
        assertTrue(result.trace().groups().get(0).problems().get(0).contains("198.18.2.1:80"));
    }

    @Test
    void sourceRoutesBecomeTheirOwnGroups() {
        ServiceSpec service = Specs.service("web", 80, 16381, List.of(Specs.ip("198.18.2.1", 80, 1)),
                List.of(Specs.route("192.168.0.0/16", Specs.ip("198.18.3.1", 80, 1))));

        ServiceResult result = pipeline.compute(service, 0);

        assertEquals(List.of("default", "source:192.168.0.0/16"),
                result.trace().groups().stream().map(GroupTrace::group).toList());
        GroupTable route = result.tables().groups().get(1);
        assertEquals(Optional.of(service.sourceRoutes().get(0).source()), route.source());
        assertEquals(List.of(Endpoint.parse("198.18.3.1:80")), route.backends());
        assertEquals("source:192.168.0.0/16", result.trace().groups().get(1).targets().get(0).target().group());
    }

    private static TargetSource source(String host, List<String> endpoints) {
        return new TargetSource() {
            @Override
            public boolean accepts(TargetSpec spec) {
                return spec.host().equals(Optional.of(host));
            }

            @Override
            public List<Endpoint> expand(ServiceSpec service, TargetSpec spec) {
                return endpoints.stream().map(Endpoint::parse).toList();
            }
        };
    }

    /** A modifier body; it may block, for the timeout test. */
    private interface Factor {
        WeightFactor apply(Target target) throws InterruptedException;
    }

    private static WeightModifier modifier(String name, int order, Factor factor) {
        return new WeightModifier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public WeightFactor factor(Target target) {
                try {
                    return factor.apply(target);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
