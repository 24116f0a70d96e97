package com.example.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {
    private static final MaintenanceWindow TWO_TO_FOUR_UTC =
            new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(4, 0), ZoneOffset.UTC);
    private static final MaintenanceWindow ACROSS_MIDNIGHT_UTC =
            new MaintenanceWindow(LocalTime.of(22, 0), LocalTime.of(2, 0), ZoneOffset.UTC);

    @Test
    void openFromStartInclusiveToEndExclusive() {
        assertFalse(TWO_TO_FOUR_UTC.isOpen(Instant.parse("2026-06-01T01:59:59Z")));
        assertTrue(TWO_TO_FOUR_UTC.isOpen(Instant.parse("2026-06-01T02:00:00Z")));
        assertTrue(TWO_TO_FOUR_UTC.isOpen(Instant.parse("2026-06-01T03:59:59Z")));
        assertFalse(TWO_TO_FOUR_UTC.isOpen(Instant.parse("2026-06-01T04:00:00Z")));
        assertFalse(TWO_TO_FOUR_UTC.isOpen(Instant.parse("2026-06-01T12:00:00Z")));
    }

    @Test
    void windowAcrossMidnightIsOpenOnBothSides() {
        assertFalse(ACROSS_MIDNIGHT_UTC.isOpen(Instant.parse("2026-06-01T21:59:59Z")));
        assertTrue(ACROSS_MIDNIGHT_UTC.isOpen(Instant.parse("2026-06-01T22:00:00Z")));
        assertTrue(ACROSS_MIDNIGHT_UTC.isOpen(Instant.parse("2026-06-01T23:59:59Z")));
        assertTrue(ACROSS_MIDNIGHT_UTC.isOpen(Instant.parse("2026-06-02T00:00:00Z")));
        assertTrue(ACROSS_MIDNIGHT_UTC.isOpen(Instant.parse("2026-06-02T01:59:59Z")));
        assertFalse(ACROSS_MIDNIGHT_UTC.isOpen(Instant.parse("2026-06-02T02:00:00Z")));
        assertFalse(ACROSS_MIDNIGHT_UTC.isOpen(Instant.parse("2026-06-02T12:00:00Z")));
    }

    @Test
    void timesAreReadInTheWindowsZone() {
        MaintenanceWindow berlin = new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(4, 0),
                ZoneId.of("Europe/Berlin"));
        // winter: Berlin is UTC+1, so the window is 01:00-03:00 UTC
        assertFalse(berlin.isOpen(Instant.parse("2026-01-15T00:59:00Z")));
        assertTrue(berlin.isOpen(Instant.parse("2026-01-15T01:00:00Z")));
        assertFalse(berlin.isOpen(Instant.parse("2026-01-15T03:00:00Z")));
        // summer: UTC+2, so 00:00-02:00 UTC
        assertTrue(berlin.isOpen(Instant.parse("2026-07-15T00:00:00Z")));
        assertFalse(berlin.isOpen(Instant.parse("2026-07-15T02:00:00Z")));
    }

    @Test
    void nextChangeIsTheNearestBoundaryStrictlyAfter() {
        assertEquals(Instant.parse("2026-06-01T02:00:00Z"),
                TWO_TO_FOUR_UTC.nextChangeAfter(Instant.parse("2026-06-01T01:00:00Z")));
        assertEquals(Instant.parse("2026-06-01T04:00:00Z"),
                TWO_TO_FOUR_UTC.nextChangeAfter(Instant.parse("2026-06-01T02:00:00Z")));
        assertEquals(Instant.parse("2026-06-02T02:00:00Z"),
                TWO_TO_FOUR_UTC.nextChangeAfter(Instant.parse("2026-06-01T04:00:00Z")));
        assertEquals(Instant.parse("2026-06-02T02:00:00Z"),
                ACROSS_MIDNIGHT_UTC.nextChangeAfter(Instant.parse("2026-06-01T23:00:00Z")));
        assertEquals(Instant.parse("2026-06-01T22:00:00Z"),
                ACROSS_MIDNIGHT_UTC.nextChangeAfter(Instant.parse("2026-06-01T02:00:00Z")));
    }

    @Test
    void nextChangeInADaylightSavingGapMovesToTheEndOfTheGap() {
        // 2026-03-29 in Berlin: clocks jump from 02:00 CET straight to 03:00 CEST (01:00 UTC)
        MaintenanceWindow inGap = new MaintenanceWindow(LocalTime.of(2, 30), LocalTime.of(5, 0),
                ZoneId.of("Europe/Berlin"));
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"),
                inGap.nextChangeAfter(Instant.parse("2026-03-28T23:00:00Z")));
        assertTrue(inGap.isOpen(Instant.parse("2026-03-29T01:00:00Z")));
    }

    @Test
    void anEmptyWindowIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaintenanceWindow(LocalTime.of(3, 0), LocalTime.of(3, 0), ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    }

    @Test
    void describesItselfForTheTrace() {
        assertEquals("02:00-04:00 UTC",
                new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(4, 0), ZoneId.of("UTC")).toString());
    }
}
