package org.ebpflb.runtime.lifecycle;

/**
 * One request to reload the configuration file.
 *
 * @param trigger what asked, for the log: {@code SIGHUP}, {@code admin API}, {@code file watch}
 * @param allowRemoveAll whether this reload may remove every running service ({@code lb reload --allow-remove-all})
 */
public record ReloadRequest(String trigger, boolean allowRemoveAll) {
    /** SIGHUP: no flag can come with a signal. */
    public static final ReloadRequest SIGNAL = new ReloadRequest("SIGHUP", false);
    /** The file watch of {@code lb.reload.watch}. */
    static final ReloadRequest FILE_WATCH = new ReloadRequest("file watch", false);
}
