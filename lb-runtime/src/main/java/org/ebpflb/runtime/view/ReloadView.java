package org.ebpflb.runtime.view;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/reload}.
 *
 * @param reloaded whether the new configuration is now running
 * @param changedServices services added, removed or changed
 * @param problems why the configuration was rejected, each {@code FILE:LINE: message}
 * @param notes changes that only take effect after a restart
 */
public record ReloadView(boolean reloaded, List<String> changedServices, List<String> problems, List<String> notes) {
}
