package org.ebpflb.lab.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link DemoClient} run printed, parsed back from its JSON lines.
 *
 * @param reports every report in the order printed
 */
public record ClientOutput(List<ClientReport> reports) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the list. */
    public ClientOutput {
        reports = List.copyOf(reports);
    }

    /**
     * @param report a report
     * @return its JSON line
     */
    public static String toJsonLine(ClientReport report) {
        try {
            return JSON.writerFor(ClientReport.class).writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + report, e);
        }
    }

    /**
     * @param stdout the client's standard output: one JSON object per line
     * @return the reports
     * @throws IllegalArgumentException naming the line that is not a report
     */
    public static ClientOutput parse(String stdout) {
        List<ClientReport> reports = new ArrayList<>();
        List<String> lines = stdout.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                reports.add(JSON.readValue(line, ClientReport.class));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("client output line " + (i + 1) + " is not a report: " + line, e);
            }
        }
        return new ClientOutput(reports);
    }

    /** @return the request burst's report, if the run had one */
    public Optional<RequestsReport> requests() {
        return reports.stream().filter(RequestsReport.class::isInstance).map(RequestsReport.class::cast).findFirst();
    }

    /** @return the stream reports, by index */
    public List<StreamReport> streams() {
        return reports.stream().filter(StreamReport.class::isInstance).map(StreamReport.class::cast).toList();
    }

    /** @return the UDP burst's report, if the run had one */
    public Optional<UdpReport> udp() {
        return reports.stream().filter(UdpReport.class::isInstance).map(UdpReport.class::cast).findFirst();
    }
}
