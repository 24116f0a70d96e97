package org.ebpflb.lab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandTest {
    @Test
    void capturesOutputAndExitCode() {
        CommandResult r = Command.of("sh", "-c", "echo out; echo err >&2; exit 3").run();
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void aFailedCommandNamesItselfAndQuotesItsStderr() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> Command.of("sh", "-c", "echo 'RTNETLINK answers: File exists' >&2; exit 2").check());
        assertTrue(e.getMessage().contains("exit 2"), e.getMessage());
        assertTrue(e.getMessage().contains("sh -c echo 'RTNETLINK answers: File exists' >&2; exit 2"), e.getMessage());
        assertTrue(e.getMessage().contains("stderr: RTNETLINK answers: File exists"), e.getMessage());
        assertEquals(2, e.result().exitCode());
    }

    @Test
    void aCommandThatOverrunsItsLimitIsKilledAndReported() {
        long start = System.nanoTime();
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> Command.of("sleep", "30").within(Duration.ofMillis(300)).run());
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "the command was not killed");
    }

    @Test
    void aMissingProgramIsACommandFailure() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> Command.of("/nonexistent/ebpf-lb-tool").run());
        assertTrue(e.getMessage().contains("cannot start /nonexistent/ebpf-lb-tool"), e.getMessage());
    }
}
