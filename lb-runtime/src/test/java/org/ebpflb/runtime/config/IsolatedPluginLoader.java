package org.ebpflb.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpflb.api.spi.Plugin;

/**
 * Loads one plugin class from a directory that also holds its reference.conf, child first, the way a plugin's own
 * JAR is loaded: the class's code source is that directory, while the parent still sees lb-runtime's reference.conf.
 */
final class IsolatedPluginLoader extends URLClassLoader {
    private final String className;

    private IsolatedPluginLoader(Path dir, String className, ClassLoader parent) throws IOException {
        super(new URL[] {dir.toUri().toURL()}, parent);
        this.className = className;
    }

    /**
     * @param type the plugin class, compiled into the test classes
     * @param dir an empty directory
     * @param referenceConf a test resource copied to the directory's root as reference.conf
     * @return a new instance of the class, defined by an isolated loader
     */
    static Plugin load(Class<? extends Plugin> type, Path dir, String referenceConf) {
        try {
            Path classFile = dir.resolve(type.getName().replace('.', '/') + ".class");
            Files.createDirectories(classFile.getParent());
            copy(type.getResourceAsStream(type.getSimpleName() + ".class"), classFile);
            copy(IsolatedPluginLoader.class.getResourceAsStream(referenceConf), dir.resolve("reference.conf"));
            IsolatedPluginLoader loader = new IsolatedPluginLoader(dir, type.getName(), type.getClassLoader());
            return (Plugin) loader.loadClass(type.getName()).getConstructor().newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, Path to) throws IOException {
        try (in) {
            Files.copy(in, to);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(className)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            return loaded != null ? loaded : findClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
