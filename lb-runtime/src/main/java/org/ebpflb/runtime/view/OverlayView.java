package org.ebpflb.runtime.view;

import java.util.List;

/**
 * The runtime changes in force, for {@code GET /api/v1/runtime}, {@code lb runtime diff} and the status section
 * {@code runtime changes}.
 *
 * @param file the overlay file
 * @param changes one line per change, e.g. {@code service web: target 198.18.1.4:8080 added}
 * @param text the overlay file's content, empty when there is none
 * @param problems why the overlay file cannot be read, each {@code FILE:LINE: message}
 */
public record OverlayView(String file, List<String> changes, String text, List<String> problems) {
}
