package com.example.maintenance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A daily window of local time in a zone: open from {@code start} (inclusive) to {@code end} (exclusive). When
 * {@code end} is before {@code start} the window runs across midnight.
 *
 * @param start when it opens each day
 * @param end when it closes; differs from {@code start}
 * @param zone the zone both times are in
 */
public record MaintenanceWindow(LocalTime start, LocalTime end, ZoneId zone) {
    /** Rejects an empty window. */
    public MaintenanceWindow {
        if (start.equals(end)) {
            throw new IllegalArgumentException("window start and end are both " + start + "; they must differ");
        }
    }

    /**
     * @param now an instant
     * @return whether the window is open then
     */
    public boolean isOpen(Instant now) {
        LocalTime local = LocalTime.ofInstant(now, zone);
        boolean afterStart = !local.isBefore(start);
        boolean beforeEnd = local.isBefore(end);
        return start.isBefore(end) ? afterStart && beforeEnd : afterStart || beforeEnd;
    }

    /**
     * @param after an instant
     * @return the first instant strictly after it at which the window opens or closes
     */
    public Instant nextChangeAfter(Instant after) {
        LocalDate today = LocalDate.ofInstant(after, zone);
        // a day before and two after cover every zone offset and a window across midnight
        return Stream.iterate(today.minusDays(1), d -> d.plusDays(1)).limit(4)
                .flatMap(day -> Stream.of(start, end).map(time -> instantOf(day, time)))
                .filter(change -> change.isAfter(after))
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** A time skipped by a daylight-saving jump happens, for this window, when the jump ends. */
    private Instant instantOf(LocalDate day, LocalTime time) {
        LocalDateTime local = LocalDateTime.of(day, time);
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        return transition != null && transition.isGap() ? transition.getInstant() : local.atZone(zone).toInstant();
    }

    /** @return e.g. {@code 02:00-04:00 UTC} */
    @Override
    public String toString() {
        return start + "-" + end + " " + zone.getId();
    }
}
