package org.ebpflb.runtime.lifecycle;

import java.nio.file.Path;

/** The install directory: {@code lb.home} as set by the launcher, else the working directory. */
public final class InstallDir {
    /** The system property the launcher sets to the unpacked tarball's root. */
    public static final String PROPERTY = "lb.home";

    private InstallDir() {
    }

    /** @return the install directory, absolute */
    public static Path home() {
        String home = System.getProperty(PROPERTY);
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath();
    }

    /**
     * @param relative a path from the install directory, e.g. {@code conf/lb.conf}
     * @return it resolved; absolute paths are returned as they are
     */
    public static Path resolve(String relative) {
        return home().resolve(relative);
    }
}
