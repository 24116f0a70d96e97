package org.ebpflb.runtime.view;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/reload}, given after the data plane applied the new configuration or the reload
 * was refused.
 *
 * @param reloaded whether the new configuration is now running and installed
 * @param changedServices services added, removed or changed
 * @param problems why the reload was refused, each {@code FILE:LINE: message} (or {@code FILE: message}); the
 *     previous configuration keeps running
 */
public record ReloadView(boolean reloaded, List<String> changedServices, List<String> problems) {
}
