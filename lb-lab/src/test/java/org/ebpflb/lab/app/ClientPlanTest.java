package org.ebpflb.lab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.ebpflb.api.model.Endpoint;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClientPlanTest {
    private static final Endpoint VIP = Endpoint.parse("198.18.2.1:80");

    @Test
    void argumentsParseBackIntoTheSamePlan() {
        ClientPlan plan = ClientPlan.requests(VIP, 300).withStreams(4, 20).withUdp(7);
        DemoClient parsed = new DemoClient();
        new CommandLine(parsed).parseArgs(plan.arguments().toArray(String[]::new));
        ClientPlan back = new ClientPlan(Endpoint.parse(parsed.target), parsed.requests, parsed.parallel,
                parsed.streams, parsed.streamSeconds, parsed.udp, Duration.ofSeconds(parsed.deadlineSeconds));
        assertEquals(plan, back);
    }

    @Test
    void aSteadyPlanKeepsRateAndRequestLogThroughItsArguments() {
        ClientPlan plan = ClientPlan.requests(VIP, 300).steady(50, Duration.ofSeconds(20));
        DemoClient parsed = new DemoClient();
        new CommandLine(parsed).parseArgs(plan.arguments().toArray(String[]::new));
        assertEquals(50, parsed.rate);
        assertTrue(parsed.requestLog);
        assertEquals(new ClientPlan(VIP, 300, 4, 0, 1, 0, Duration.ofSeconds(20), 50, true), plan);
        assertFalse(ClientPlan.requests(VIP, 3).arguments().contains("--rate"), "unpaced plans keep their old form");
        assertThrows(IllegalArgumentException.class,
                () -> ClientPlan.requests(VIP, 3).steady(ClientPlan.MAX_RATE + 1, Duration.ofSeconds(5)));
    }

    @Test
    void streamsGetADeadlineLongerThanThemselves() {
        ClientPlan plan = ClientPlan.requests(VIP, 10).withStreams(2, 120);
        assertTrue(plan.deadline().toSeconds() > 120, plan.toString());
    }

    @Test
    void unboundedPlansAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientPlan.requests(VIP, ClientPlan.MAX_REQUESTS + 1));
        assertThrows(IllegalArgumentException.class, () -> new ClientPlan(VIP, 1, 1, 0, 1, 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ClientPlan(VIP, 1, 1, 0, 1, 0, Duration.ofHours(2)));
        assertThrows(IllegalArgumentException.class, () -> new ClientPlan(VIP, 1, 1, 2, 30, 0, Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> new ClientPlan(VIP, 1, 0, 0, 1, 0, Duration.ofSeconds(5)));
    }

    @Test
    void theCommandLineRunsDemoClientWithThePlan() {
        List<String> cmd = DemoClient.commandLine(ClientPlan.requests(VIP, 3));
        int main = cmd.indexOf(JavaCommandTest.mainArgument(DemoClient.class));
        assertTrue(main > 0, cmd.toString());
        assertEquals(ClientPlan.requests(VIP, 3).arguments(), cmd.subList(main + 1, cmd.size()));
    }
}
