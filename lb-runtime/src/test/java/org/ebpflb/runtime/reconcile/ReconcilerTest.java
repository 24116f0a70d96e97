package org.ebpflb.runtime.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.bpf.KernelBackendSelector;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.event.AsyncEventBus;
import org.ebpflb.runtime.maglev.MaglevTable;
import org.ebpflb.runtime.model.RuntimeState;
import org.ebpflb.runtime.pipeline.ModifierErrors;
import org.ebpflb.runtime.pipeline.ModifierRunner;
import org.ebpflb.runtime.pipeline.TargetExpander;
import org.ebpflb.runtime.pipeline.WeightPipeline;
import org.ebpflb.runtime.registry.ContributionRegistry;
import org.ebpflb.runtime.testing.RefusingDataPlane;
import org.ebpflb.runtime.testing.Specs;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final ServiceSpec WEB = Specs.service("web", 80, Specs.ip("198.18.1.1", 80, 1),
            Specs.ip("198.18.1.2", 80, 1));
    private static final ServiceSpec API = Specs.service("api", 81, Specs.ip("198.18.2.1", 80, 1));

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ContributionRegistry registry = new ContributionRegistry();
    private final AsyncEventBus events = new AsyncEventBus();
    private final List<WeightsApplied> applied = new CopyOnWriteArrayList<>();
    private final AtomicReference<Set<Endpoint>> down = new AtomicReference<>(Set.of());
    /** The next write fails when set. */
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final RefusingDataPlane dataPlane = new RefusingDataPlane(
            t -> failNext.getAndSet(false) ? Optional.of("kernel said no") : Optional.empty());
    private RuntimeState state;
    private Reconciler reconciler;

    @AfterEach
    void close() {
        if (reconciler != null) {
            reconciler.close();
        }
        events.close();
        executor.shutdownNow();
    }

    @Test
    void firstRoundAppliesEveryServiceAndPublishesWeights() throws Exception {
        start(Specs.config(WEB, API), Duration.ofMillis(10), Duration.ofMinutes(5));

        reconciler.reconcileNow();

        assertEquals(Set.of("web", "api"), dataPlane.recording().installed());
        assertEquals(2, dataPlane.recording().applyCount());
        assertEquals(Set.of("web", "api"), reconciler.traces().keySet());
        Await.until("weights applied events", () -> applied.size() == 2, LIMIT);
        WeightsApplied web = applied.stream().filter(e -> e.service().equals("web")).findFirst().orElseThrow();
        assertEquals(Map.of(Endpoint.parse("198.18.1.1:80"), 1.0, Endpoint.parse("198.18.1.2:80"), 1.0),
                web.effectiveWeights());
        assertEquals(3, state.model().targets().size(), "the model now holds the expanded targets");
        assertEquals(1, reconciler.status().rounds());
    }

    @Test
    void unchangedTablesAreNotWrittenAgain() throws Exception {
        start(Specs.config(WEB, API), Duration.ofMillis(10), Duration.ofMinutes(5));
        reconciler.reconcileNow();

        reconciler.reconcileNow();

        assertEquals(2, dataPlane.recording().applyCount());
        assertEquals(2, reconciler.status().rounds());
    }

    @Test
    void anEventTriggersARoundThatRewritesOnlyTheChangedService() throws Exception {
        start(Specs.config(WEB, API), Duration.ofMillis(10), Duration.ofMinutes(5));
        reconciler.reconcileNow();
        reconciler.start();
        Await.until("initial events", () -> applied.size() == 2, LIMIT);

        down.set(Set.of(Endpoint.parse("198.18.1.2:80")));
        events.publish(new TargetHealthChanged(Instant.now(), "web", Endpoint.parse("198.18.1.2:80"), false, "test"));

        Await.until("a third write", () -> dataPlane.recording().applyCount() == 3, LIMIT);
        Await.until("a third event", () -> applied.size() == 3, LIMIT);
        assertEquals("web", applied.get(2).service());
        assertEquals(0.0, applied.get(2).effectiveWeights().get(Endpoint.parse("198.18.1.2:80")));
        GroupTable table = dataPlane.recording().tables("web").orElseThrow().groups().get(0);
        int[] counts = MaglevTable.slotCounts(table.slots(), table.backends().size());
        assertEquals(0, counts[table.backends().indexOf(Endpoint.parse("198.18.1.2:80"))]);
    }

    @Test
    void triggersWithinTheDebounceShareOneRound() throws Exception {
        start(Specs.config(WEB), Duration.ofMillis(300), Duration.ofMinutes(5));
        reconciler.reconcileNow();
        reconciler.start();

        for (int i = 0; i < 50; i++) {
            reconciler.requestReconcile();
        }

        Await.until("the debounced round", () -> reconciler.status().rounds() == 2, LIMIT);
        Thread.sleep(400);
        assertEquals(2, reconciler.status().rounds());
    }

    @Test
    void removedServiceLeavesTheDataPlane() throws Exception {
        start(Specs.config(WEB, API), Duration.ofMillis(10), Duration.ofMinutes(5));
        reconciler.reconcileNow();
        reconciler.start();

        state.replaceConfig(Specs.config(WEB), List.of());
        reconciler.requestReconcile();

        Await.until("api removed", () -> dataPlane.recording().installed().equals(Set.of("web")), LIMIT);
        assertEquals(1, dataPlane.recording().removeCount());
        Await.until("traces follow", () -> reconciler.traces().keySet().equals(Set.of("web")), LIMIT);
    }

    @Test
    void fullRoundRepairsWhatTheDataPlaneLostAndDropsWhatIsNotConfigured() throws Exception {
        dataPlane.recording().apply(new ServiceTables("old", WEB.listen(), WEB.hash(), List.of()));
        start(Specs.config(WEB), Duration.ofMillis(10), Duration.ofMillis(100));
        reconciler.reconcileNow();
        assertEquals(Set.of("web"), dataPlane.recording().installed(), "left-over service removed at start");
        reconciler.start();

        dataPlane.recording().remove("web"); // lost behind the reconciler's back

        Await.until("web restored by the periodic full round",
                () -> dataPlane.recording().installed().equals(Set.of("web")), LIMIT);
    }

    @Test
    void failedWriteIsReportedAndRetried() throws Exception {
        start(Specs.config(WEB), Duration.ofMillis(10), Duration.ofMinutes(5));
        failNext.set(true);

        reconciler.reconcileNow();

        assertTrue(reconciler.status().lastError().orElseThrow().contains("kernel said no"));
        assertEquals(Set.of(), dataPlane.recording().installed());

        reconciler.reconcileNow();

        assertEquals(Optional.empty(), reconciler.status().lastError());
        assertEquals(Set.of("web"), dataPlane.recording().installed());
    }

    @Test
    void aRoundWithAFailedModifierIsFollowedSoonByAnotherOne() throws Exception {
        start(Specs.config(WEB), Duration.ofMillis(10), Duration.ofMinutes(5));
        down.set(Set.of(Endpoint.parse("198.18.1.2:80")));
        AtomicBoolean cold = new AtomicBoolean(true);
        registry.addModifier("slow-first", new WeightModifier() {
            @Override
            public String name() {
                return "slow-first";
            }

            @Override
            public int order() {
                return ORDER_LOAD;
            }

            @Override
            public WeightFactor factor(Target target) {
                if (cold.getAndSet(false)) {
                    try {
                        Thread.sleep(300); // past the 100 ms timeout, as a cold first call on a busy machine
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return WeightFactor.neutral(FactorKind.LOAD, "warm");
            }
        });

        reconciler.reconcileNow(); // no start(): neither events nor the full round trigger anything

        assertTrue(factorReasons().contains("error: timed out after 100 ms"), factorReasons().toString());
        Await.until("a retry round with every modifier answering", () -> reconciler.status().rounds() == 2
                && factorReasons().stream().noneMatch(r -> r.startsWith("error")), LIMIT);
        Thread.sleep(1500);
        assertEquals(2, reconciler.status().rounds(), "no further rounds once nothing fails");
    }

    private List<String> factorReasons() {
        return reconciler.traces().get("web").groups().get(0).targets().stream()
                .flatMap(t -> t.factors().stream()).map(f -> f.reason()).toList();
    }

    @Test
    void aServiceWithSniRoutesIsComputedButNeverWrittenAndLeavesTheKernel() throws Exception {
        start(Specs.config(WEB, API), Duration.ofMillis(10), Duration.ofMinutes(5));
        reconciler.reconcileNow();
        assertEquals(Set.of("web", "api"), dataPlane.recording().installed());
        ServiceSpec tls = new ServiceSpec("web", WEB.listen(), WEB.hash(), WEB.targets(), List.of(),
                List.of(new SniRouteSpec("API.example.com", List.of(Specs.ip("198.18.3.1", 443, 1)),
                        ConfigFactory.empty())), WEB.tableSize(), WEB.config());
        down.set(Set.of(Endpoint.parse("198.18.1.1:80")));

        state.replaceConfig(Specs.config(tls, API), List.of());
        reconciler.reconcileNow();

        assertEquals(Set.of("api"), dataPlane.recording().installed(), "web moved to user space");
        assertEquals(List.of("default", "sni:api.example.com"),
                reconciler.tables().get("web").groups().stream().map(GroupTable::group).toList());
        assertEquals(List.of("default", "sni:api.example.com"),
                reconciler.traces().get("web").groups().stream().map(g -> g.group()).toList());
        Await.until("a weights event for the SNI group", () -> applied.stream()
                .anyMatch(e -> e.group().equals("sni:api.example.com")), LIMIT);
        KernelBackendSelector selector = new KernelBackendSelector(reconciler::tables);
        InetAddress client = InetAddress.getByName("192.0.2.7");
        assertEquals(Optional.of(Endpoint.parse("198.18.3.1:443")),
                selector.select("web", "sni:api.example.com", client, 4000));
        for (int port = 1024; port < 1124; port++) {
            assertEquals(Optional.of(Endpoint.parse("198.18.1.2:80")), selector.select("web", "default", client, port),
                    "health applies to a user-space service's groups too");
        }
        long writes = dataPlane.recording().applyCount();
        reconciler.reconcileNow();
        assertEquals(writes, dataPlane.recording().applyCount(), "user-space tables are never written");
    }

    @Test
    void backendSelectorReadsTheWrittenTables() throws Exception {
        start(Specs.config(WEB), Duration.ofMillis(10), Duration.ofMinutes(5));
        down.set(Set.of(Endpoint.parse("198.18.1.1:80")));
        reconciler.reconcileNow();
        KernelBackendSelector selector = new KernelBackendSelector(reconciler::tables);

        for (int port = 1024; port < 1124; port++) {
            assertEquals(Optional.of(Endpoint.parse("198.18.1.2:80")),
                    selector.select("web", "default", InetAddress.getByName("192.0.2.7"), port));
        }
        assertEquals(Optional.empty(), selector.select("nope", "default", InetAddress.getByName("192.0.2.7"), 1));
    }

    private void start(LbConfig config, Duration debounce, Duration full) {
        state = new RuntimeState(config, List.of());
        registry.addModifier("health", new WeightModifier() {
            @Override
            public String name() {
                return "health";
            }

            @Override
            public int order() {
                return ORDER_HEALTH;
            }

            @Override
            public WeightFactor factor(Target target) {
                return down.get().contains(target.endpoint()) ? new WeightFactor(0, FactorKind.AVAILABILITY, "down")
                        : WeightFactor.neutral(FactorKind.AVAILABILITY, "up");
            }
        });
        WeightPipeline pipeline = new WeightPipeline(new TargetExpander(registry::sources),
                new ModifierRunner(executor, Duration.ofMillis(100), new ModifierErrors()), registry::modifiers);
        events.subscribe(WeightsApplied.class, applied::add);
        reconciler = new Reconciler(state, pipeline, dataPlane, events, Clock.systemUTC(), debounce, full);
    }
}
