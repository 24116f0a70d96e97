package org.ebpflb.api.compat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The binary shape of API types as text, one line per type and per public or protected member, so that a baseline
 * can be committed, read in review, and compared. A baseline line missing from the current shape is a change that
 * breaks plugins compiled against the baseline; a new abstract method in an interface breaks plugins that implement
 * it. Everything else a minor version may add.
 */
final class ApiSignatures {
    private ApiSignatures() {
    }

    /**
     * @param types the API types
     * @return their lines, sorted
     */
    static Set<String> of(Collection<Class<?>> types) {
        Set<String> lines = new TreeSet<>();
        for (Class<?> type : types) {
            String name = type.getName();
            lines.add(name + " " + kind(type) + supertypes(type));
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    lines.add(name + " field " + modifiers(f.getModifiers()) + f.getGenericType().getTypeName() + " "
                            + f.getName());
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers()) && !c.isSynthetic()) {
                    lines.add(name + " constructor " + modifiers(c.getModifiers()) + parameters(c));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    String flavour = type.isInterface() && !m.isDefault() && Modifier.isAbstract(m.getModifiers())
                            ? "abstract " : m.isDefault() ? "default " : "";
                    lines.add(name + " method " + flavour + modifiers(m.getModifiers() & ~Modifier.ABSTRACT)
                            + m.getGenericReturnType().getTypeName() + " " + m.getName() + parameters(m)
                            + exceptions(m));
                }
            }
        }
        return lines;
    }

    /**
     * @param baseline the committed shape
     * @param current the shape now
     * @return every incompatible change, as readable lines; empty when plugins built against the baseline still work
     */
    static List<String> breaks(Set<String> baseline, Set<String> current) {
        List<String> out = new ArrayList<>();
        Set<String> knownTypes = baseline.stream().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet());
        for (String line : baseline) {
            if (!current.contains(line)) {
                out.add("removed or changed: " + line);
            }
        }
        for (String line : current) {
            String type = line.substring(0, line.indexOf(' '));
            if (!baseline.contains(line) && knownTypes.contains(type) && line.contains(" method abstract ")) {
                out.add("new abstract method (breaks every implementation; add it as a default method): " + line);
            }
        }
        return out;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String kind(Class<?> type) {
        String kind = type.isAnnotation() ? "annotation" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
                : type.isRecord() ? "record" : "class";
        String sealed = type.isSealed() ? "sealed " : "";
        boolean isFinal = Modifier.isFinal(type.getModifiers()) && !type.isEnum() && !type.isRecord();
        return sealed + (isFinal ? "final " : "") + (Modifier.isAbstract(type.getModifiers()) && !type.isInterface()
                ? "abstract " : "") + kind;
    }

    private static String supertypes(Class<?> type) {
        Set<String> supers = new TreeSet<>();
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
                && !type.isRecord()) {
            supers.add(type.getGenericSuperclass().getTypeName());
        }
        Arrays.stream(type.getGenericInterfaces()).map(Type::getTypeName).forEach(supers::add);
        return supers.isEmpty() ? "" : " : " + String.join(", ", supers);
    }

    private static String modifiers(int modifiers) {
        String text = Modifier.toString(modifiers & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
                | Modifier.FINAL | Modifier.ABSTRACT));
        return text.isEmpty() ? "" : text + " ";
    }

    private static String parameters(Executable e) {
        return Arrays.stream(e.getGenericParameterTypes()).map(Type::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String exceptions(Method m) {
        return m.getExceptionTypes().length == 0 ? "" : " throws " + Arrays.stream(m.getExceptionTypes())
                .map(Class::getName).sorted().collect(Collectors.joining(", "));
    }
}
