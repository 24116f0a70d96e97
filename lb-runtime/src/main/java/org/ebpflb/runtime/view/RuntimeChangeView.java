package org.ebpflb.runtime.view;

import java.util.List;

/**
 * The answer to a runtime change ({@code lb target ...}, {@code lb service ...}, {@code lb runtime clear} and their
 * admin routes), given after the data plane applied it or it was refused.
 *
 * @param change what was asked, e.g. {@code target add web 198.18.1.4:8080}
 * @param applied whether it is running, installed and kept in the overlay file
 * @param changedServices services added, removed or changed
 * @param problems why it was refused, each {@code FILE:LINE: message} or {@code request ...: message}; nothing
 *     changed then
 * @param overlay the overlay file
 */
public record RuntimeChangeView(String change, boolean applied, List<String> changedServices, List<String> problems,
                                String overlay) {
}
