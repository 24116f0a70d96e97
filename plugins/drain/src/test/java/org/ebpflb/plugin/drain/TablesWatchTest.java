package org.ebpflb.plugin.drain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.Endpoint;
import org.junit.jupiter.api.Test;

class TablesWatchTest {
    private static final Endpoint B1 = Endpoint.parse("198.18.1.11:8080");
    private static final Endpoint B2 = Endpoint.parse("198.18.1.12:8080");

    @Test
    void aDrainIsOutOnceTablesWithItsTargetAtZeroAreApplied() {
        TablesWatch watch = new TablesWatch();
        CompletableFuture<Void> out = watch.expect(new DrainBook.Key("web", B1));
        watch.applied(new WeightsApplied(Instant.EPOCH, "web", "default", Map.of(B1, 10.0, B2, 10.0), false));
        watch.applied(new WeightsApplied(Instant.EPOCH, "api", "default", Map.of(B1, 0.0), false));
        watch.applied(new WeightsApplied(Instant.EPOCH, "web", "default", Map.of(B2, 0.0), false));
        assertFalse(out.isDone(), "other weights, another service, another target");
        watch.applied(new WeightsApplied(Instant.EPOCH, "web", "default", Map.of(B1, 0.0, B2, 10.0), false));
        assertTrue(out.isDone());
    }
}
